#include "urlcheck/url_list.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <memory>
#include <utility>
#include <system_error>

#include <boost/url/grammar/ci_string.hpp>
#include <boost/url/grammar/parse.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/rfc/uri_rule.hpp>
#include <boost/url/url.hpp>

#include <fmt/format.h>

#include "idn.hpp"
#include "line_reader.hpp"
#include "suggest.hpp"
#include "text.hpp"
#include "unique_file.hpp"

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

// "%3C": how a byte is written in a URL.
std::string percent_encoded(char c) { return fmt::format("%{:02X}", static_cast<unsigned char>(c)); }

// A problem found in a written URL: what is wrong, where, and the fix.
// Written "{subject} at column {column}{rest}" so a report, which shows
// only the message, still says where; column 0: nowhere in particular.
struct url_problem {
    std::string subject;
    std::size_t column = 0;  // from 1, in the written URL
    std::string rest;        // " is not ...", ": write ..."; may be empty
};

// What a person is told about the byte at `column` that can never be in a
// URL, and how to write it instead: "space at column 24: write it as %20".
// `rest` is the text from that byte on, so a non-ASCII character is encoded
// whole (all its bytes).
url_problem bad_char_problem(std::string_view rest, std::size_t column) {
    const char c = rest.front();
    const auto byte = static_cast<unsigned char>(c);
    if (c == ' ') return {"space", column, ": write it as %20"};
    if (c == '\t') return {"tab", column, ": write it as %09"};
    if (byte < 0x20 || byte == 0x7f)
        return {fmt::format("control byte 0x{:02X}", byte), column,
                fmt::format(": remove it or write it as {}", percent_encoded(c))};
    if (byte >= 0x80) {
        // One character's bytes: the lead byte and its continuation bytes.
        std::string encoded = percent_encoded(c);
        for (std::size_t i = 1; i < rest.size() && i < 4 && (static_cast<unsigned char>(rest[i]) & 0xC0) == 0x80; ++i)
            encoded += percent_encoded(rest[i]);
        return {"non-ASCII character", column, fmt::format(": write its UTF-8 bytes as {}", encoded)};
    }
    if (c == '\\')
        return {"'\\'", column,
                fmt::format(" is not allowed in a URL: write '/' for a path, or {}", percent_encoded(c))};
    return {fmt::format("'{}'", c), column,
            fmt::format(" is not allowed in a URL: write it as {}", percent_encoded(c))};
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

// "(did you mean 'http://'?)" for a scheme one edit away from http or
// https ("htp", "htps", "ht!tp"); nothing for a real other scheme ("ftp").
std::string scheme_suggestion(std::string_view scheme) {
    std::string lower = ascii_lower(scheme);
    for (std::string_view name : {"http", "https"}) {
        if (edit_distance(lower, name) == 1) return fmt::format(" (did you mean '{}://'?)", name);
    }
    return {};
}

// A scheme other than http and https, said before anything else is looked
// at: "ht!tp://host/" would otherwise be read as the host "ht!tp".
std::optional<url_problem> scheme_error(std::string_view written) {
    using boost::urls::grammar::ci_is_equal;
    // "https//host" would otherwise be the host "https" with https://
    // put in front, and end as a DNS error far from the typo.
    for (std::string_view name : {"http", "https"}) {
        if (written.size() >= name.size() + 2 && ci_is_equal(written.substr(0, name.size()), name) &&
            written.substr(name.size(), 2) == "//")
            return url_problem{fmt::format("'{}//'", printable(written.substr(0, name.size()))), 1,
                               fmt::format(" has no ':' after the scheme: write '{}://'", name)};
    }
    const auto scheme = written_scheme(written);
    if (!scheme) return std::nullopt;
    if (ci_is_equal(*scheme, "http") || ci_is_equal(*scheme, "https")) return std::nullopt;
    if (scheme->empty()) return url_problem{"'://'", 1, " has no scheme before it: write 'https://'"};
    // A typo is short; 8 KiB of them is no scheme worth quoting in full.
    constexpr std::size_t shown = 40;
    const std::string quoted = printable(scheme->substr(0, shown)) + (scheme->size() > shown ? "..." : "");
    const std::string rest =
        is_scheme(*scheme) ? ": only http and https are checked" : " is not a scheme: only http and https are checked";
    return url_problem{fmt::format("'{}://'", quoted), 1, rest + scheme_suggestion(*scheme)};
}

// The first '%' not followed by two hex digits: Boost.URL only says
// "invalid" somewhere after it.
std::optional<url_problem> percent_error(std::string_view written) {
    const auto hex = [](char c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); };
    for (std::size_t i = written.find('%'); i != std::string_view::npos; i = written.find('%', i + 1)) {
        if (i + 2 < written.size() && hex(written[i + 1]) && hex(written[i + 2])) continue;
        return url_problem{fmt::format("'{}'", printable(written.substr(i, 3))), i + 1,
                           " is not a percent-encoding: write '%' as %25"};
    }
    return std::nullopt;
}

