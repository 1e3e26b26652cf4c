#include "urlcheck/url_list.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <memory>
#include <system_error>

#include <boost/url/grammar/ci_string.hpp>
#include <boost/url/grammar/parse.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/rfc/uri_rule.hpp>
#include <boost/url/url.hpp>

#include <fmt/format.h>

#include "line_reader.hpp"
#include "text.hpp"

namespace urlcheck {

namespace {

bool is_alpha(char c) noexcept { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

// Characters that may appear anywhere in a URI (RFC 3986 unreserved,
// reserved and '%'). Anything else can never parse, so we can point at it
// precisely instead of relaying the parser's generic complaint.
bool is_uri_char(char c) noexcept {
    if (is_alpha(c) || is_digit(c)) return true;
    switch (c) {
        case '-': case '.': case '_': case '~':                                    // unreserved
        case ':': case '/': case '?': case '#': case '[': case ']': case '@':      // gen-delims
        case '!': case '$': case '&': case '\'': case '(': case ')': case '*':     // sub-delims
        case '+': case ',': case ';': case '=':
        case '%':
            return true;
        default:
            return false;
    }
}

// A character for an error message: never the raw byte when it is a control
// or non-ASCII byte, so messages are safe to print anywhere.
std::string describe_char(char c) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == ' ') return "space";
    if (c == '\t') return "tab";
    if (byte < 0x20 || byte == 0x7f) return fmt::format("control byte 0x{:02X}", byte);
    if (byte >= 0x80) return fmt::format("non-ASCII byte 0x{:02X} (percent-encode it)", byte);
    return fmt::format("'{}'", c);
}

// "50,000,012": byte counts in messages are read by people.
std::string with_commas(std::uint64_t n) {
    std::string digits = std::to_string(n);
    for (std::size_t i = digits.size(); i > 3; i -= 3) digits.insert(i - 3, 1, ',');
    return digits;
}

// The text before a "://" that comes ahead of any '/', '?' or '#': what the
// line gives as its scheme, whatever it looks like. nullopt without one, as
// in "example.com/?next=https://x".
std::optional<std::string_view> written_scheme(std::string_view s) noexcept {
    const std::size_t separator = s.find("://");
    if (separator == std::string_view::npos || s.find_first_of("/?#") < separator) return std::nullopt;
    return s.substr(0, separator);
}

bool is_scheme(std::string_view s) noexcept {
    if (s.empty() || !is_alpha(s.front())) return false;
    return std::all_of(s.begin() + 1, s.end(),
                       [](char c) { return is_alpha(c) || is_digit(c) || c == '+' || c == '-' || c == '.'; });
}

// A scheme other than http and https, said before anything else is looked
// at: "ht!tp://host/" would otherwise be read as the host "ht!tp".
std::optional<std::string> scheme_error(std::string_view written) {
    using boost::urls::grammar::ci_is_equal;
    // "https//host" would otherwise be the host "https" with https://
    // put in front, and end as a DNS error far from the typo.
    for (std::string_view name : {"http", "https"}) {
        if (written.size() >= name.size() + 2 && ci_is_equal(written.substr(0, name.size()), name) &&
            written.substr(name.size(), 2) == "//")
            return fmt::format("missing ':' after the scheme (did you mean '{}://'?)", name);
    }
    const auto scheme = written_scheme(written);
    if (!scheme) return std::nullopt;
    if (ci_is_equal(*scheme, "http") || ci_is_equal(*scheme, "https")) return std::nullopt;
    if (scheme->empty()) return std::string("missing scheme before '://' (not an http(s) URL)");
    // A typo is short; 8 KiB of them is no scheme worth quoting in full.
    constexpr std::size_t shown = 40;
    const std::string quoted = printable(scheme->substr(0, shown)) + (scheme->size() > shown ? "..." : "");
    if (!is_scheme(*scheme)) return fmt::format("unsupported scheme '{}' (not an http(s) URL)", quoted);
    return fmt::format("unsupported scheme '{}' (only http and https)", quoted);
}

entry invalid(entry e, std::string why) {
    e.target.clear();
    e.error = std::move(why);
    return e;
}

// The port as written, checked numerically: Boost.URL accepts any run of
// digits, and 1.81 even splits "x:abc/" into an empty port and a relative
// path, or "x:999./y" into port 999 and the path "./y" (which normalising
// then glues to the port: "x:99999/"). After an authority a path must start
// with '/' (RFC 3986 3.3), so such a split is a bad port.
std::optional<std::string> port_error(const boost::urls::url_view& u) {
    if (!u.has_port()) return std::nullopt;
    const std::string_view port = u.port();
    const std::string_view path = u.encoded_path();
    if (!path.empty() && path.front() != '/') {
        const std::string bad = std::string(port) + std::string(path.substr(0, path.find('/')));
        return fmt::format("invalid port '{}' (must be a number from 1 to 65535)", printable(bad));
    }
    if (port.empty()) return std::nullopt;  // "host:/" means the default port (RFC 3986 6.2.3)
    long value = 0;
    for (char c : port) {
        value = value * 10 + (c - '0');
        if (value > 65535) break;
    }
    if (value < 1 || value > 65535) {
        return fmt::format("invalid port '{}' (must be 1 to 65535)", printable(port));
    }
    return std::nullopt;
}

}  // namespace

