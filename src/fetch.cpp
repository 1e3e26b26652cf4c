#include "fetch.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/buffer_body.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <optional>

#include "dns.hpp"
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

bool iequals(std::string_view a, std::string_view b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
        return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
    });
}

http::request<http::empty_body> build_request(const fetch_context& ctx, const fetch_request& request,
                                              const urls::url_view& url) {
    http::request<http::empty_body> req;
    req.method(request.method == http_method::head ? http::verb::head : http::verb::get);
    std::string target(url.encoded_path());
    if (target.empty()) target.push_back('/');  // push_back: GCC 12 warns falsely (-Wrestrict) on = "/"
    if (url.has_query()) {
        target += '?';
        target += url.encoded_query();
    }
    req.target(target);
    req.version(11);
    req.set(http::field::host, std::string_view(url.encoded_host_and_port()));
    req.set(http::field::user_agent, ctx.user_agent);
    req.set(http::field::accept, "*/*");
    // One request per connection until connection reuse lands; saying so
    // lets the server free its side at once.
    req.set(http::field::connection, "close");
    for (const auto& h : ctx.options.headers) {
        if (!request.send_credentials && is_credential_header(h.name)) continue;
        req.set(h.name, h.value);
    }
    return req;
}

// Sends the request and reads the response over an established (and, for
// https, handshaken) stream. Fills `out`; never throws.
template <class Stream>
asio::awaitable<void> exchange(Stream& stream, const fetch_context& ctx, const fetch_request& request,
                               const urls::url_view& url, fetch_result& out) {
    const auto& options = ctx.options;
    auto req = build_request(ctx, request, url);

    auto [write_ec, written] = co_await http::async_write(stream, req, use_tuple);
    (void)written;
    if (write_ec) {
        out.failed = classify(phase::send_request, write_ec, options.timeout);
        co_return;
    }
    const auto sent_at = clock_type::now();

    // The buffer's cap backs up the parser's header limit: together they stop
    // a hostile server from growing memory with an endless header.
    beast::flat_buffer buffer(options.max_header_bytes + 16 * 1024);
    std::optional<http::response_parser<http::buffer_body>> parser;
    for (;;) {
        parser.emplace();
        parser->header_limit(static_cast<std::uint32_t>(options.max_header_bytes));
        parser->body_limit(boost::none);
        if (request.method == http_method::head) parser->skip(true);
        auto [ec, n] = co_await http::async_read_header(stream, buffer, *parser, use_tuple);
        (void)n;
        if (ec) {
            out.failed = classify(phase::read_header, ec, options.timeout);
            co_return;
        }
        const unsigned status = parser->get().result_int();
        // Interim responses (100 Continue, 103 Early Hints) precede the real
        // one; 101 would switch protocols and is final.
        if (status >= 100 && status < 200 && status != 101) continue;
        break;
    }
    out.phases.ttfb_ms = ms_between(sent_at, clock_type::now());

    const auto& header = parser->get();
    out.status = static_cast<int>(header.result_int());
    out.reason = std::string(header.reason());
    if (out.reason.empty()) out.reason = std::string(http::obsolete_reason(header.result()));
    if (auto it = header.find(http::field::location); it != header.end()) out.location = std::string(it->value());
    if (auto it = header.find(http::field::retry_after); it != header.end())
        out.retry_after = std::string(it->value());

    // Read a bounded amount of body so a complete response is seen when it
    // is small, and stop there: an endless body must not stall a check. What
    // goes wrong in the body does not change the verdict on the status.
    std::array<char, 16 * 1024> chunk;
    std::size_t body_read = 0;
    while (!parser->is_done() && body_read < options.max_body_bytes) {
        auto& body = parser->get().body();
        body.data = chunk.data();
        body.size = std::min(chunk.size(), options.max_body_bytes - body_read);
        const std::size_t offered = body.size;
        auto [ec, n] = co_await http::async_read(stream, buffer, *parser, use_tuple);
        (void)n;
        body_read += offered - parser->get().body().size;
        if (ec == http::error::need_buffer) continue;
        if (ec) break;
    }
}

}  // namespace

bool is_credential_header(std::string_view name) noexcept {
    return iequals(name, "authorization") || iequals(name, "cookie") || iequals(name, "proxy-authorization");
}

