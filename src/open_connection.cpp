#include "open_connection.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <vector>

#include "check_spec.hpp"
#include "connect.hpp"
#include "connection_pool.hpp"
#include "dns.hpp"
#include "fetch.hpp"
#include "http_connection.hpp"
#include "http_request.hpp"
#include "proxy.hpp"
#include "proxy_tunnel.hpp"
#include "tls.hpp"
#include "use_tuple.hpp"

namespace urlcheck {

namespace asio = boost::asio;
namespace beast = boost::beast;
using tcp = asio::ip::tcp;
using clock_type = std::chrono::steady_clock;

namespace {

double ms_since(clock_type::time_point from) {
    return std::chrono::duration<double, std::milli>(clock_type::now() - from).count();
}

// The handshake's failure in the words of the certificate check that made
// it, when there was one: "certificate expired (certificate CN=x valid
// until ...)" says more than OpenSSL's "certificate verify failed".
void describe_handshake_failure(const certificate_report& report, failure& failed) {
    if (report.verify_error == 0 || failed.kind == error_kind::timeout) return;
    failed.message = report.missing_issuer.empty()
                         ? describe_verify_error(report.verify_error)
                         : describe_missing_issuer(report.missing_issuer, report.certificates_sent);
    if (report.leaf)
        failed.message += fmt::format(" (certificate {} valid until {})", report.leaf_subject, report.leaf->not_after);
}

// --explain: the addresses the connector is given, in their order.
void note_answer(trace::sink& trace, const target_parts& t, const resolved& answer_in, double ms,
                 std::string error = {}) {
    trace::dns_answer answer;
    answer.host = t.host;
    answer.port = t.port;
    answer.literal = t.literal.has_value();
    answer.overridden = answer_in.overridden;
    answer.cached = answer_in.cached;
    answer.ms = ms;
    answer.error = std::move(error);
    const auto& endpoints = answer_in.endpoints;
    for (const auto& endpoint : endpoints) answer.addresses.push_back(endpoint.address().to_string());
    trace.record(std::move(answer));
}

// --explain: a handshake that failed, with what verification saw of the
// leaf (the verify callback's record: the handshake never completed).
void note_failed_handshake(trace::sink& trace, const certificate_report& report, double ms, std::string error) {
    trace::tls_handshake handshake;
    handshake.subject = report.leaf_subject;
    if (report.leaf) {
        handshake.not_after = report.leaf->not_after;
        handshake.days_left = report.leaf->days_left;
    }
    handshake.ms = ms;
    handshake.error = std::move(error);
    trace.record(std::move(handshake));
}

// Where the TCP connection goes when the check goes through a proxy: the
// proxy's host and port, in the form the DNS and connect steps take.
target_parts proxy_hop(const proxy_endpoint& proxy) {
    target_parts hop;
    hop.host = proxy.host;
    hop.port = proxy.port;
    boost::system::error_code ec;
    const auto address = asio::ip::make_address(proxy.host, ec);
    if (!ec) {
        hop.host_is_ip = true;
        hop.literal.emplace(address, proxy.port);
    }
    return hop;
}

// --explain: the proxy step, however it ended.
void note_proxy(trace::sink& trace, const proxy_endpoint& proxy, std::string authority, const tunnel_outcome& tunnel,
                double ms) {
    trace.record(trace::proxy_tunnel{proxy.shown, std::move(authority), tunnel.status, tunnel.reason, ms,
                                     tunnel.failed.message});
}

}  // namespace

asio::awaitable<std::unique_ptr<http_connection>> open_connection(fetch_context& ctx, const target_parts& t,
                                                             const check_spec& spec, clock_type::time_point deadline,
                                                             fetch_result& out) {
    // --connect-timeout covers name resolution, TCP connect and the TLS
    // handshake, as in curl.
    const auto started = clock_type::now();
    const auto connect_deadline = std::min(deadline, started + spec.connect_timeout);
    const auto connect_limit = connect_deadline < deadline ? spec.connect_timeout : spec.timeout;
    // Nothing to verify the certificate with: no connection is worth opening.
    if (t.https && !spec.insecure) {
        if (const std::string& problem = ctx.tls.trust_problem(); !problem.empty()) {
            out.failed = {error_kind::tls, problem};
            co_return nullptr;
        }
    }

    // Through a proxy, DNS and the TCP connect are the proxy's (the proxy
    // resolves the origin), and their failures are the proxy's.
    const target_parts hop = t.proxy ? proxy_hop(*t.proxy) : target_parts{};
    const target_parts& peer = t.proxy ? hop : t;
    const auto failed_on_the_way = [&](failure f) { return t.proxy ? proxy_failure(*t.proxy, std::move(f)) : f; };

    std::vector<tcp::endpoint> endpoints;
    // Through a proxy, only the proxy's own address can be fixed (--connect-to
    // is for origins). Direct: --all-addresses pins one address (fetch.cpp),
    // and --connect-to may send even an IP literal elsewhere, so then a
    // literal is resolved too.
    std::optional<tcp::endpoint> fixed;
    if (t.proxy)
        fixed = peer.literal;
    else if (t.pinned)
        fixed = t.pinned;
    else if (t.literal && !ctx.dns.connects_elsewhere())
        fixed = t.literal;
    if (fixed) {
        endpoints.push_back(*fixed);
        if (ctx.trace) note_answer(*ctx.trace, peer, resolved{{}, endpoints}, 0);
    } else {
        const auto dns_start = clock_type::now();
        auto answer = co_await ctx.dns.resolve(peer.host, peer.port, connect_deadline, !t.proxy);
        out.phases.dns_ms = ms_since(dns_start);
        if (answer.ec) {
            out.failed = failed_on_the_way(classify(phase::dns, answer.ec, connect_limit));
            if (ctx.trace) note_answer(*ctx.trace, peer, answer, *out.phases.dns_ms, out.failed.message);
            co_return nullptr;
        }
        if (ctx.trace) note_answer(*ctx.trace, peer, answer, *out.phases.dns_ms);
        endpoints = std::move(answer.endpoints);
    }

    auto conn = std::make_unique<http_connection>(t.pool_key);
    const auto connect_start = clock_type::now();
    auto connected = co_await connect_happy_eyeballs(ctx.executor, std::move(endpoints), connect_deadline,
                                                     spec.ip_family, happy_eyeballs_delay, ctx.trace);
    if (connected.ec) {
        // A server that resets right after accepting may do it before the
        // connect completes or just after: it did accept either way, so the
        // verdict is what the next step would have seen, not a race.
        const bool accepted = connected.ec == asio::error::connection_reset;
        out.failed = failed_on_the_way(classify(
            accepted ? (t.https ? phase::tls_handshake : phase::read_header) : phase::connect, connected.ec,
            connect_limit));
        co_return nullptr;
    }
    if (!t.proxy) out.phases.connect_ms = ms_since(connect_start);
    beast::tcp_stream tcp_stream(std::move(connected.socket));
    tcp_stream.expires_at(connect_deadline);  // the TLS handshake is still within --connect-timeout
    conn->remote_addr = endpoint_text(connected.endpoint);
    out.remote_addr = conn->remote_addr;  // also when the TLS handshake fails: the peer did answer
    boost::system::error_code ignored;
    tcp_stream.socket().set_option(tcp::no_delay(true), ignored);
    ctx.pool.note_opened();

    if (t.proxy) {
        // For https, the tunnel; the TLS handshake below then runs inside it
        // with the origin's name (SNI, verification), never the proxy's.
        tunnel_outcome tunnel;
        std::string authority;
        if (t.https) {
            authority = connect_authority(t.host, t.literal && t.literal->address().is_v6(), t.port);
            tunnel = co_await open_tunnel(tcp_stream, *t.proxy, authority, spec.user_agent, connect_limit);
        }
        out.phases.proxy_ms = ms_since(connect_start);
        if (ctx.trace) note_proxy(*ctx.trace, *t.proxy, authority, tunnel, *out.phases.proxy_ms);
        if (tunnel.failed) {
            out.failed = std::move(tunnel.failed);
            co_return nullptr;
        }
    }

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
        describe_handshake_failure(conn->report, out.failed);
        describe_client_side_failure(ssl, conn->report, hs_ec, out.failed);  // --cert, --tls-min
        // A tunnel that ends before the handshake does: the proxy's doing as
        // often as the origin's, and the only sign of a proxy that answers
        // 200 and hangs up. Named so, with both in the message.
        if (t.proxy && (hs_ec == asio::ssl::error::stream_truncated || hs_ec == asio::error::eof ||
                        hs_ec == asio::error::connection_reset))
            out.failed = {error_kind::proxy,
                          fmt::format("the tunnel through the proxy {} closed during the TLS handshake with {}:{} "
                                      "(the proxy or the site hung up)",
                                      t.proxy->shown, t.host, t.port)};
        if (ctx.trace) note_failed_handshake(*ctx.trace, conn->report, ms_since(handshake_start), out.failed.message);
        co_return nullptr;
    }
    out.phases.tls_ms = ms_since(handshake_start);
    if (ctx.trace) {
        auto handshake = describe_handshake(ssl);
        handshake.ms = *out.phases.tls_ms;
        ctx.trace->record(std::move(handshake));
    }
    if (SSL_session_reused(ssl)) ctx.pool.note_resumed();
    if (X509* leaf = SSL_get0_peer_certificate(ssl))
        conn->certificate = certificate_expiry(leaf, std::chrono::system_clock::now());
    else
        conn->certificate = conn->report.leaf;
    co_return conn;
}

}  // namespace urlcheck
