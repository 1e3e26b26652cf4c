#include "check.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/deferred.hpp>
#include <boost/asio/experimental/parallel_group.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <unordered_set>

#include "address_rollup.hpp"
#include "check_policy.hpp"
#include "connect.hpp"
#include "dns.hpp"
#include "credentials.hpp"
#include "expectations.hpp"
#include "redirect.hpp"
#include "retry.hpp"
#include "synthetic_results.hpp"
#include "verdict.hpp"
#include "use_tuple.hpp"
#include "urlcheck/duration.hpp"

namespace urlcheck {

namespace asio = boost::asio;
using clock_type = std::chrono::steady_clock;

namespace {

struct attempt_outcome {
    fetch_result last;      // the final hop's exchange
    std::string final_url;  // where the chain ended
    int redirects = 0;
    failure failed;  // the attempt's verdict; kind none means up
    bool credentials_sent = false;  // the final hop's request carried credentials
    // The run deadline came before the attempt's own --timeout would have:
    // a timeout then may be the run's, not the URL's.
    bool clamped = false;
};

// Whether `request` goes out with credentials: the URL's userinfo, or an
// Authorization, Cookie or Proxy-Authorization header from -H or the line's
// header= (spec.headers holds both).
bool carries_credentials(const fetch_request& request, const check_spec& spec) {
    if (!request.send_credentials) return false;
    if (!request.authorization.empty()) return true;
    return std::any_of(spec.headers.begin(), spec.headers.end(),
                       [](const header_field& h) { return is_credential_header(h.name); });
}

// The verdict on an answer that counts as up, by the line's expectations.
failure expected_of(const check_spec& spec, const fetch_result& last) {
    if (!spec.expect) return {};
    response_view view;
    view.headers = &last.headers;
    view.body = last.body;
    view.body_truncated = last.body_truncated;
    view.body_limit = spec.max_body_bytes;
    return check_expectations(*spec.expect, view);
}

// One attempt: the request and every redirect it leads to (with the same
// method), under one deadline. Fills `out`, which the caller owns: returned by
// value it was held twice more while the exchange waited (a local here and
// this coroutine's promise), ~1 KiB per check in flight.
asio::awaitable<void> attempt(fetch_context& ctx, const check_spec& spec, const std::string& target,
                              http_method method, bool header_only, const address_pin* pin, attempt_outcome& out) {
    const auto own_deadline = clock_type::now() + spec.timeout;
    const auto deadline = std::min(own_deadline, ctx.run_deadline);
    out = attempt_outcome{};
    out.clamped = ctx.run_deadline < own_deadline;
    out.final_url = target;
    fetch_request request{spec, target, method, true, basic_authorization(target)};
    request.header_only = header_only;
    request.pin = pin;
    // Filled at the first redirect: most checks have none, and its buckets
    // and first node would be held for the whole check.
    std::unordered_set<std::string> visited;

    for (;;) {
        out.credentials_sent = carries_credentials(request, spec);
        co_await fetch(ctx, request, deadline, out.last);
        if (out.last.failed) {
            out.failed = out.last.failed;
            co_return;
        }
        const int status = *out.last.status;
        if (!follows_redirect(status, out.last.location, spec.redirect, spec.max_redirects)) {
            out.failed = final_status_verdict(status, out.last.reason, out.last.location, spec.redirect, spec.accept);
            if (!out.failed) out.failed = expected_of(spec, out.last);
            co_return;
        }
        auto next = resolve_redirect(out.final_url, out.last.location);
        if (!next.error.empty()) {
            out.failed = {error_kind::protocol, next.error};
            co_return;
        }
        if (out.redirects >= spec.max_redirects) {
            out.failed = {error_kind::too_many_redirects,
                          fmt::format("more than {} redirects (last: {})", spec.max_redirects, next.url)};
            co_return;
        }
        if (visited.empty()) visited.insert(target);
        if (!visited.insert(next.url).second) {
            out.failed = {error_kind::too_many_redirects, fmt::format("redirect loop back to {}", next.url)};
            co_return;
        }
        ++out.redirects;
        if (ctx.trace) ctx.trace->record(trace::redirect_hop{status, out.final_url, out.last.location, next.url});
        // Once credentials leave the origin they were meant for, they stay
        // behind for the rest of the chain (curl's rule).
        request.send_credentials = request.send_credentials && next.same_origin;
        request.url = next.url;
        out.final_url = std::move(next.url);
    }
}

}  // namespace

namespace {

// How a series of attempts ended, beyond what it wrote into the result.
struct series_end {
    // The run deadline (--max-time) cut the last attempt short and no
    // earlier attempt of the series had an answer: there is no verdict.
    bool cut_short = false;
    // The failure came back on a retry with the same kind: a second look
    // after --confirm-wait would only repeat what the retry already saw.
    bool reproduced = false;
};

// Whether a retry saw the failure before it again: the same kind, and for
// statuses the same one or another 5xx (a 503 after a 502 is the same
// outage; a 429 after a 503 is another answer).
bool same_failure(const result& before, const result& now) {
    if (before.error != now.error) return false;
    if (now.error != error_kind::status) return true;
    if (before.status == now.status) return true;
    return before.status && now.status && *before.status >= 500 && *now.status >= 500;
}

// A finished attempt's outcome, kept while its retry runs: if the run
// deadline cuts the retry short, the answer already seen is the verdict.
struct kept_look {
    result r;
    verdict_signals signals;
};

// A retry's wait. A coroutine of its own so that the timer takes room only
// while it waits, not in attempts_with()'s frame for every check in flight.
asio::awaitable<void> pause_for(const asio::any_io_executor& executor, std::chrono::milliseconds delay) {
    asio::steady_timer wait(executor, delay);
    co_await wait.async_wait(use_tuple);
}

// How one series of attempts is made.
struct attempt_plan {
    http_method method = http_method::get;
    bool header_only = false;  // stop after the response header (the GET behind a HEAD)
    int retries = 0;
    // A HEAD answer that head_needs_get() ends the series at once: the GET
    // gets the retries.
    bool stop_for_get = false;
    const address_pin* pin = nullptr;  // --all-addresses: the address this look is pinned to
};

// What a series of attempts came to: the last attempt in `r` (attempts
// counted on from the result it was given), what the verdict needs beyond
// it, and how the series ended.
struct series {
    std::unique_ptr<result> r;
    verdict_signals signals;
    series_end end;
};

// --explain: how an attempt ended and what comes next. Called only with a
// sink, so that a normal run builds none of these strings.
void note_end(trace::sink& trace, const result& r, const verdict_signals& signals, std::string next) {
    trace.record(trace::attempt_ended{r.attempts, r.status, r.error, r.message, signals.attempt_ms.value_or(0),
                                      std::move(next)});
}

// The attempts made with one method: the first, then retries of transient
// failures. `so_far` is the check's result up to here: a first look, or the
// HEAD series before its GET.
asio::awaitable<series> attempts_with(fetch_context& ctx, const check_spec& spec, const std::string& target,
                                      attempt_plan plan, std::unique_ptr<result> so_far) {
    const retry_policy policy{plan.retries, spec.retry_wait, spec.max_retry_after};
    series out{std::move(so_far), {}, {}};
    result& r = *out.r;
    verdict_signals& signals = out.signals;
    series_end& end = out.end;
    // On the heap, and only once a retry happens: a coroutine frame holds
    // its locals for the whole check, 5,000 checks at once.
    std::unique_ptr<kept_look> before;
    for (int done = 1;; ++done) {
        if (done > 1) {
            if (!before) before = std::make_unique<kept_look>();
            before->r = r;
            before->signals = signals;
        }
        ++r.attempts;
        const auto attempt_started = clock_type::now();
        attempt_outcome a;
        if (ctx.trace)
            ctx.trace->record(trace::attempt_started{r.attempts, std::string(to_string(plan.method)), target});
        co_await attempt(ctx, spec, target, plan.method, plan.header_only, plan.pin, a);
        signals.attempt_ms = std::chrono::duration<double, std::milli>(clock_type::now() - attempt_started).count();
        r.final_url = a.final_url;
        r.redirects = a.redirects;
        r.status = a.last.status;
        r.error = a.failed.kind;
        r.message = a.failed.message;
        r.timings = a.last.phases;
        r.tls = a.last.tls;
        r.remote_addr = a.last.remote_addr;
        signals.challenge = std::move(a.last.challenge);
        signals.credentials_sent = a.credentials_sent;
        r.ok = r.error == error_kind::none;
        if (r.ok) {
            end.reproduced = false;  // a failure before it is no longer the answer
            if (ctx.trace) note_end(*ctx.trace, r, signals, "an answer: no retry needed");
            break;
        }
        // Only a deadline the run's shortened can be the run's: a timeout of
        // the attempt's own (or of --connect-timeout) just before the run
        // deadline, resumed late on a busy thread, is the URL's.
        if (r.error == error_kind::timeout && a.clamped && clock_type::now() >= ctx.run_deadline) {
            // The run's deadline, not the URL, ended this attempt: an answer
            // an earlier attempt got still stands, else there is none.
            if (ctx.trace) note_end(*ctx.trace, r, signals, "cut short by --max-time");
            if (!before) {
                end.cut_short = true;
                co_return out;
            }
            const int attempts = r.attempts;
            r = std::move(before->r);
            signals = std::move(before->signals);
            r.attempts = attempts;
            r.message += " (its retry was cut short by --max-time)";
            co_return out;
        }
        end.reproduced = before && !before->r.ok && same_failure(before->r, r);
        if (clock_type::now() >= ctx.run_deadline) {
            if (ctx.trace) note_end(*ctx.trace, r, signals, "not retried: the run deadline (--max-time) has passed");
            break;
        }
        std::optional<std::chrono::milliseconds> retry_after;
        if (!a.last.retry_after.empty())
            retry_after = parse_retry_after(a.last.retry_after, std::chrono::system_clock::now());
        const bool asked_to_wait = asks_to_wait(r.error, r.status, retry_after);
        if (asked_to_wait && ctx.host_holds != nullptr) {
            // The whole host is asked to wait, not only this check.
            ctx.host_holds->hold_host(
                r.final_url, host_hold_until(clock_type::now(), *retry_after, spec.max_retry_after, ctx.run_deadline));
        }
        // A HEAD answer a GET must confirm goes to the GET at once, unless the
        // server asked for a pause: then HEAD waits and tries again, like 429.
        if (plan.stop_for_get && head_needs_get(r.error, r.status) && !asked_to_wait) {
            if (ctx.trace) note_end(*ctx.trace, r, signals, "HEAD's answer is not trusted alone: a GET asks again");
            break;
        }
        auto delay = next_retry_delay(policy, done, r.error, r.status, retry_after);
        if (!delay) {
            if (retry_after && r.error == error_kind::status && *retry_after > spec.max_retry_after &&
                done <= plan.retries)
                r.message += fmt::format(" (Retry-After {} too long to wait)", format_duration(*retry_after));
            if (ctx.trace)
                note_end(*ctx.trace, r, signals,
                         done > plan.retries ? fmt::format("no retries left (--retries {})", plan.retries)
                                             : std::string("not retried: this failure is not transient"));
            break;
        }
        if (clock_type::now() + *delay >= ctx.run_deadline) {
            r.message += " (no time left to retry before the run deadline)";
            if (ctx.trace) note_end(*ctx.trace, r, signals, "not retried: no time left before the run deadline");
            break;
        }
        if (ctx.trace)
            note_end(
                *ctx.trace, r, signals,
                fmt::format("retry {} of {} in {}: {}", done, plan.retries, format_duration(*delay),
                            asked_to_wait ? "the server asked to wait (Retry-After)" : "the failure may be transient"));
        co_await pause_for(ctx.executor, *delay);
    }
    co_return out;
}

// Counts a HEAD's fate against its origin, and says once (-v) when the
// origin goes GET only.
void note_head(fetch_context& ctx, const std::string& origin, bool refused, error_kind head_kind,
               std::optional<int> head_status) {
    if (!ctx.heads.note(origin, refused) || !ctx.on_detail) return;
    const std::string how = head_status ? fmt::format("status {}", *head_status)
                                        : std::string(head_kind == error_kind::protocol ? "a dropped connection"
                                                                                         : to_string(head_kind));
    ctx.on_detail(fmt::format("{} refused HEAD {} times in a row (last: {}): its other checks use GET", origin,
                              head_refusals::threshold, how));
}

}  // namespace

namespace {

// One look at `target` (on one address when `pin` says which): the check as
// it is without --all-addresses.
asio::awaitable<std::unique_ptr<result>> look_at(fetch_context& ctx, std::shared_ptr<const check_spec> spec,
                                                 std::string target, check_pass pass, const address_pin* pin) {
    const auto started = clock_type::now();
    const int retries = pass.confirmation ? 0 : spec->retries;
    if (ctx.trace) ctx.trace->record(trace::look_started{target, pass.confirmation, pass.attempts_before});
    auto first_look = std::make_unique<result>();
    first_look->attempts = pass.attempts_before;

    // --method auto: HEAD first, a GET that reads only the header when HEAD's
    // answer is not to be trusted. The GET's answer is the verdict.
    const bool automatic = spec->method == http_method::automatic;
    const std::string origin = automatic ? origin_of(target) : std::string();
    http_method method = spec->method == http_method::head ? http_method::head : http_method::get;
    const bool get_only = automatic && ctx.heads.get_only(origin);
    if (automatic && !pass.straight_to_get && !get_only) method = http_method::head;
    // A HEAD response is complete after its header, so its connection goes
    // back to the pool; the GET behind a HEAD stops after the header and
    // closes. An origin that refuses HEAD gets the GET of --method GET: its
    // body is read (within --body-limit) so the connection can be reused,
    // else every one of its checks would cost a new connection.
    const bool head = method == http_method::head;
    series look = co_await attempts_with(ctx, *spec, target,
                                         {.method = method,
                                          .header_only = automatic && !head && !get_only,
                                          .retries = retries,
                                          .stop_for_get = automatic && head,
                                          .pin = pin},
                                         std::move(first_look));
    if (!look.end.cut_short && automatic && head) {
        if (head_needs_get(look.r->error, look.r->status)) {
            const error_kind head_kind = look.r->error;
            const std::optional<int> head_status = look.r->status;
            method = http_method::get;
            // HEAD's answer is no verdict without its GET.
            if (clock_type::now() >= ctx.run_deadline)
                look.end.cut_short = true;
            else
                look = co_await attempts_with(ctx, *spec, target,
                                              {.method = method, .header_only = true, .retries = retries, .pin = pin},
                                              std::move(look.r));
            if (!look.end.cut_short)
                note_head(ctx, origin, head_was_refused(head_kind, head_status, look.r->error, look.r->status),
                          head_kind, head_status);
        } else if (look.r->status) {
            note_head(ctx, origin, false, look.r->error, look.r->status);
        }
    }

    std::unique_ptr<result> owned = std::move(look.r);
    result& r = *owned;
    const double elapsed_ms = std::chrono::duration<double, std::milli>(clock_type::now() - started).count();
    r.time_ms = elapsed_ms;
    r.method = method == http_method::head ? "HEAD" : "GET";
    // No answer yet is no verdict on the URL: a run that runs out of time
    // must not report outages that did not happen.
    if (look.end.cut_short) {
        r = cut_short_result(std::move(r), elapsed_ms);
        co_return owned;
    }
    assign_verdict(r, look.signals, spec->verdict);
    // "Confirmed" belongs to confirm before fail: with --no-confirm nobody
    // asked whether the failure holds.
    const bool failing = r.state == verdict::down || r.state == verdict::unverifiable;
    if (failing && (pass.confirmation || (look.end.reproduced && spec->confirm))) r.confirmed = true;
    say_tries(r);
    // --slow judged this look alone; the result counts both.
    r.time_ms += pass.time_before_ms;
    co_return owned;
}

asio::awaitable<void> look_at_address(fetch_context& ctx, std::shared_ptr<const check_spec> spec, std::string target,
                                      check_pass pass, const address_pin& pin, std::unique_ptr<result>& into) {
    into = co_await look_at(ctx, std::move(spec), std::move(target), pass, &pin);
}

address_result address_result_of(const address_pin& pin, const result& r) {
    return {endpoint_text(pin.endpoint), r.state, r.ok, r.status, r.error, r.message, r.reasons, r.time_ms};
}

// --all-addresses: the name's addresses, each looked at on its own at once
// (inside this one check: the engine's slot, per-host limit and dedup see
// one job), then rolled up (address_rollup.hpp) into one result.
asio::awaitable<std::unique_ptr<result>> look_at_every_address(fetch_context& ctx,
                                                               std::shared_ptr<const check_spec> spec,
                                                               std::string target, check_pass pass) {
    const auto started = clock_type::now();
    const auto named = named_host_of(target, ctx.proxies);
    if (!named) co_return co_await look_at(ctx, std::move(spec), std::move(target), pass, nullptr);
    // Bounded like open_connection's own lookup, which this answer (cached
    // for the run) then spares.
    const auto lookup_deadline = std::min(clock_type::now() + spec->connect_timeout, ctx.run_deadline);
    resolved answer = co_await ctx.dns.resolve(named->host, named->port, lookup_deadline);
    // A failed lookup is the entry's one failure: the plain check says it
    // in its own words.
    if (answer.ec || answer.endpoints.empty())
        co_return co_await look_at(ctx, std::move(spec), std::move(target), pass, nullptr);

    std::vector<address_pin> pins;
    pins.reserve(answer.endpoints.size());
    for (const auto& endpoint : answer.endpoints) pins.push_back({named->host, named->port, endpoint});
    std::vector<std::unique_ptr<result>> looks(pins.size());
    using look_op = decltype(asio::co_spawn(ctx.executor, std::declval<asio::awaitable<void>>(), asio::deferred));
    std::vector<look_op> ops;
    ops.reserve(pins.size());
    for (std::size_t i = 0; i < pins.size(); ++i)
        ops.push_back(asio::co_spawn(ctx.executor, look_at_address(ctx, spec, target, pass, pins[i], looks[i]),
                                     asio::deferred));
    // Every look is bounded by its own deadlines, so waiting for all is too.
    auto [order, exceptions] = co_await asio::experimental::make_parallel_group(std::move(ops))
                                   .async_wait(asio::experimental::wait_for_all(), asio::use_awaitable);
    (void)order;
    for (const auto& e : exceptions)
        if (e) std::rethrow_exception(e);  // the engine's handler makes it the entry's internal error

    std::vector<address_result> addresses;
    addresses.reserve(looks.size());
    for (std::size_t i = 0; i < looks.size(); ++i) addresses.push_back(address_result_of(pins[i], *looks[i]));
    address_rollup rolled = roll_up(addresses, spec->all_addresses);
    std::unique_ptr<result> owned = std::move(looks[rolled.representative]);
    result& r = *owned;
    r.state = rolled.state;
    r.ok = rolled.ok;
    r.error = rolled.error;
    r.message = std::move(rolled.message);
    r.reasons = std::move(rolled.reasons);
    r.confirmed = r.confirmed && (r.state == verdict::down || r.state == verdict::unverifiable);
    r.time_ms = std::chrono::duration<double, std::milli>(clock_type::now() - started).count() + pass.time_before_ms;
    r.addresses = std::move(addresses);
    co_return owned;
}

}  // namespace

asio::awaitable<std::unique_ptr<result>> check_target(fetch_context& ctx, std::shared_ptr<const check_spec> spec,
                                                      std::string target, check_pass pass) {
    if (spec->all_addresses != all_addresses_mode::off)
        return look_at_every_address(ctx, std::move(spec), std::move(target), pass);
    return look_at(ctx, std::move(spec), std::move(target), pass, nullptr);
}

}  // namespace urlcheck