// Why Boost.URL stopped at `pos` (of `candidate`, in which the written URL
// starts at `added`), in the user's words: its own ("mismatch", "unexpected
// text") say nothing to someone who never read RFC 3986. `candidate` is the
// URL itself, not the ASCII stand-in that was parsed (same offsets).
url_problem parse_error(std::string_view candidate, std::size_t added, std::size_t pos) {
    const auto column = [&](std::size_t at) { return at >= added ? at - added + 1 : 1; };
    // The authority: after "//", up to the path, query or fragment.
    const std::size_t slashes = candidate.find("//");
    if (slashes != std::string_view::npos) {
        const std::size_t host = slashes + 2;
        const std::size_t authority_end = std::min(candidate.find_first_of("/?#", host), candidate.size());
        const std::string_view authority = candidate.substr(host, authority_end - host);
        const std::size_t at = authority.rfind('@');
        const std::size_t host_start = at == std::string_view::npos ? host : host + at + 1;
        if (pos <= authority_end && host_start < candidate.size() && candidate[host_start] == '[') {
            const std::size_t close = candidate.find(']', host_start);
            if (close == std::string_view::npos || close > authority_end)
                return {"'['", column(host_start), " has no matching ']': write an IPv6 address as [::1]"};
            return {fmt::format("'{}'", printable(candidate.substr(host_start, close + 1 - host_start))),
                    column(host_start), " is not an IPv6 address"};
        }
    }
    if (pos >= candidate.size()) return {"URL", column(pos), " ends too early"};
    const char c = candidate[pos];
    if (c == '#') return {"second '#'", column(pos), ": write it as %23"};
    if (static_cast<unsigned char>(c) >= 0x80) return bad_char_problem(candidate.substr(pos), column(pos));
    return {fmt::format("'{}'", c), column(pos),
            fmt::format(" is not allowed here: write it as {}", percent_encoded(c))};
}

entry invalid(entry e, std::string why) {
    e.target.clear();
    e.error = std::move(why);
    e.error_column = 0;
    return e;
}

// `first_column`: the column of the written URL's first byte on its line.
entry invalid(entry e, const url_problem& problem, std::size_t first_column) {
    const std::size_t column = problem.column == 0 ? 0 : first_column + problem.column - 1;
    e = invalid(std::move(e), column == 0 ? problem.subject + problem.rest
                                          : fmt::format("{} at column {}{}", problem.subject, column, problem.rest));
    e.error_column = column;
    return e;
}

