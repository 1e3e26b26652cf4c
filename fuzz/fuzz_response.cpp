// Raw response bytes through read_response() -- Beast's parser with our
// header limit and body cap, exactly as fetch.cpp reads from a socket -- from
// a stream in memory, then through our verdict: the status against the
// accept list, the redirect target, Retry-After and the retry decision.
//
// Input: byte 0 chooses the request (bit 0: HEAD), small limits (bit 1: a
// 512-byte header limit and a 256-byte body cap, so short inputs reach
// them) and how many bytes each read returns (bits 2-4); the rest is what
// the server sent.
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/url/parse.hpp>

#include <cstddef>
#include <cstdint>
#include <exception>
#include <string_view>

#include "classify.hpp"
#include "fuzz_check.hpp"
#include "read_response.hpp"
#include "redirect.hpp"
#include "retry.hpp"

namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;

// An AsyncReadStream over bytes in memory: each read returns at most
// `chunk` bytes, then end of file.
class memory_stream {
public:
    using executor_type = asio::any_io_executor;

    memory_stream(executor_type executor, std::string_view bytes, std::size_t chunk)
        : executor_(std::move(executor)), bytes_(bytes), chunk_(chunk) {}

    executor_type get_executor() const { return executor_; }

    template <class MutableBuffers, class Token>
    auto async_read_some(const MutableBuffers& buffers, Token&& token) {
        return asio::async_initiate<Token, void(boost::system::error_code, std::size_t)>(
            [this](auto handler, const MutableBuffers& into) {
                boost::system::error_code ec;
                std::size_t n = 0;
                if (bytes_.empty()) {
                    ec = asio::error::eof;
                } else {
                    n = asio::buffer_copy(into, asio::buffer(bytes_.data(), std::min(chunk_, bytes_.size())));
                    bytes_.remove_prefix(n);
                }
                asio::post(executor_, [handler = std::move(handler), ec, n]() mutable { std::move(handler)(ec, n); });
            },
            token, buffers);
    }

private:
    executor_type executor_;
    std::string_view bytes_;
    std::size_t chunk_;
};

constexpr std::size_t chunk_sizes[] = {1, 2, 3, 7, 64, 512, 4096, 1 << 20};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const std::uint8_t control = data[0];
    const std::string_view bytes(reinterpret_cast<const char*>(data) + 1, size - 1);

    urlcheck::response_wants options;  // the limits the CLI starts from
    if (control & 2) {
        options.max_header_bytes = 512;
        options.max_body_bytes = 256;
    }
    const auto method = (control & 1) ? urlcheck::http_method::head : urlcheck::http_method::get;

    static asio::io_context io;
    io.restart();
    memory_stream stream(io.get_executor(), bytes, chunk_sizes[(control >> 2) & 7]);
    urlcheck::fetch_result out;
    urlcheck::exchange_state state;
    bool finished = false;
    asio::co_spawn(io, urlcheck::read_response(stream, options, method, out),
                   [&](std::exception_ptr e, urlcheck::exchange_state s) {
                       if (e) std::rethrow_exception(e);  // read_response promises not to throw
                       state = s;
                       finished = true;
                   });
    io.run();
    FUZZ_CHECK(finished);
    FUZZ_CHECK(!state.reusable || state.complete);

    if (!out.status) {
        // No final header: from memory, only a protocol error is possible.
        FUZZ_CHECK(out.failed.kind == urlcheck::error_kind::protocol);
        FUZZ_CHECK(!out.failed.message.empty());
        FUZZ_CHECK(!state.complete);
        return 0;
    }
    if (out.failed.kind != urlcheck::error_kind::none) {
        // A status, then a body that broke: from memory it can only be cut
        // short or malformed (a stall needs a clock), and never after HEAD.
        FUZZ_CHECK(out.failed.kind == urlcheck::error_kind::protocol);
        FUZZ_CHECK(!out.failed.message.empty());
        FUZZ_CHECK(!state.complete);
        FUZZ_CHECK(method == urlcheck::http_method::get);
    }
    const int status = *out.status;
    FUZZ_CHECK(status >= 100 && status <= 999);
    FUZZ_CHECK(status >= 200 || status == 101);  // interim responses are skipped
    FUZZ_CHECK(out.location.size() <= options.max_header_bytes);

    // The verdict, as check.cpp reaches it.
    urlcheck::accept_list accept;
    const auto verdict = urlcheck::classify_status(status, out.reason, out.location, accept);
    FUZZ_CHECK((verdict.kind == urlcheck::error_kind::none) == accept.accepts(status));
    FUZZ_CHECK(verdict.kind == urlcheck::error_kind::none || !verdict.message.empty());
    if (urlcheck::is_redirect_status(status) && !out.location.empty()) {
        const auto next = urlcheck::resolve_redirect("https://example.com/dir/page?x=1", out.location);
        FUZZ_CHECK(next.url.empty() != next.error.empty());
        if (!next.url.empty()) FUZZ_CHECK(boost::urls::parse_absolute_uri(next.url).has_value());
    }
    if (!out.retry_after.empty()) {
        const auto now = std::chrono::system_clock::time_point(std::chrono::seconds(1'767'225'600));
        const auto wait = urlcheck::parse_retry_after(out.retry_after, now);
        const urlcheck::retry_policy policy;
        const auto delay = urlcheck::next_retry_delay(policy, 1, verdict.kind, status, wait);
        if (delay) FUZZ_CHECK(*delay >= 0ms && *delay <= policy.max_retry_after);
    }
    return 0;
}
