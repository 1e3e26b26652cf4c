#include "dns.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <memory>

namespace urlcheck {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

namespace {

// Shared between the waiting coroutine and the resolver's completion: the
// lookup may finish long after the coroutine gave up at its deadline, and it
// must find its resolver and result slot still alive then.
struct lookup {
    explicit lookup(const asio::any_io_executor& ex) : resolver(ex), wake(ex) {}
    tcp::resolver resolver;
    asio::steady_timer wake;
    bool done = false;
    boost::system::error_code ec;
    tcp::resolver::results_type results;
};

}  // namespace

asio::awaitable<resolved> dns_resolver::resolve(std::string host, std::uint16_t port,
                                                std::chrono::steady_clock::time_point deadline) {
    auto state = std::make_shared<lookup>(executor_);
    state->wake.expires_at(deadline);
    state->resolver.async_resolve(host, std::to_string(port), tcp::resolver::numeric_service,
                                  [state](const boost::system::error_code& ec, tcp::resolver::results_type results) {
                                      state->done = true;
                                      state->ec = ec;
                                      state->results = std::move(results);
                                      state->wake.cancel();
                                  });
    co_await state->wake.async_wait(asio::as_tuple(asio::use_awaitable));

    resolved out;
    if (!state->done) {
        state->resolver.cancel();
        out.ec = asio::error::timed_out;
        co_return out;
    }
    out.ec = state->ec;
    if (!out.ec) {
        out.endpoints.reserve(state->results.size());
        for (const auto& r : state->results) out.endpoints.push_back(r.endpoint());
        if (out.endpoints.empty()) out.ec = asio::error::no_data;
    }
    co_return out;
}

}  // namespace urlcheck