std::string_view implied_scheme(std::string_view written) noexcept {
    if (written.substr(0, 2) == "//") return "https:";  // a network-path reference only lacks the scheme
    if (written_scheme(written)) return {};
    // "example.com/x" and "localhost:8080/x" have none (the latter looks
    // like scheme "localhost" to a URI parser, but a digit after the colon
    // means a port), while "mailto:x" has one, so it gets "unsupported
    // scheme" rather than being turned into a nonsense https URL.
    if (written.empty() || !is_alpha(written.front())) return "https://";
    std::size_t i = 1;
    while (i < written.size() && (is_alpha(written[i]) || is_digit(written[i]) || written[i] == '+' ||
                                  written[i] == '-' || written[i] == '.'))
        ++i;
    if (i >= written.size() || written[i] != ':') return "https://";
    if (i + 1 < written.size() && is_digit(written[i + 1])) return "https://";  // host:port
    return {};
}

std::string abbreviated_url(std::string_view written) {
    constexpr std::size_t kept = 100;
    std::string_view start = written.substr(0, kept);
    // The authority the cut falls in (the last one begun: the URL's own, or
    // one in its query) may hold a password whose '@' is cut off, and
    // redaction, which needs that '@', would then show its first bytes.
    // Only a '/' surely ends an authority (redact_url's rule).
    const std::size_t opened = start.rfind("://");
    std::size_t authority = opened == std::string_view::npos ? 0 : opened + 3;
    if (authority == 0 && start.substr(0, 2) == "//") authority = 2;
    const std::string_view last = start.substr(authority);
    if (last.find('/') == std::string_view::npos) {
        const std::size_t colon = last.find(':');
        if (colon != std::string_view::npos)
            start = start.substr(0, static_cast<std::size_t>(last.data() - start.data()) + colon);
    }
    return printable(start) + "\xE2\x80\xA6";  // U+2026 HORIZONTAL ELLIPSIS
}

entry make_overlong_line_entry(std::string_view start, std::uint64_t length, std::string source) {
    entry e;
    e.url = abbreviated_url(trim(start));
    e.source = std::move(source);
    e.error = fmt::format("line too long: {} bytes, limit {} KiB", with_commas(length), max_line_length / 1024);
    return e;
}