asio::awaitable<fetch_result> fetch(fetch_context& ctx, const fetch_request& request,
                                    clock_type::time_point deadline) {
    fetch_result out;
    const auto& options = ctx.options;
    auto parsed = urls::parse_absolute_uri(request.url);
    if (!parsed) {
        out.failed = {error_kind::invalid_url, fmt::format("invalid URL: {}", parsed.error().message())};
        co_return out;
    }
    const urls::url_view url = *parsed;
    const bool https = url.scheme_id() == urls::scheme::https;
    const std::uint16_t port = url.has_port() ? url.port_number() : (https ? 443 : 80);

    // --connect-timeout covers name resolution, TCP connect and the TLS
    // handshake, as in curl.
    const auto started = clock_type::now();
    const auto connect_deadline = std::min(deadline, started + options.connect_timeout);
    const auto connect_limit =
        connect_deadline < deadline ? options.connect_timeout : options.timeout;

    std::vector<tcp::endpoint> endpoints;
    std::string host_text;
    bool host_is_ip = true;
    switch (url.host_type()) {
        case urls::host_type::ipv4:
            endpoints.emplace_back(asio::ip::address_v4(url.host_ipv4_address().to_uint()), port);
            host_text = url.host_address();
            break;
        case urls::host_type::ipv6: {
            asio::ip::address_v6::bytes_type bytes;
            const auto v6 = url.host_ipv6_address().to_bytes();
            std::copy(v6.begin(), v6.end(), bytes.begin());
            endpoints.emplace_back(asio::ip::address_v6(bytes), port);
            host_text = url.host_ipv6_address().to_string();
            break;
        }
        default: {
            host_is_ip = false;
            host_text = url.host_name();
            // A trailing dot (FQDN) is fine for DNS but not for SNI or
            // certificate matching.
            if (!host_text.empty() && host_text.back() == '.') host_text.pop_back();
            const auto dns_start = clock_type::now();
            auto answer = co_await ctx.dns.resolve(host_text, port, connect_deadline);
            out.phases.dns_ms = ms_between(dns_start, clock_type::now());
            if (answer.ec) {
                out.failed = classify(phase::dns, answer.ec, connect_limit);
                co_return out;
            }
            endpoints = std::move(answer.endpoints);
        }
    }

    beast::tcp_stream tcp_stream(ctx.executor);
    tcp_stream.expires_at(connect_deadline);
    const auto connect_start = clock_type::now();
    auto [connect_ec, endpoint] = co_await tcp_stream.async_connect(endpoints, use_tuple);
    (void)endpoint;
    if (connect_ec) {
        out.failed = classify(phase::connect, connect_ec, connect_limit);
        co_return out;
    }
    out.phases.connect_ms = ms_between(connect_start, clock_type::now());
    boost::system::error_code ignored;
    tcp_stream.socket().set_option(tcp::no_delay(true), ignored);

    if (!https) {
        tcp_stream.expires_at(deadline);
        co_await exchange(tcp_stream, ctx, request, url, out);
        co_return out;
    }

    certificate_report report;
    beast::ssl_stream<beast::tcp_stream> tls_stream(std::move(tcp_stream), ctx.tls.client());
    prepare_client_connection(tls_stream.native_handle(), host_text, host_is_ip, report);
    const auto handshake_start = clock_type::now();
    auto [hs_ec] = co_await tls_stream.async_handshake(asio::ssl::stream_base::client, use_tuple);
    if (hs_ec) {
        out.tls = report.leaf;
        out.failed = classify(phase::tls_handshake, hs_ec, connect_limit);
        if (report.verify_error != 0 && out.failed.kind != error_kind::timeout) {
            out.failed.message = describe_verify_error(report.verify_error);
            if (report.leaf)
                out.failed.message += fmt::format(" (certificate {} valid until {})", report.leaf_subject,
                                                  report.leaf->not_after);
        }
        co_return out;
    }
    out.phases.tls_ms = ms_between(handshake_start, clock_type::now());
    if (X509* leaf = SSL_get0_peer_certificate(tls_stream.native_handle()))
        out.tls = certificate_expiry(leaf, std::chrono::system_clock::now());
    else
        out.tls = report.leaf;

    beast::get_lowest_layer(tls_stream).expires_at(deadline);
    co_await exchange(tls_stream, ctx, request, url, out);
    co_return out;
}

}  // namespace urlcheck
