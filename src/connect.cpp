#include "connect.hpp"

#include "classify.hpp"
#include "use_tuple.hpp"

#include <boost/asio/steady_timer.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <memory>
#include <optional>

namespace urlcheck {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using clock_type = std::chrono::steady_clock;
using boost::system::error_code;

namespace {

// The state the racing attempts and the waiting coroutine share. Each
// attempt's handler holds it too, so it outlives a coroutine that is
// destroyed mid-race.
struct race {
    explicit race(const asio::any_io_executor& ex) : wake(ex) {}

    struct attempt {
        explicit attempt(const asio::any_io_executor& ex, tcp::endpoint ep) : socket(ex), endpoint(ep) {}
        tcp::socket socket;
        tcp::endpoint endpoint;
        clock_type::time_point started{};
        bool in_flight = true;  // started, neither finished nor given up
    };

    // unique_ptr: a socket must stay put while its connect is outstanding.
    std::vector<std::unique_ptr<attempt>> attempts;
    asio::steady_timer wake;  // the coroutine sleeps here; attempts cancel it to report
    std::size_t in_flight = 0;
    std::optional<std::size_t> winner;
    bool failed_since_last_start = false;  // an attempt failed: the next one is due now
    error_code last_error;
    tcp::endpoint last_failed;
    error_code out_of_descriptors;  // EMFILE/ENFILE met by an attempt
    trace::sink* trace = nullptr;   // --explain: how each attempt ended

    // Call only with a trace: a normal run builds no outcome text.
    void note(const attempt& a, bool won, std::string outcome) const {
        trace->record(trace::connect_try{
            endpoint_text(a.endpoint), std::chrono::duration<double, std::milli>(clock_type::now() - a.started).count(),
            won, std::move(outcome)});
    }

    // The attempt started first among those still in flight.
    std::optional<std::size_t> oldest_in_flight() const {
        for (std::size_t i = 0; i < attempts.size(); ++i)
            if (attempts[i]->in_flight) return i;
        return std::nullopt;
    }

    void give_up(std::size_t index, const char* why) {
        auto& a = *attempts[index];
        if (trace) note(a, false, why);
        a.in_flight = false;
        --in_flight;
        error_code ignored;
        a.socket.close(ignored);  // its connect ends with operation_aborted, and its descriptor is free now
    }

