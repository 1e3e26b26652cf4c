#include "sitemap_fetch.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/url/parse.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <exception>
#include <set>
#include <stdexcept>

#include "check_services.hpp"
#include "check_spec.hpp"
#include "credentials.hpp"
#include "http_connection.hpp"
#include "http_request.hpp"
#include "open_connection.hpp"
#include "read_response.hpp"
#include "redirect.hpp"
#include "unique_file.hpp"
#include "use_tuple.hpp"

namespace urlcheck {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace urls = boost::urls;
using clock_type = std::chrono::steady_clock;

namespace {

// One GET on one connection, as far as the body was wanted.
struct exchange_outcome {
    std::string error;  // empty: `status` (and for a 2xx the body) arrived
    int status = 0;
    std::string reason;
    std::string location;
    std::uint64_t body_length = 0;  // appended to the spool
};

bool is_http(std::string_view s) { return s.rfind("http://", 0) == 0 || s.rfind("https://", 0) == 0; }

// Sends the GET and reads the response; a 2xx body is appended to `spool`
// (which stands at its end), at most `max_bytes` of it.
template <class Stream>
asio::awaitable<void> get_into(Stream& stream, const fetch_request& request, const urls::url_view& url,
                               std::FILE* spool, std::uint64_t max_bytes, exchange_outcome& out,
                               const proxy_endpoint* proxy) {
    const check_spec& spec = request.spec;
    {
        auto req = build_request(request, url, proxy);
        auto [ec, written] = co_await http::async_write(stream, req, use_tuple);
        (void)written;
        if (ec) {
            out.error = classify(phase::send_request, ec, spec.timeout).message;
            co_return;
        }
    }
    beast::flat_buffer buffer(spec.max_header_bytes + 16 * 1024);
    std::optional<http::response_parser<http::buffer_body>> parser;
    for (;;) {
        parser.emplace();
        parser->header_limit(static_cast<std::uint32_t>(spec.max_header_bytes));
        parser->body_limit(boost::none);
        const auto ec = co_await read_response_detail::read_header(stream, buffer, *parser);
        if (ec) {
            out.error = classify(phase::read_header, ec, spec.timeout).message;
            co_return;
        }
        const unsigned status = parser->get().result_int();
        if (status < 100 || status >= 200 || status == 101) break;  // past interim responses
    }
    const auto& header = parser->get();
    out.status = static_cast<int>(header.result_int());
    out.reason = std::string(header.reason());
    if (auto it = header.find(http::field::location); it != header.end()) out.location = std::string(it->value());
    if (out.status < 200 || out.status >= 300) co_return;

    auto& chunk = body_scratch();
    while (!parser->is_done()) {
        auto& body = parser->get().body();
        body.data = chunk.data();
        body.size = chunk.size();
        auto [ec, n] = co_await http::async_read(stream, buffer, *parser, use_tuple);
        (void)n;
        const std::size_t got = chunk.size() - parser->get().body().size;
        out.body_length += got;
        if (out.body_length > max_bytes) {
            out.error = too_large_message(max_bytes, false);
            co_return;
        }
        if (got > 0 && std::fwrite(chunk.data(), 1, got, spool) != got) {
            out.error = fmt::format("cannot write the temporary copy: {}", std::strerror(errno));
            co_return;
        }
        if (ec == http::error::need_buffer) continue;
        // A body read to the close without TLS close_notify is whole, as
        // read_response takes it.
        if (ec == asio::ssl::error::stream_truncated && !parser->chunked() && !parser->content_length()) break;
        if (ec) {
            out.error = classify(phase::read_body, ec, spec.timeout).message;
            co_return;
        }
    }
}

// Downloads `url` (following redirects) to the end of `spool`: the body's
// offset and length, or an error.
struct download_outcome {
    std::string error;
    std::uint64_t offset = 0;
    std::uint64_t length = 0;
};

asio::awaitable<void> download(fetch_context& ctx, const check_spec& spec, std::string url, std::FILE* spool,
                               std::uint64_t max_bytes, download_outcome& out) {
    // The whole download, redirects and body included, within --timeout,
    // as one attempt of a check.
    const auto deadline = clock_type::now() + spec.timeout;
    fetch_request request{spec, url, http_method::get, true, basic_authorization(url)};
    for (int redirects = 0;; ++redirects) {
        auto parsed = urls::parse_absolute_uri(request.url);
        if (!parsed) {
            out.error = fmt::format("invalid URL: {}", parsed.error().message());
            co_return;
        }
        target_parts target = split_target(*parsed, spec.insecure);
        route_via(target, choose_proxy(ctx.proxies, target.https, target.host, target.port));  // as the checks go
        fetch_result opened;
        std::unique_ptr<http_connection> conn = co_await open_connection(ctx, target, spec, deadline, opened);
        if (!conn) {
            out.error = opened.failed.message;
            co_return;
        }
        if (std::fseek(spool, 0, SEEK_END) != 0) {
            out.error = fmt::format("cannot write the temporary copy: {}", std::strerror(errno));
            co_return;
        }
        out.offset = static_cast<std::uint64_t>(std::ftell(spool));
        conn->lowest().expires_at(deadline);
        exchange_outcome got;
        if (conn->secure)
            co_await get_into(*conn->secure, request, *parsed, spool, max_bytes, got, nullptr);
        else
            co_await get_into(*conn->plain, request, *parsed, spool, max_bytes, got, target.proxy);
        if (!got.error.empty()) {
            out.error = std::move(got.error);
            co_return;
        }
        if (got.status >= 200 && got.status < 300) {
            out.length = got.body_length;
            co_return;
        }
        if (!is_redirect_status(got.status) || got.location.empty()) {
            out.error = fmt::format("{} {}", got.status, got.reason);
            co_return;
        }
        auto next = resolve_redirect(request.url, got.location);
        if (!next.error.empty()) {
            out.error = next.error;
            co_return;
        }
        if (redirects >= spec.max_redirects) {
            out.error = fmt::format("more than {} redirects (last: {})", spec.max_redirects, next.url);
            co_return;
        }
        request.send_credentials = request.send_credentials && next.same_origin;
        request.url = std::move(next.url);
    }
}

// The kind of the sitemap in `doc`, from its start; unknown when it is no
// sitemap (list_reader then says what is wrong with it).
sitemap_kind kind_of(const sitemap_document& doc) {
    sitemap_stream stream(doc.file.get(), doc.offset, doc.length);
    sitemap_loc ignored;
    stream.next(ignored);
    return stream.kind();
}

class sitemap_fetcher {
public:
    sitemap_fetcher(const check_options& options, std::uint64_t max_bytes)
        : services_(options), spec_(make_check_spec(options, line_options{})), max_bytes_(max_bytes) {}

