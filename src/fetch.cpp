#include "fetch.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>
#include <fmt/format.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <list>
#include <optional>
#include <unordered_map>

#include "connect.hpp"
#include "credentials.hpp"
#include "dns.hpp"
#include "read_response.hpp"
#include "tls.hpp"

namespace urlcheck {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace urls = boost::urls;
using tcp = asio::ip::tcp;
using clock_type = std::chrono::steady_clock;

namespace {

constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

double ms_between(clock_type::time_point from, clock_type::time_point to) {
    return std::chrono::duration<double, std::milli>(to - from).count();
}

// One open connection, plain or TLS, that may outlive the request that
// opened it by waiting in the pool.
struct connection {
    explicit connection(std::string origin_key) : origin(std::move(origin_key)) {}
    connection(const connection&) = delete;
    connection& operator=(const connection&) = delete;
    ~connection() {
        // Without this, freeing the SSL marks its session (the very object
        // the session cache holds) not resumable. Servers closing after each
        // response are exactly the ones where resumption pays; a connection
        // that ended in an error or a timeout is not vouched for.
        if (secure && clean) mark_clean_shutdown(secure->native_handle());
    }

    beast::tcp_stream& lowest() { return secure ? beast::get_lowest_layer(*secure) : *plain; }

    std::string origin;
    certificate_report report;  // before `secure`: the SSL points at it until freed
    std::optional<beast::tcp_stream> plain;
    std::optional<beast::ssl_stream<beast::tcp_stream>> secure;
    std::optional<tls_info> certificate;
    std::string remote_addr;
    bool clean = false;  // the last exchange read a whole response
    bool reusable = false;  // the last exchange ended cleanly at a message boundary
};

// A pooled connection may have been closed by the server while it sat idle
// (keep-alive timeouts are often 5 s), or the server may have sent bytes
// nobody asked for (a body after a HEAD response, a second response). Any of
// that makes the connection unfit: stray bytes would be read as the answer
// to the next request. One non-blocking peek (~3 us) per reuse says so; the
// retry in fetch() covers a close that races with the reuse.
bool looks_alive(connection& c) {
    if (c.secure && SSL_pending(c.secure->native_handle()) > 0) return false;
    char byte;
    const int fd = c.lowest().socket().native_handle();
    const ssize_t n = ::recv(fd, &byte, 1, MSG_PEEK | MSG_DONTWAIT);
    if (n < 0) return errno == EAGAIN;  // EWOULDBLOCK too: the same value on Linux
    // EOF, or bytes: on TLS usually a close_notify alert or late session
    // tickets, which cost one new connection to be safe.
    return false;
}

}  // namespace

struct connection_pool::impl {
    explicit impl(std::size_t max) : max_idle(std::max<std::size_t>(max, 1)) {}

    std::unique_ptr<connection> take(const std::string& origin) {
        for (;;) {
            auto it = by_origin.find(origin);
            if (it == by_origin.end()) return nullptr;
            auto position = it->second;
            by_origin.erase(it);
            std::unique_ptr<connection> c = std::move(*position);
            idle_list.erase(position);
            if (looks_alive(*c)) return c;
            c->reusable = false;
        }
    }

    void put(std::unique_ptr<connection> c) {
        idle_list.push_front(std::move(c));
        by_origin.emplace(idle_list.front()->origin, idle_list.begin());
        trim();
    }

    void trim() {
        while (idle_list.size() > max_idle) {
            auto victim = std::prev(idle_list.end());
            auto [first, last] = by_origin.equal_range((*victim)->origin);
            for (auto it = first; it != last; ++it) {
                if (it->second == victim) {
                    by_origin.erase(it);
                    break;
                }
            }
            idle_list.pop_back();
        }
    }

