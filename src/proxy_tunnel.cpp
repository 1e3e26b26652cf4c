#include "proxy_tunnel.hpp"

#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <fmt/format.h>

#include "proxy.hpp"
#include "use_tuple.hpp"

namespace urlcheck {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

namespace {

// A proxy's answer to CONNECT is a short header; more is not a proxy.
constexpr std::uint32_t max_answer_bytes = 16 * 1024;

// What went wrong before a whole answer came, in the proxy's name.
failure broken_answer(const proxy_endpoint& proxy, const std::string& authority,
                      const boost::system::error_code& ec, std::chrono::milliseconds limit,
                      const beast::flat_buffer& received) {
    if (ec == beast::error::timeout)
        return {error_kind::proxy, fmt::format("the proxy {} did not answer CONNECT {} within {} ms", proxy.shown,
                                               authority, limit.count())};
    if (ec == http::error::end_of_stream || ec == asio::error::eof || ec == asio::error::connection_reset ||
        ec == http::error::partial_message)
        return {error_kind::proxy,
                fmt::format("the proxy {} closed the connection in answer to CONNECT {}", proxy.shown, authority)};
    const auto data = received.data();
    const std::string_view text(static_cast<const char*>(data.data()), data.size());
    return {error_kind::proxy, fmt::format("the proxy {} answered CONNECT {} with something that is not HTTP: {}",
                                           proxy.shown, authority, quote_first_line(text))};
}

}  // namespace

asio::awaitable<tunnel_outcome> open_tunnel(beast::tcp_stream& stream, const proxy_endpoint& proxy,
                                            const std::string& authority, const std::string& user_agent,
                                            std::chrono::milliseconds limit) {
    tunnel_outcome out;
    {
        http::request<http::empty_body> req{http::verb::connect, authority, 11};
        req.set(http::field::host, authority);
        req.set(http::field::user_agent, user_agent);
        if (!proxy.authorization.empty()) req.set(http::field::proxy_authorization, proxy.authorization);
        auto [ec, written] = co_await http::async_write(stream, req, use_tuple);
        (void)written;
        if (ec) {
            out.failed = ec == beast::error::timeout
                             ? failure{error_kind::proxy, fmt::format("the proxy {} did not take CONNECT within {} ms",
                                                                      proxy.shown, limit.count())}
                             : failure{error_kind::proxy, fmt::format("the proxy {} closed the connection: {}",
                                                                      proxy.shown, ec.message())};
            co_return out;
        }
    }
    // Read into a small buffer that stops at the header: the origin speaks
    // only after our ClientHello, so anything after the header is not the
    // proxy's to send.
    beast::flat_buffer buffer(max_answer_bytes);
    http::response_parser<http::empty_body> parser;
    parser.header_limit(max_answer_bytes);
    parser.skip(true);  // a 2xx answer to CONNECT has no body (RFC 9110 9.3.6)
    auto [ec, read] = co_await http::async_read_header(stream, buffer, parser, use_tuple);
    (void)read;
    if (ec) {
        out.failed = broken_answer(proxy, authority, ec, limit, buffer);
        co_return out;
    }
    const auto& answer = parser.get();
    out.status = static_cast<int>(answer.result_int());
    out.reason = std::string(answer.reason());
    out.failed = classify_connect_answer(out.status, out.reason, !proxy.authorization.empty(), proxy, authority);
    if (!out.failed && buffer.size() > 0)
        out.failed = {error_kind::proxy, fmt::format("the proxy {} sent {} bytes after its 200 to CONNECT {}",
                                                     proxy.shown, buffer.size(), authority)};
    co_return out;
}

}  // namespace urlcheck
