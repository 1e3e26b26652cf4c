// The Markdown and plain-text link extractors over arbitrary bytes: never a
// crash, every link placed inside the document (fuzz_extract.hpp), and a
// bare URL of plain text found exactly where it says.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_extract.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    urlcheck::fuzz::check_links(text, urlcheck::extract::from_markdown(text));

    const auto bare = urlcheck::extract::from_text(text);
    urlcheck::fuzz::check_links(text, bare);
    const auto lines = urlcheck::fuzz::lines_of(text);
    for (const auto& link : bare) {
        FUZZ_CHECK(urlcheck::fuzz::is_http_url(link.url));
        FUZZ_CHECK(lines[link.line - 1].substr(link.column - 1, link.url.size()) == link.url);
    }
    return 0;
}