// The port as written, checked numerically: Boost.URL accepts any run of
// digits, and 1.81 even splits "x:abc/" into an empty port and a relative
// path, or "x:999./y" into port 999 and the path "./y" (which normalising
// then glues to the port: "x:99999/"). After an authority a path must start
// with '/' (RFC 3986 3.3), so such a split is a bad port. `u` views
// `parsed`, the ASCII stand-in of `candidate`; what is quoted is candidate's.
std::optional<url_problem> port_error(const boost::urls::url_view& u, std::string_view parsed,
                                      std::string_view candidate, std::size_t added) {
    if (!u.has_port()) return std::nullopt;
    const auto written = [&](std::string_view part) {
        return candidate.substr(static_cast<std::size_t>(part.data() - parsed.data()), part.size());
    };
    const std::string_view port = written(u.port());
    const std::string_view path = written(u.encoded_path());
    const auto at = static_cast<std::size_t>(u.port().data() - parsed.data());
    const std::size_t column = at >= added ? at - added + 1 : 1;
    if (!path.empty() && path.front() != '/') {
        const std::string bad = std::string(port) + std::string(path.substr(0, path.find('/')));
        return url_problem{fmt::format("port '{}'", printable(bad)), column,
                           " is not a number: write a port from 1 to 65535"};
    }
    if (port.empty()) return std::nullopt;  // "host:/" means the default port (RFC 3986 6.2.3)
    long value = 0;
    for (char c : port) {
        value = value * 10 + (c - '0');
        if (value > 65535) break;
    }
    if (value < 1 || value > 65535)
        return url_problem{fmt::format("port '{}'", printable(port)), column, " is out of range: use 1 to 65535"};
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

namespace {

// make_entry for a written URL whose first byte is at `first_column` of its
// line, so that every column a message names is the line's.
entry make_entry_at(std::string_view written, std::string source, std::size_t first_column) {
    entry e;
    const std::string_view untrimmed = written;
    written = trim(written);
    first_column += static_cast<std::size_t>(written.data() - untrimmed.data());
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
    if (auto why = scheme_error(written)) return invalid(std::move(e), *why, first_column);

    // Non-ASCII is fine: the host becomes its A-label, the rest is
    // percent-encoded (to_ascii_url, below).
    for (std::size_t i = 0; i < written.size(); ++i) {
        if (!is_uri_char(written[i]) && static_cast<unsigned char>(written[i]) < 0x80) {
            return invalid(std::move(e), bad_char_problem(written.substr(i), i + 1), first_column);
        }
    }
    if (auto why = percent_error(written)) return invalid(std::move(e), *why, first_column);

    std::string candidate(added_scheme);
    candidate.append(written);
    const std::string stand_in = ascii_stand_in(candidate);
    const char* it = stand_in.data();
    const char* const end = stand_in.data() + stand_in.size();
    const auto parsed = boost::urls::grammar::parse(it, end, boost::urls::uri_rule);
    if (!parsed || it != end) {
        const auto pos = static_cast<std::size_t>(it - stand_in.data());
        return invalid(std::move(e), parse_error(candidate, added, pos), first_column);
    }
    const boost::urls::url_view view = *parsed;

    const std::string_view scheme = view.scheme();
    if (!boost::urls::grammar::ci_is_equal(scheme, "http") && !boost::urls::grammar::ci_is_equal(scheme, "https")) {
        // "mailto:x", "javascript:x": a scheme without "://".
        return invalid(std::move(e),
                       url_problem{fmt::format("'{}:'", printable(scheme)), 1,
                                   ": only http and https are checked" + scheme_suggestion(scheme)},
                       first_column);
    }
    if (!view.has_authority()) {
        return invalid(
            std::move(e),
            url_problem{fmt::format("'{}:'", printable(scheme)), 1,
                        fmt::format(" is not followed by '//' and a host: write '{}://HOST/'", ascii_lower(scheme))},
            first_column);
    }
    if (view.encoded_host().empty()) {
        // Where the host should be: after "://" and any "user@".
        const std::string_view authority = view.encoded_authority();
        const std::size_t at = authority.rfind('@');
        const auto host =
            static_cast<std::size_t>(authority.data() - stand_in.data()) + (at == std::string_view::npos ? 0 : at + 1);
        // "::::" (scheme-less) was never given the "https://" it would be after.
        if (host <= added) return invalid(std::move(e), url_problem{"missing host", 1, ""}, first_column);
        return invalid(std::move(e),
                       url_problem{fmt::format("missing host after '{}'", printable(candidate.substr(0, host))),
                                   host - added + 1, ""},
                       first_column);
    }
    if (auto why = port_error(view, stand_in, candidate, added)) return invalid(std::move(e), *why, first_column);

    const ascii_url ascii = to_ascii_url(candidate);
    if (!ascii.ok()) {
        const std::size_t column = ascii.host_offset >= added ? ascii.host_offset - added + 1 : 1;
        const url_problem problem{fmt::format("international host name '{}'", printable(ascii.host)), column,
                                  " is invalid: " + ascii.reason};
        return invalid(std::move(e), problem, first_column);
    }
    // Percent-encoding makes a URL up to three times as long: the limit is
    // on what is sent.
    if (ascii.url.size() > max_url_length) {
        e.url = abbreviated_url(written);
        return invalid(std::move(e), fmt::format("URL too long: {} bytes as fetched (percent-encoded), limit {} KiB",
                                                 with_commas(ascii.url.size()), max_url_length / 1024));
    }
    // Parses, since non-ASCII bytes became escapes where the stand-in had
    // 'x's and the host holds only what a reg-name may; checked all the same.
    const auto fetched = boost::urls::parse_uri(ascii.url);
    if (!fetched) return invalid(std::move(e), fmt::format("URL is invalid as sent: '{}'", printable(ascii.url)));
    boost::urls::url target(*fetched);
    target.set_scheme(ascii_lower(scheme));
    // Host names are case-insensitive (RFC 3986 3.2.2); lowercasing also
    // keeps percent-escapes valid since hex digits are case-insensitive.
    target.set_encoded_host(ascii_lower(target.encoded_host()));
    if (target.has_port() && target.port().empty()) target.remove_port();
    // The fragment never reaches the server.
    target.remove_fragment();
    e.target = std::string(target.buffer());
    return e;
}

}  // namespace

entry make_entry(std::string_view written, std::string source) { return make_entry_at(written, std::move(source), 1); }

std::string error_without_column(const entry& e) {
    if (e.error_column == 0) return e.error;
    std::string message = e.error;
    const std::string prefix = fmt::format("column {}: ", e.error_column);
    if (message.rfind(prefix, 0) == 0) return message.substr(prefix.size());
    const std::string infix = fmt::format(" at column {}", e.error_column);
    if (const std::size_t at = message.find(infix); at != std::string::npos) message.erase(at, infix.size());
    return message;
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
    const auto url_start = static_cast<std::size_t>(url.data() - line.data());
    entry e = make_entry_at(url, std::move(source), url_start + 1);
    if (!e.error.empty()) return e;
    const std::size_t url_end = url_start + url.size();
    auto parsed = parse_line_options(line.substr(url_end), url_end + 1);
    if (const auto* bad = std::get_if<line_options_error>(&parsed)) {
        e = invalid(std::move(e), fmt::format("column {}: {}", bad->column, bad->message));
        e.error_column = bad->column;
        return e;
    }
    e.options = std::get<line_options>(std::move(parsed));
    return e;
}

std::vector<entry> parse_list(std::string_view text, std::string_view source_name) {
    std::vector<entry> entries;
    if (text.empty()) return entries;  // fmemopen takes no empty buffer
    // Read as a file, so tests and the fuzzer go through the splitter that
    // reads real lists. Mode "r" never writes to the buffer.
    const unique_file file(::fmemopen(const_cast<char*>(text.data()), text.size(), "r"));
    if (!file) throw std::system_error(errno, std::generic_category(), "parse_list: fmemopen");
    const std::string prefix = std::string(source_name) + ":";
    line_reader lines;
    lines.start(file.get());
    list_line line;
    while (lines.next(line)) entries.push_back(line.to_entry(prefix + std::to_string(line.number)));
    return entries;
}

}  // namespace urlcheck