    std::size_t max_idle;
    std::list<std::unique_ptr<connection>> idle_list;  // most recently used first
    std::unordered_multimap<std::string, std::list<std::unique_ptr<connection>>::iterator> by_origin;
    std::size_t reused = 0;
    std::size_t opened = 0;
    std::size_t resumed = 0;
};

connection_pool::connection_pool(std::size_t max_idle) : impl_(std::make_unique<impl>(max_idle)) {}
connection_pool::~connection_pool() = default;
void connection_pool::limit_idle(std::size_t max_idle) {
    impl_->max_idle = std::max<std::size_t>(max_idle, 1);
    impl_->trim();
}
std::size_t connection_pool::idle() const noexcept { return impl_->idle_list.size(); }
std::size_t connection_pool::reused() const noexcept { return impl_->reused; }
std::size_t connection_pool::opened() const noexcept { return impl_->opened; }
std::size_t connection_pool::resumed() const noexcept { return impl_->resumed; }

namespace {

// The settings of the check this request belongs to.
const check_spec& spec_of(const fetch_context& ctx, const fetch_request& request) {
    return request.spec != nullptr ? *request.spec : *ctx.defaults;
}

// Where a URL points, in the forms the steps below need.
struct target_parts {
    bool https = false;
    std::uint16_t port = 0;
    std::string host;       // name or address, without brackets or trailing dot
    bool host_is_ip = false;
    std::optional<tcp::endpoint> literal;  // for IP literals: no DNS
    // "https://host:443": the pool and session key. Checks that do not
    // verify certificates get "https://host:443 insecure": their connections
    // and TLS sessions (resuming one skips verification) never serve a
    // check that does.
    std::string origin;
};

target_parts split_target(const urls::url_view& url) {
    target_parts t;
    t.https = url.scheme_id() == urls::scheme::https;
    t.port = url.has_port() ? url.port_number() : (t.https ? 443 : 80);
    switch (url.host_type()) {
        case urls::host_type::ipv4:
            t.host_is_ip = true;
            t.host = url.host_address();
            t.literal.emplace(asio::ip::address_v4(url.host_ipv4_address().to_uint()), t.port);
            break;
        case urls::host_type::ipv6: {
            t.host_is_ip = true;
            asio::ip::address_v6::bytes_type bytes;
            const auto v6 = url.host_ipv6_address().to_bytes();
            std::copy(v6.begin(), v6.end(), bytes.begin());
            t.literal.emplace(asio::ip::address_v6(bytes), t.port);
            t.host = url.host_ipv6_address().to_string();
            break;
        }
        default:
            t.host = url.host_name();
            // A trailing dot (FQDN) is fine for DNS but not for SNI or
            // certificate matching.
            if (!t.host.empty() && t.host.back() == '.') t.host.pop_back();
            std::transform(t.host.begin(), t.host.end(), t.host.begin(),
                           [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    }
    t.origin = fmt::format("{}://{}:{}", t.https ? "https" : "http", t.host, t.port);
    return t;
}

http::request<http::empty_body> build_request(const fetch_context& ctx, const fetch_request& request,
                                              const urls::url_view& url) {
    http::request<http::empty_body> req;
    req.method(request.method == http_method::head ? http::verb::head : http::verb::get);
    std::string target(url.encoded_path());
    if (target.empty()) target.push_back('/');  // not `= "/"`: GCC 12 warns falsely (-Wrestrict)
    if (url.has_query()) {
        target += '?';
        target += url.encoded_query();
    }
    req.target(target);
    req.version(11);
    req.set(http::field::host, std::string_view(url.encoded_host_and_port()));
    req.set(http::field::user_agent, ctx.user_agent);
    req.set(http::field::accept, "*/*");
    // Set first, so that an Authorization given with -H replaces it (as in curl).
    if (request.send_credentials && !request.authorization.empty())
        req.set(http::field::authorization, request.authorization);
    for (const auto& h : spec_of(ctx, request).headers) {
        if (!request.send_credentials && is_credential_header(h.name)) continue;
        req.set(h.name, h.value);
    }
    return req;
}

// Sends the request and reads the response over an established (and, for
// https, handshaken) stream, `conn`'s. Fills `out`; never throws.
template <class Stream>
asio::awaitable<exchange_state> exchange(connection& conn, Stream& stream, const fetch_context& ctx,
                                         const fetch_request& request, const urls::url_view& url, fetch_result& out) {
    const auto& options = ctx.options;
    const check_spec& spec = spec_of(ctx, request);
    exchange_state state;
    boost::system::error_code write_ec;
    {
        // The request lives only until it is written: its header fields are
        // heap blocks that would otherwise stay while the answer is awaited.
        auto req = build_request(ctx, request, url);
        auto [ec, written] = co_await http::async_write(stream, req, use_tuple);
        (void)written;
        write_ec = ec;
    }
    if (write_ec) {
        out.failed = classify(phase::send_request, write_ec, spec.timeout);
        co_return state;
    }
    const auto sent_at = clock_type::now();
    response_wants wants;
    wants.timeout = spec.timeout;
    wants.body = spec.expect && spec.expect->need_body();
    wants.headers = spec.expect && spec.expect->need_headers();
    wants.header_only = request.header_only;
    state = co_await read_response(stream, options, request.method, out, wants);
    if (out.status) out.phases.ttfb_ms = ms_between(sent_at, state.header_at);
    conn.reusable = state.reusable && out.failed.kind == error_kind::none;
    // A header-only exchange ends the connection on purpose, after a whole
    // header: its TLS session is as good as after a complete response.
    conn.clean = (state.complete || request.header_only) && out.failed.kind == error_kind::none;
    co_return state;
}

// Resolves, connects and (for https) handshakes. On failure fills
// out.failed and returns null.
asio::awaitable<std::unique_ptr<connection>> open_connection(fetch_context& ctx, const target_parts& t,
                                                             const check_spec& spec, clock_type::time_point deadline,
                                                             fetch_result& out) {
    const auto& options = ctx.options;
    // --connect-timeout covers name resolution, TCP connect and the TLS
    // handshake, as in curl.
    const auto started = clock_type::now();
    const auto connect_deadline = std::min(deadline, started + options.connect_timeout);
    const auto connect_limit = connect_deadline < deadline ? options.connect_timeout : spec.timeout;

    std::vector<tcp::endpoint> endpoints;
    if (t.literal) {
        endpoints.push_back(*t.literal);
    } else {
        const auto dns_start = clock_type::now();
        auto answer = co_await ctx.dns.resolve(t.host, t.port, connect_deadline);
        out.phases.dns_ms = ms_between(dns_start, clock_type::now());
        if (answer.ec) {
            out.failed = classify(phase::dns, answer.ec, connect_limit);
            co_return nullptr;
        }
        endpoints = std::move(answer.endpoints);
    }

    auto conn = std::make_unique<connection>(t.origin);
    const auto connect_start = clock_type::now();
    auto connected =
        co_await connect_happy_eyeballs(ctx.executor, std::move(endpoints), connect_deadline, options.ip_family);
    if (connected.ec) {
        // A server that resets right after accepting may do it before the
        // connect completes or just after: it did accept either way, so the
        // verdict is what the next step would have seen, not a race.
        const bool accepted = connected.ec == asio::error::connection_reset;
        out.failed = classify(accepted ? (t.https ? phase::tls_handshake : phase::read_header) : phase::connect,
                              connected.ec, connect_limit);
        co_return nullptr;
    }
    out.phases.connect_ms = ms_between(connect_start, clock_type::now());
    const tcp::endpoint endpoint = connected.endpoint;
    beast::tcp_stream tcp_stream(std::move(connected.socket));
    tcp_stream.expires_at(connect_deadline);  // the TLS handshake is still within --connect-timeout
    conn->remote_addr = endpoint.address().is_v6() ? fmt::format("[{}]:{}", endpoint.address().to_string(), endpoint.port())
                                                   : fmt::format("{}:{}", endpoint.address().to_string(), endpoint.port());
    out.remote_addr = conn->remote_addr;  // also when the TLS handshake fails: the peer did answer
    boost::system::error_code ignored;
    tcp_stream.socket().set_option(tcp::no_delay(true), ignored);
    ++ctx.pool.impl_->opened;

    if (!t.https) {
        conn->plain.emplace(std::move(tcp_stream));
        co_return conn;
    }

    conn->report.sessions = &ctx.tls;
    conn->report.origin = t.origin;
    conn->secure.emplace(std::move(tcp_stream), ctx.tls.client());
    SSL* ssl = conn->secure->native_handle();
    if (!prepare_client_connection(ssl, t.host, t.host_is_ip, !spec.insecure, conn->report)) {
        // Without a name to check, verification would pass any certificate.
        out.failed = {error_kind::tls, fmt::format("cannot verify the certificate for host '{}'", t.host)};
        co_return nullptr;
    }
    const auto handshake_start = clock_type::now();
    auto [hs_ec] = co_await conn->secure->async_handshake(asio::ssl::stream_base::client, use_tuple);
    if (hs_ec) {
        out.tls = conn->report.leaf;
        out.failed = classify(phase::tls_handshake, hs_ec, connect_limit);
        if (conn->report.verify_error != 0 && out.failed.kind != error_kind::timeout) {
            out.failed.message = conn->report.missing_issuer.empty()
                                     ? describe_verify_error(conn->report.verify_error)
                                     : describe_missing_issuer(conn->report.missing_issuer,
                                                               conn->report.certificates_sent);
            if (conn->report.leaf)
                out.failed.message += fmt::format(" (certificate {} valid until {})", conn->report.leaf_subject,
                                                  conn->report.leaf->not_after);
        }
        co_return nullptr;
    }
    out.phases.tls_ms = ms_between(handshake_start, clock_type::now());
    if (SSL_session_reused(ssl)) ++ctx.pool.impl_->resumed;
    if (X509* leaf = SSL_get0_peer_certificate(ssl))
        conn->certificate = certificate_expiry(leaf, std::chrono::system_clock::now());
    else
        conn->certificate = conn->report.leaf;
    co_return conn;
}

// Not a coroutine itself: its frame would be held for the whole exchange,
// in a block asio recycles from the connect's (~600 bytes per check in
// flight). exchange() sets the connection's state at its end.
asio::awaitable<exchange_state> exchange_on(connection& conn, const fetch_context& ctx, const fetch_request& request,
                                            const urls::url_view& url, clock_type::time_point deadline,
                                            fetch_result& out) {
    conn.reusable = false;
    conn.clean = false;
    conn.lowest().expires_at(deadline);
    return conn.secure ? exchange(conn, *conn.secure, ctx, request, url, out)
                       : exchange(conn, *conn.plain, ctx, request, url, out);
}

}  // namespace

asio::awaitable<void> fetch(fetch_context& ctx, const fetch_request& request, clock_type::time_point deadline,
                            fetch_result& out) {
    out = fetch_result{};
    auto parsed = urls::parse_absolute_uri(request.url);
    if (!parsed) {
        out.failed = {error_kind::invalid_url, fmt::format("invalid URL: {}", parsed.error().message())};
        co_return;
    }
    const urls::url_view url = *parsed;
    const check_spec& spec = spec_of(ctx, request);
    target_parts target = split_target(url);
    if (target.https && spec.insecure) target.origin += " insecure";
    // A percent-encoded NUL or control character in the host would be cut
    // short by the resolver and refused by OpenSSL's name check.
    if (std::any_of(target.host.begin(), target.host.end(),
                    [](unsigned char c) { return c < 0x20 || c == 0x7f; })) {
        out.failed = {error_kind::invalid_url, "host name contains a control character"};
        co_return;
    }
    auto& pool = *ctx.pool.impl_;

    std::unique_ptr<connection> conn = pool.take(target.origin);
    if (conn) {
        ++pool.reused;
        out.tls = conn->certificate;
        out.remote_addr = conn->remote_addr;
        auto state = co_await exchange_on(*conn, ctx, request, url, deadline, out);
        // The server may close an idle connection just as we reuse it: that
        // is no verdict on the URL, so try once more on a fresh connection.
        const bool stale = out.failed.kind == error_kind::protocol && !state.got_bytes;
        if (!stale) {
            if (conn->reusable) pool.put(std::move(conn));
            co_return;
        }
        out = fetch_result{};
    }

    conn = co_await open_connection(ctx, target, spec, deadline, out);
    if (!conn) co_return;
    out.tls = conn->certificate;
    out.remote_addr = conn->remote_addr;
    co_await exchange_on(*conn, ctx, request, url, deadline, out);
    if (conn->reusable) pool.put(std::move(conn));
    co_return;
}

}  // namespace urlcheck
