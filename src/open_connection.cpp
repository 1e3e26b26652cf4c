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

    std::vector<tcp::endpoint> endpoints;
    // --all-addresses pins one address (fetch.cpp); --connect-to may send
    // even an IP literal elsewhere, so then a literal is resolved too.
    const auto& fixed = t.pinned ? t.pinned : t.literal;
    if (fixed && (t.pinned || !ctx.dns.connects_elsewhere())) {
        endpoints.push_back(*fixed);
        if (ctx.trace) note_answer(*ctx.trace, t, resolved{{}, endpoints}, 0);
    } else {
        const auto dns_start = clock_type::now();
        auto answer = co_await ctx.dns.resolve(t.host, t.port, connect_deadline);
        out.phases.dns_ms = ms_since(dns_start);
        if (answer.ec) {
            out.failed = classify(phase::dns, answer.ec, connect_limit);
            if (ctx.trace) note_answer(*ctx.trace, t, answer, *out.phases.dns_ms, out.failed.message);
            co_return nullptr;
        }
        if (ctx.trace) note_answer(*ctx.trace, t, answer, *out.phases.dns_ms);
        endpoints = std::move(answer.endpoints);
    }

    auto conn = std::make_unique<http_connection>(t.origin);
    const auto connect_start = clock_type::now();
    auto connected = co_await connect_happy_eyeballs(ctx.executor, std::move(endpoints), connect_deadline,
                                                     spec.ip_family, happy_eyeballs_delay, ctx.trace);
    if (connected.ec) {
        // A server that resets right after accepting may do it before the
        // connect completes or just after: it did accept either way, so the
        // verdict is what the next step would have seen, not a race.
        const bool accepted = connected.ec == asio::error::connection_reset;
        out.failed = classify(accepted ? (t.https ? phase::tls_handshake : phase::read_header) : phase::connect,
                              connected.ec, connect_limit);
        co_return nullptr;
    }
    out.phases.connect_ms = ms_since(connect_start);
    beast::tcp_stream tcp_stream(std::move(connected.socket));
    tcp_stream.expires_at(connect_deadline);  // the TLS handshake is still within --connect-timeout
    conn->remote_addr = endpoint_text(connected.endpoint);
    out.remote_addr = conn->remote_addr;  // also when the TLS handshake fails: the peer did answer
    boost::system::error_code ignored;
    tcp_stream.socket().set_option(tcp::no_delay(true), ignored);
    ctx.pool.note_opened();

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
