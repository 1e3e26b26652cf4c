#include "fetch.hpp"

#include <boost/beast/http/write.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>
#include <fmt/format.h>

#include <algorithm>

#include "check_spec.hpp"
#include "connect.hpp"
#include "connection_pool.hpp"
#include "dns.hpp"
#include "http_connection.hpp"
#include "http_request.hpp"
#include "open_connection.hpp"
#include "read_response.hpp"
#include "use_tuple.hpp"

namespace urlcheck {

namespace asio = boost::asio;
namespace http = boost::beast::http;
namespace urls = boost::urls;
using clock_type = std::chrono::steady_clock;

namespace {

// --explain: the request as it goes out (redacted only when shown).
template <class Request>
void note_request(trace::sink& trace, const Request& req) {
    trace::request_sent sent{std::string(req.method_string()), std::string(req.target()), {}};
    for (const auto& field : req.base())
        sent.headers.push_back({std::string(field.name_string()), std::string(field.value())});
    trace.record(std::move(sent));
}

// Sends the request and reads the response over an established (and, for
// https, handshaken) stream, `conn`'s. Fills `out`; never throws.
template <class Stream>
asio::awaitable<exchange_state> exchange(http_connection& conn, Stream& stream, const fetch_request& request,
                                         const urls::url_view& url, fetch_result& out, trace::sink* trace,
                                         const proxy_endpoint* proxy) {
    const check_spec& spec = request.spec;
    exchange_state state;
    boost::system::error_code write_ec;
    {
        // The request lives only until it is written: its header fields are
        // heap blocks that would otherwise stay while the answer is awaited.
        auto req = build_request(request, url, proxy);
        if (trace) note_request(*trace, req);
        auto [ec, written] = co_await http::async_write(stream, req, use_tuple);
        (void)written;
        write_ec = ec;
    }
    if (write_ec) {
        out.failed = classify(phase::send_request, write_ec, spec.timeout);
        if (conn.secure) describe_client_side_failure(conn.secure->native_handle(), conn.report, {}, out.failed);
        co_return state;
    }
    const auto sent_at = clock_type::now();
    response_wants wants;
    wants.timeout = spec.timeout;
    wants.max_header_bytes = spec.max_header_bytes;
    wants.max_body_bytes = spec.max_body_bytes;
    wants.body = spec.keep_body;
    wants.headers = spec.keep_headers || trace != nullptr;
    wants.header_only = request.header_only;
    state = co_await read_response(stream, wants, request.method, out);
    // A TLS 1.3 server refuses a client certificate (or its absence) only
    // after the client's handshake is done: its alert ends the first read.
    if (conn.secure) describe_client_side_failure(conn.secure->native_handle(), conn.report, {}, out.failed);
    // A plain request through a proxy: a 407 is the proxy's, never the
    // site's. Any other status may be either (tinyproxy's "500 Unable to
    // connect" for a site it cannot reach): it stays the site's, as in curl.
    if (proxy && !out.failed && out.status == 407)
        out.failed = classify_connect_answer(407, out.reason, !proxy->authorization.empty(), *proxy, {});
    if (out.status) out.phases.ttfb_ms = std::chrono::duration<double, std::milli>(state.header_at - sent_at).count();
    if (out.status && trace) trace->record(trace::response_head{*out.status, out.reason, out.headers});
    conn.reusable = state.reusable && !out.failed;
    // A header-only exchange ends the connection on purpose, after a whole
    // header: its TLS session is as good as after a complete response.
    conn.clean = (state.complete || request.header_only) && !out.failed;
    co_return state;
}

// Not a coroutine itself: its frame would be held for the whole exchange,
// in a block asio recycles from the connect's (~600 bytes per check in
// flight). exchange() sets the connection's state at its end.
asio::awaitable<exchange_state> exchange_on(http_connection& conn, const fetch_request& request,
                                            const urls::url_view& url, clock_type::time_point deadline,
                                            fetch_result& out, trace::sink* trace, const target_parts& target) {
    conn.reusable = false;
    conn.clean = false;
    conn.lowest().expires_at(deadline);
    // An https request goes inside its tunnel as if direct; only a plain
    // one is addressed to the proxy.
    return conn.secure ? exchange(conn, *conn.secure, request, url, out, trace, nullptr)
                       : exchange(conn, *conn.plain, request, url, out, trace, target.proxy);
}

// --explain: one exchange with its phases, however it ended.
void note_exchange(trace::sink& trace, const fetch_request& request, const fetch_result& out,
                   clock_type::time_point started, bool reused, std::string error) {
    trace.record(trace::exchange_done{request.url, out.remote_addr, out.phases,
                                      std::chrono::duration<double, std::milli>(clock_type::now() - started).count(),
                                      reused, std::move(error)});
}

}  // namespace

std::optional<named_host> named_host_of(const std::string& url, const proxy_plan& proxies) {
    auto parsed = urls::parse_absolute_uri(url);
    if (!parsed) return std::nullopt;
    const target_parts target = split_target(*parsed, false);
    if (target.literal || target.host.empty()) return std::nullopt;
    if (choose_proxy(proxies, target.https, target.host, target.port)) return std::nullopt;
    return named_host{target.host, target.port};
}

asio::awaitable<void> fetch(fetch_context& ctx, const fetch_request& request, clock_type::time_point deadline,
                            fetch_result& out) {
    out = fetch_result{};
    auto parsed = urls::parse_absolute_uri(request.url);
    if (!parsed) {
        out.failed = {error_kind::invalid_url, fmt::format("invalid URL: {}", parsed.error().message())};
        co_return;
    }
    const urls::url_view url = *parsed;
    target_parts target = split_target(url, request.spec.insecure);
    // A percent-encoded NUL or control character in the host would be cut
    // short by the resolver and refused by OpenSSL's name check.
    if (std::any_of(target.host.begin(), target.host.end(),
                    [](unsigned char c) { return c < 0x20 || c == 0x7f; })) {
        out.failed = {error_kind::invalid_url, "host name contains a control character"};
        co_return;
    }

    // --all-addresses: the pinned host's connections go to this look's
    // address only, in a pool of their own (never an unpinned connection,
    // nor one pinned elsewhere).
    // On another port (http to https) only when no --connect-to rule could
    // send that port elsewhere.
    if (request.pin != nullptr && !target.literal && target.host == request.pin->host &&
        (target.port == request.pin->port || !ctx.dns.connects_elsewhere())) {
        target.pinned = target.port == request.pin->port
                            ? request.pin->endpoint
                            : boost::asio::ip::tcp::endpoint(request.pin->endpoint.address(), target.port);
        target.origin += " @" + endpoint_text(*target.pinned);
    }
    route_via(target, choose_proxy(ctx.proxies, target.https, target.host, target.port));

    auto started = ctx.trace ? clock_type::now() : clock_type::time_point{};
    std::unique_ptr<http_connection> conn = ctx.pool.take(target.pool_key);
    if (conn) {
        out.tls = conn->certificate;
        out.remote_addr = conn->remote_addr;
        if (ctx.trace) ctx.trace->record(trace::connection_reused{conn->remote_addr});
        auto state = co_await exchange_on(*conn, request, url, deadline, out, ctx.trace, target);
        // The server may close an idle connection just as we reuse it: that
        // is no verdict on the URL, so try once more on a fresh connection.
        const bool stale = out.failed.kind == error_kind::protocol && !state.got_bytes;
        if (ctx.trace)
            note_exchange(
                *ctx.trace, request, out, started, true,
                stale ? "the server had closed the idle connection: a new one is opened" : out.failed.message);
        if (!stale) {
            if (conn->reusable) ctx.pool.put(std::move(conn));
            co_return;
        }
        out = fetch_result{};
        if (ctx.trace) started = clock_type::now();
    }

    conn = co_await open_connection(ctx, target, request.spec, deadline, out);
    if (conn) {
        out.tls = conn->certificate;
        out.remote_addr = conn->remote_addr;
        co_await exchange_on(*conn, request, url, deadline, out, ctx.trace, target);
    }
    if (ctx.trace) note_exchange(*ctx.trace, request, out, started, false, out.failed.message);
    if (conn && conn->reusable) ctx.pool.put(std::move(conn));
    co_return;
}

}  // namespace urlcheck