entry make_entry(std::string_view written, std::string source) {
    entry e;
    written = trim(written);
    e.source = std::move(source);
    if (written.empty()) return invalid(std::move(e), "empty URL");

    // Scheme-less lines mean https.
    const std::string_view added_scheme = implied_scheme(written);
    const std::size_t added = added_scheme.size();  // so columns refer to what the user wrote
    // Counted as fetched, so that a target is never longer than the limit
    // and reads back as itself.
    if (added + written.size() > max_url_length) {
        e.url = abbreviated_url(written);
        return invalid(std::move(e), fmt::format("URL too long: {} bytes, limit {} KiB",
                                                 with_commas(added + written.size()), max_url_length / 1024));
    }
    e.url = std::string(written);
    if (auto why = scheme_error(written)) return invalid(std::move(e), std::move(*why));

    std::string candidate(added_scheme);
    candidate.append(written);

    for (std::size_t i = added; i < candidate.size(); ++i) {
        if (!is_uri_char(candidate[i])) {
            return invalid(std::move(e), fmt::format("invalid URL: {} at column {}", describe_char(candidate[i]), i - added + 1));
        }
    }

    const char* it = candidate.data();
    const char* const end = candidate.data() + candidate.size();
    const auto parsed = boost::urls::grammar::parse(it, end, boost::urls::uri_rule);
    if (!parsed || it != end) {
        const auto pos = static_cast<std::size_t>(it - candidate.data());
        const std::string reason = parsed ? std::string("unexpected text") : parsed.error().message();
        const std::size_t column = pos >= added ? pos - added + 1 : 1;
        return invalid(std::move(e), fmt::format("invalid URL: {} at column {}", reason, column));
    }
    const boost::urls::url_view view = *parsed;

    const std::string_view scheme = view.scheme();
    if (!boost::urls::grammar::ci_is_equal(scheme, "http") && !boost::urls::grammar::ci_is_equal(scheme, "https")) {
        return invalid(std::move(e), fmt::format("unsupported scheme '{}' (only http and https)", printable(scheme)));
    }
    if (!view.has_authority() || view.encoded_host().empty()) return invalid(std::move(e), "missing host");
    if (auto why = port_error(view)) return invalid(std::move(e), std::move(*why));

    boost::urls::url target(view);
    target.set_scheme(ascii_lower(scheme));
    // Host names are case-insensitive (RFC 3986 3.2.2); lowercasing also
    // keeps percent-escapes valid since hex digits are case-insensitive.
    target.set_encoded_host(ascii_lower(view.encoded_host()));
    if (view.has_port() && view.port().empty()) target.remove_port();
    // The fragment never reaches the server.
    target.remove_fragment();
    e.target = std::string(target.buffer());
    return e;
}

std::string_view list_line_content(std::string_view line) noexcept {
    // A '#' starts a comment at the start of the line or after whitespace;
    // elsewhere it is part of the URL (a fragment).
    for (std::size_t i = 0; i < line.size(); ++i) {
        if (line[i] == '#' && (i == 0 || line[i - 1] == ' ' || line[i - 1] == '\t')) {
            line = line.substr(0, i);
            break;
        }
    }
    return trim(line);  // also drops the '\r' of CRLF
}

std::string_view list_line_url(std::string_view line) noexcept {
    const std::string_view content = list_line_content(line);
    const std::string_view first = content.substr(0, content.find_first_of(" \t"));
    if (first.size() == content.size()) return content;
    // Only options may follow the URL; anything else is taken as part of it
    // and named as the invalid character it is, as before options existed.
    const std::string_view rest = line.substr(static_cast<std::size_t>(first.data() - line.data()) + first.size());
    // trim(): the URL ends where make_entry() would trim it (form feeds and
    // the like before the options are not part of it).
    return starts_with_option(rest) ? trim(first) : content;
}

entry make_list_entry(std::string_view line, std::string source) {
    const std::string_view url = list_line_url(line);
    entry e = make_entry(url, std::move(source));
    if (!e.error.empty()) return e;
    const std::size_t url_end = static_cast<std::size_t>(url.data() - line.data()) + url.size();
    auto parsed = parse_line_options(line.substr(url_end), url_end + 1);
    if (const auto* bad = std::get_if<line_options_error>(&parsed)) {
        return invalid(std::move(e), fmt::format("column {}: {}", bad->column, bad->message));
    }
    e.options = std::get<line_options>(std::move(parsed));
    return e;
}

std::vector<entry> parse_list(std::string_view text, std::string_view source_name) {
    std::vector<entry> entries;
    if (text.empty()) return entries;  // fmemopen takes no empty buffer
    // Read as a file, so tests and the fuzzer go through the splitter that
    // reads real lists. Mode "r" never writes to the buffer.
    const std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(
        ::fmemopen(const_cast<char*>(text.data()), text.size(), "r"), &std::fclose);
    if (!file) throw std::system_error(errno, std::generic_category(), "parse_list: fmemopen");
    const std::string prefix = std::string(source_name) + ":";
    line_reader lines;
    lines.start(file.get());
    list_line line;
    while (lines.next(line)) entries.push_back(line.to_entry(prefix + std::to_string(line.number)));
    return entries;
}

}  // namespace urlcheck