    void fetch(const std::string& location, fetched_sitemaps& out) {
        std::optional<sitemap_document> top = obtain(location, out.errors, {});
        if (!top) return;
        if (kind_of(*top) != sitemap_kind::index) {
            out.documents.push_back(std::move(*top));
            return;
        }
        // The index's <loc>s are read whole first (at most 50,000 URLs by
        // sitemaps.org, a few MiB), so that its stream is done before the
        // spool it lives in is written to again.
        std::vector<sitemap_loc> listed;
        sitemap_stream stream(top->file.get(), top->offset, top->length, max_bytes_);
        for (sitemap_loc loc; stream.next(loc);) listed.push_back(std::move(loc));
        if (!stream.error().empty()) {
            out.errors.push_back(fmt::format("{}: {}", location, stream.error()));
            return;
        }
        std::set<std::string> seen;
        for (const sitemap_loc& child : listed) {
            const std::string at = fmt::format("{}:{}", location, child.line);
            if (child.url == location) {
                out.errors.push_back(fmt::format("{}: the sitemap index lists itself", at));
                continue;
            }
            if (!seen.insert(child.url).second) continue;  // listed twice: read once
            std::optional<sitemap_document> doc = obtain(child.url, out.errors, at);
            if (!doc) continue;
            if (kind_of(*doc) == sitemap_kind::index) {
                out.errors.push_back(fmt::format(
                    "{}: {} is a sitemap index too, and an index may list only sitemaps (sitemaps.org): not followed",
                    at, child.url));
                continue;
            }
            out.documents.push_back(std::move(*doc));
        }
    }

private:
    // The sitemap at `location`: downloaded into the spool, or a local file
    // opened. `listed_at` ("INDEX:LINE") for one an index lists.
    std::optional<sitemap_document> obtain(const std::string& location, std::vector<std::string>& errors,
                                           const std::string& listed_at) {
        const std::string where = listed_at.empty() ? location : fmt::format("{} (listed at {})", location, listed_at);
        if (!is_http(location)) {
            // An index's <loc>s are URLs (sitemaps.org); only a --sitemap
            // may be a local path.
            if (!listed_at.empty()) {
                errors.push_back(fmt::format("{}: a sitemap index lists only http(s) URLs", where));
                return std::nullopt;
            }
            errno = 0;
            std::shared_ptr<std::FILE> file(std::fopen(location.c_str(), "rb"), file_closer{});
            if (!file) {
                errors.push_back(fmt::format("cannot read {}: {}", location, std::strerror(errno)));
                return std::nullopt;
            }
            return sitemap_document{location, std::move(file)};
        }
        if (!spool_) {
            spool_.reset(std::tmpfile(), file_closer{});
            if (!spool_) {
                errors.push_back(fmt::format("cannot download {}: no temporary file: {}", where, std::strerror(errno)));
                return std::nullopt;
            }
        }
        download_outcome got;
        std::exception_ptr failed;
        asio::co_spawn(services_.ioc, download(services_.ctx, spec_, location, spool_.get(), max_bytes_, got),
                       [&](std::exception_ptr e) {
                           failed = e;
                           // DNS keeps its sockets registered: run() would
                           // not return on its own.
                           services_.ioc.stop();
                       });
        services_.ioc.restart();
        services_.ioc.run();
        if (failed) {
            try {
                std::rethrow_exception(failed);
            } catch (const std::exception& e) {
                got.error = e.what();
            }
        }
        if (!got.error.empty()) {
            errors.push_back(fmt::format("cannot download {}: {}", where, got.error));
            return std::nullopt;
        }
        return sitemap_document{location, spool_, got.offset, got.length};
    }

    check_services services_;
    check_spec spec_;
    std::uint64_t max_bytes_;
    std::shared_ptr<std::FILE> spool_;
};

}  // namespace

fetched_sitemaps fetch_sitemaps(const std::vector<std::string>& locations, const check_options& options,
                                std::uint64_t max_bytes) {
    fetched_sitemaps out;
    if (locations.empty()) return out;
    try {
        sitemap_fetcher fetcher(options, max_bytes);
        for (const auto& location : locations) fetcher.fetch(location, out);
    } catch (const std::runtime_error& e) {
        // A setup failure (an unreadable --cacert): named once, for all.
        out.errors.push_back(fmt::format("cannot download sitemaps: {}", e.what()));
        out.documents.clear();
    }
    return out;
}

}  // namespace urlcheck
