// The URL-list grammar over arbitrary bytes: parse_list, list_line_content
// and make_entry must never crash, and every entry must point back at the
// line it came from and be either a fetchable http(s) URL or an error.
#include <boost/url/parse.hpp>

#include <charconv>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_check.hpp"
#include "urlcheck/url_list.hpp"

namespace {

// The lines as parse_list numbers them: a leading UTF-8 BOM dropped, split
// on '\n' (a final line without '\n' counts).
std::vector<std::string_view> lines_of(std::string_view text) {
    if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
    std::vector<std::string_view> lines;
    while (!text.empty()) {
        const std::size_t newline = text.find('\n');
        lines.push_back(text.substr(0, newline));
        text = newline == std::string_view::npos ? std::string_view() : text.substr(newline + 1);
    }
    return lines;
}

bool printable(std::string_view s) {
    for (char c : s) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte < 0x20 || byte >= 0x7f) return false;
    }
    return true;
}

void check_target(const std::string& target) {
    const auto url = boost::urls::parse_absolute_uri(target);
    FUZZ_CHECK(url.has_value());
    FUZZ_CHECK(url->scheme() == "http" || url->scheme() == "https");
    FUZZ_CHECK(url->has_authority() && !url->encoded_host().empty());
    FUZZ_CHECK(!url->has_fragment());
    FUZZ_CHECK(target.size() <= urlcheck::max_url_length);
    // Normalisation is stable: the target, read as a list line, is itself.
    const urlcheck::entry again = urlcheck::make_entry(target, "again:1");
    FUZZ_CHECK(again.error.empty());
    FUZZ_CHECK(again.target == target);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const std::vector<urlcheck::entry> entries = urlcheck::parse_list(text, "list.txt");
    const std::vector<std::string_view> lines = lines_of(text);

    std::size_t previous = 0;
    for (const auto& e : entries) {
        // source is "list.txt:N", N a line that exists, one entry per line.
        constexpr std::string_view prefix = "list.txt:";
        FUZZ_CHECK(e.source.compare(0, prefix.size(), prefix) == 0);
        std::size_t line = 0;
        const char* const first = e.source.data() + prefix.size();
        const char* const last = e.source.data() + e.source.size();
        const auto [end, ec] = std::from_chars(first, last, line);
        FUZZ_CHECK(ec == std::errc{} && end == last);
        FUZZ_CHECK(line > previous && line <= lines.size());
        previous = line;

        // The entry is that line's URL (its content without the options
        // after it), and it is not blank; a line or URL too long to echo is
        // shown by its start.
        FUZZ_CHECK(!e.url.empty());
        const std::string_view whole = lines[line - 1];
        if (urlcheck::counted_line_length(whole) > urlcheck::max_line_length) {
            FUZZ_CHECK(e.error.rfind("line too long: ", 0) == 0);
            FUZZ_CHECK(e.url.size() <= 4 * 100 + 3);  // 100 bytes, each at most \xNN, and the ellipsis
        } else if (e.error.rfind("URL too long: ", 0) == 0) {
            FUZZ_CHECK(e.url == urlcheck::abbreviated_url(urlcheck::list_line_url(whole)));
        } else {
            FUZZ_CHECK(e.url == urlcheck::list_line_url(whole));
        }

        // Either a target to fetch or a reason it is invalid, never both.
        FUZZ_CHECK(e.target.empty() != e.error.empty());
        if (e.target.empty()) {
            FUZZ_CHECK(printable(e.error));  // safe to print on a terminal
        } else {
            check_target(e.target);
        }
    }
    // Every non-blank line became an entry.
    std::size_t content_lines = 0;
    for (auto line : lines) content_lines += urlcheck::list_line_content(line).empty() ? 0 : 1;
    FUZZ_CHECK(content_lines == entries.size());
    return 0;
}