    void close_all_but(std::optional<std::size_t> keep) {
        for (std::size_t i = 0; i < attempts.size(); ++i) {
            if (keep && *keep == i) continue;
            if (attempts[i]->in_flight) {
                give_up(i, keep ? "closed: another address answered first" : "no answer before the deadline");
                continue;
            }
            error_code ignored;
            attempts[i]->socket.close(ignored);
        }
    }
};

void launch(const std::shared_ptr<race>& r, const asio::any_io_executor& executor, const tcp::endpoint& endpoint) {
    const std::size_t index = r->attempts.size();
    r->attempts.push_back(std::make_unique<race::attempt>(executor, endpoint));
    r->attempts[index]->started = clock_type::now();
    ++r->in_flight;
    r->attempts[index]->socket.async_connect(endpoint, [r, index](const error_code& ec) {
        auto& a = *r->attempts[index];
        if (!a.in_flight) return;  // given up (lost the race, or stale): nothing to report
        a.in_flight = false;
        --r->in_flight;
        if (r->winner) {
            if (r->trace) r->note(a, false, "closed: another address answered first");
            error_code ignored;
            a.socket.close(ignored);  // connected just after another attempt won
            return;
        }
        if (r->trace && ec != asio::error::operation_aborted) r->note(a, !ec, ec ? ec.message() : "connected");
        if (!ec) {
            r->winner = index;
        } else if (is_out_of_descriptors(ec)) {
            // Not the address's fault, and every further attempt would
            // meet it too: none starts, those in flight may still win.
            r->out_of_descriptors = ec;
        } else if (ec != asio::error::operation_aborted) {
            r->last_error = ec;
            r->last_failed = a.endpoint;
            r->failed_since_last_start = true;
        }
        r->wake.cancel();
    });
}

}  // namespace

std::string endpoint_text(const tcp::endpoint& endpoint) {
    return endpoint.address().is_v6() ? fmt::format("[{}]:{}", endpoint.address().to_string(), endpoint.port())
                                      : fmt::format("{}:{}", endpoint.address().to_string(), endpoint.port());
}

std::vector<tcp::endpoint> happy_eyeballs_order(std::vector<tcp::endpoint> endpoints, address_family family) {
    std::vector<tcp::endpoint> v6;
    std::vector<tcp::endpoint> v4;
    bool v6_first = false;
    for (const auto& ep : endpoints) {
        const bool is_v6 = ep.address().is_v6();
        if ((family == address_family::v4 && is_v6) || (family == address_family::v6 && !is_v6)) continue;
        auto& list = is_v6 ? v6 : v4;
        if (std::find(list.begin(), list.end(), ep) != list.end()) continue;
        if (v6.empty() && v4.empty()) v6_first = is_v6;
        list.push_back(ep);
    }
    const auto& first = v6_first ? v6 : v4;
    const auto& second = v6_first ? v4 : v6;
    std::vector<tcp::endpoint> ordered;
    ordered.reserve(first.size() + second.size());
    for (std::size_t i = 0; i < std::max(first.size(), second.size()); ++i) {
        if (i < first.size()) ordered.push_back(first[i]);
        if (i < second.size()) ordered.push_back(second[i]);
    }
    return ordered;
}

asio::awaitable<connect_result> connect_happy_eyeballs(asio::any_io_executor executor,
                                                       std::vector<tcp::endpoint> endpoints,
                                                       clock_type::time_point deadline, address_family family,
                                                       std::chrono::milliseconds attempt_delay, trace::sink* trace) {
    connect_result out(executor);
    if (endpoints.empty()) {
        out.ec = asio::error::invalid_argument;
        co_return out;
    }
    const auto order = happy_eyeballs_order(std::move(endpoints), family);
    if (order.empty()) {
        out.ec = asio::error::address_family_not_supported;
        co_return out;
    }

    auto r = std::make_shared<race>(executor);
    r->trace = trace;
    // Descriptors are what a large run runs out of: two attempts at a time
    // (RFC 8305 keeps every one open until one wins). One that has had four
    // attempt delays (1 s by default, when Linux first resends an unanswered
    // SYN) without an answer makes way for the next address.
    constexpr std::size_t max_in_flight = 2;
    const auto stale_after = 4 * attempt_delay;
    std::size_t next = 0;
    auto next_due = clock_type::now();
    for (;;) {
        if (r->winner) break;
        const auto now = clock_type::now();
        if (now >= deadline) break;
        const bool more = next < order.size() && !r->out_of_descriptors;
        if (more && (r->in_flight == 0 || r->failed_since_last_start || now >= next_due)) {
            const auto oldest = r->oldest_in_flight();
            const bool room = r->in_flight < max_in_flight;
            if (room || r->attempts[*oldest]->started + stale_after <= now) {
                if (!room) r->give_up(*oldest, "no answer yet: the next address is tried");
                r->failed_since_last_start = false;
                launch(r, executor, order[next++]);
                ++out.attempts;
                next_due = clock_type::now() + attempt_delay;
                continue;
            }
        }
        if (r->in_flight == 0) break;  // every endpoint tried, every attempt failed
        auto wake_at = deadline;
        if (more) {
            wake_at = std::min(wake_at, next_due);
            if (r->in_flight >= max_in_flight) {
                const auto stale_at = r->attempts[*r->oldest_in_flight()]->started + stale_after;
                wake_at = std::max(wake_at, std::min(deadline, stale_at));
            }
        }
        r->wake.expires_at(wake_at);
        // Woken by the timer (the next attempt is due, or the deadline) or by
        // an attempt's handler cancelling it; the loop re-reads the state
        // either way, so a cancel that raced the expiry loses nothing.
        co_await r->wake.async_wait(use_tuple);
    }

    if (r->winner) {
        r->close_all_but(r->winner);
        auto& won = *r->attempts[*r->winner];
        out.socket = std::move(won.socket);
        out.endpoint = won.endpoint;
        co_return out;
    }
    const bool unfinished = r->in_flight > 0 || next < order.size();
    r->close_all_but(std::nullopt);
    if (r->out_of_descriptors) {
        // Some address was never tried for want of a descriptor: that, not
        // what the others did, is the outcome.
        out.ec = r->out_of_descriptors;
        out.endpoint = r->attempts.empty() ? order.front() : r->attempts.back()->endpoint;
    } else if (unfinished) {
        out.ec = asio::error::timed_out;
        out.endpoint = r->attempts.empty() ? order.front() : r->attempts.back()->endpoint;
    } else {
        out.ec = r->last_error;
        out.endpoint = r->last_failed;
    }
    co_return out;
}

}  // namespace urlcheck
