#include "urlcheck/line_options.hpp"

#include <algorithm>
#include <array>
#include <charconv>

#include <boost/regex.hpp>
#include <boost/url/grammar/ci_string.hpp>
#include <fmt/format.h>

#include "text.hpp"
#include "suggest.hpp"
#include "urlcheck/duration.hpp"

namespace urlcheck {

namespace {

using boost::urls::grammar::ci_is_equal;

// Longer patterns are refused: a list line is no place for a program.
constexpr std::size_t max_pattern_size = 1024;

enum class key {
    status,
    method,
    header,
    expect_header,
    contains,
    not_contains,
    regex,
    max_time,
    timeout,
    cert_days,
    redirect,
    insecure,
    ips,
    tag,
};

struct key_info {
    std::string_view name;
    key id;
    bool repeatable;
};

constexpr std::array<key_info, 14> keys{{
    {"status", key::status, false},
    {"method", key::method, false},
    {"header", key::header, true},
    {"expect-header", key::expect_header, true},
    {"contains", key::contains, true},
    {"not-contains", key::not_contains, true},
    {"regex", key::regex, false},
    {"max-time", key::max_time, false},
    {"timeout", key::timeout, false},
    {"cert-days", key::cert_days, false},
    {"redirect", key::redirect, false},
    {"insecure", key::insecure, false},
    {"ips", key::ips, false},
    {"tag", key::tag, true},
}};

bool is_blank(char c) noexcept { return c == ' ' || c == '\t'; }

bool is_control(char c) noexcept {
    const auto byte = static_cast<unsigned char>(c);
    return (byte < 0x20 && c != '\t') || byte == 0x7f;
}

// The closest known key within two edits, if any. A one-letter typo is no
// evidence of anything, so the distance must also be below the length.
const key_info* near_miss(std::string_view written) noexcept {
    std::array<std::string_view, keys.size()> names;
    std::transform(keys.begin(), keys.end(), names.begin(), [](const key_info& k) { return k.name; });
    const auto i = closest(written, names);
    return i ? &keys[*i] : nullptr;
}

const key_info* find_key(std::string_view name) noexcept {
    for (const key_info& k : keys) {
        if (k.name == name) return &k;
    }
    return nullptr;
}

// Words other checkers (and people) use for our keys: no spelling distance
// leads from them to ours.
constexpr std::array<std::pair<std::string_view, std::string_view>, 8> other_words{{
    {"accept", "status"},
    {"accept-status", "status"},
    {"expect-status", "status"},
    {"status-code", "status"},
    {"code", "status"},
    {"body", "contains"},
    {"match", "regex"},
    {"tags", "tag"},
}};

std::string unknown_key_message(std::string_view name) {
    std::string message = fmt::format("unknown key '{}'", printable(name));
    const std::string lower = ascii_lower(name);
    for (const auto& [word, ours] : other_words) {
        if (lower == word) return message + fmt::format(" (did you mean '{}'?)", ours);
    }
    if (const key_info* k = near_miss(name)) message += fmt::format(" (did you mean '{}'?)", k->name);
    return message;
}

// "status = 200": the key, blanks, then '=' or a value that starts with it.
bool spaced_equals(std::string_view text, std::size_t pos) noexcept {
    while (pos < text.size() && is_blank(text[pos])) ++pos;
    return pos < text.size() && text[pos] == '=';
}

// Checks that `pattern` compiles as the engine will compile it.
std::optional<std::string> regex_error(std::string_view pattern) {
    if (pattern.size() > max_pattern_size) {
        return fmt::format("regex too long ({} bytes, at most {})", pattern.size(), max_pattern_size);
    }
    // Compiled as the engine compiles it (check_spec.cpp): Boost.Regex,
    // ECMAScript syntax.
    try {
        boost::regex compiled(pattern.begin(), pattern.end(), boost::regex::ECMAScript);
    } catch (const boost::regex_error& e) {
        // Boost goes on to quote the pattern with a marker; the column says where.
        std::string_view what = e.what();
        what = what.substr(0, what.find("  The error occurred"));
        while (!what.empty() && (what.back() == '.' || what.back() == ' ')) what.remove_suffix(1);
        return fmt::format("invalid regex: {}", printable(what));
    }
    return std::nullopt;
}

// One key's value into `out`; the reason when it is not valid.
std::optional<std::string> apply(key id, std::string value, line_options& out) {
    std::string why;
    switch (id) {
        case key::status:
            if (auto list = accept_list::parse(value, &why)) {
                out.status = std::move(*list);
                return std::nullopt;
            }
            return why;
        case key::method:
            out.method = parse_http_method(value);
            if (!out.method) return fmt::format("expected GET, HEAD or auto, got '{}'", printable(value));
            return std::nullopt;
        case key::header:
            if (auto field = parse_header_field(value, &why)) {
                out.headers.push_back(std::move(*field));
                return std::nullopt;
            }
            return why;
        case key::expect_header: {
            header_expectation expected;
            const std::size_t colon = value.find(':');
            expected.name = value.substr(0, colon);
            if (!is_header_name(expected.name)) {
                return fmt::format("invalid header name '{}'", printable(expected.name));
            }
            if (colon != std::string::npos) {
                std::string_view pattern = std::string_view(value).substr(colon + 1);
                while (!pattern.empty() && is_blank(pattern.front())) pattern.remove_prefix(1);
                if (pattern.empty()) return std::string("empty pattern after ':' (leave out the ':' to only require the header)");
                if (auto bad = regex_error(pattern)) return bad;
                expected.pattern = std::string(pattern);
            }
            out.expect_headers.push_back(std::move(expected));
            return std::nullopt;
        }
        case key::contains: out.contains.push_back(std::move(value)); return std::nullopt;
        case key::not_contains: out.not_contains.push_back(std::move(value)); return std::nullopt;
        case key::regex:
            if (auto bad = regex_error(value)) return bad;
            out.regex = std::move(value);
            return std::nullopt;
        case key::max_time:
        case key::timeout: {
            const auto duration = parse_duration(value, &why);
            if (!duration) return why;
            if (duration->count() == 0) return std::string("must be more than 0");
            (id == key::max_time ? out.max_time : out.timeout) = *duration;
            return std::nullopt;
        }
        case key::cert_days: {
            int days = 0;
            const char* const end = value.data() + value.size();
            const auto [ptr, ec] = std::from_chars(value.data(), end, days);
            if (ptr != end || ec != std::errc{} || value.front() == '-') {
                return std::string("expected a whole number of days >= 0");
            }
            out.cert_days = days;
            return std::nullopt;
        }
        case key::redirect:
            out.redirect = parse_redirect_policy(value);
            if (!out.redirect) return fmt::format("expected follow, warn, fail or none, got '{}'", printable(value));
            return std::nullopt;
        case key::ips:
            out.ips = parse_ips(value);
            if (!out.ips) return fmt::format("expected all, all-strict or one, got '{}'", printable(value));
            return std::nullopt;
        case key::insecure:  // a flag: no value
            out.insecure = true;
            return std::nullopt;
        case key::tag:
            if (!is_tag(value)) {
                return fmt::format("invalid tag '{}' (letters, digits, '_', '.' and '-' only)", printable(value));
            }
            out.tags.push_back(std::move(value));
            return std::nullopt;
    }
    return std::nullopt;
}

// A value as written from `pos` (just after '='); `pos` ends after it.
struct value_result {
    std::string value;
    std::optional<line_options_error> error;
};

value_result read_value(std::string_view text, std::size_t& pos, std::size_t first_column) {
    value_result r;
    const std::size_t start = pos;
    const auto fail = [&r, first_column](std::size_t at, std::string message) {
        r.error = line_options_error{first_column + at, std::move(message)};
        return std::move(r);
    };
    if (pos < text.size() && text[pos] == '"') {
        for (++pos;; ++pos) {
            if (pos >= text.size()) return fail(start, "missing closing quote");
            const char c = text[pos];
            if (c == '"') break;
            if (c == '\\' && pos + 1 < text.size() && (text[pos + 1] == '"' || text[pos + 1] == '\\')) {
                r.value.push_back(text[++pos]);
                continue;
            }
            if (is_control(c)) return fail(pos, fmt::format("control byte 0x{:02X} in a value", static_cast<unsigned char>(c)));
            r.value.push_back(c);
        }
        ++pos;  // the closing quote
        if (pos < text.size() && !is_blank(text[pos])) return fail(pos, "expected a space after the closing quote");
        return r;
    }
    for (; pos < text.size() && !is_blank(text[pos]); ++pos) {
        const char c = text[pos];
        if (c == '"') return fail(pos, "'\"' inside an unquoted value (quote the whole value)");
        if (is_control(c)) return fail(pos, fmt::format("control byte 0x{:02X} in a value", static_cast<unsigned char>(c)));
        r.value.push_back(c);
    }
    return r;
}

bool is_key_char(char c) noexcept {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
}

}  // namespace

bool is_tag(std::string_view tag) noexcept {
    return !tag.empty() && std::all_of(tag.begin(), tag.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
               c == '.' || c == '-';
    });
}

std::vector<line_option_key> line_option_keys() {
    std::vector<line_option_key> out;
    for (const key_info& k : keys) out.push_back({k.name, k.repeatable});
    return out;
}

std::variant<line_options, line_options_error> parse_line_options(std::string_view text, std::size_t first_column) {
    // A CRLF line's '\r' and any trailing blanks are no token.
    while (!text.empty() && (is_blank(text.back()) || text.back() == '\r')) text.remove_suffix(1);

    line_options out;
    std::array<std::size_t, keys.size()> seen_at{};  // column of a single-valued key's first use; 0: unused
    std::size_t pos = 0;
    for (;;) {
        while (pos < text.size() && is_blank(text[pos])) ++pos;
        if (pos >= text.size() || text[pos] == '#') break;

        const std::size_t token_column = first_column + pos;
        const std::size_t name_end = std::min(text.find_first_of("= \t", pos), text.size());
        const std::string_view name = text.substr(pos, name_end - pos);
        pos = name_end;
        const bool has_value = pos < text.size() && text[pos] == '=';

        const key_info* k = find_key(name);
        if (k == nullptr) return line_options_error{token_column, unknown_key_message(name)};
        const auto index = static_cast<std::size_t>(k - keys.data());
        if (!k->repeatable && seen_at[index] != 0) {
            return line_options_error{token_column, fmt::format("duplicate key '{}' (first given at column {})",
                                                                k->name, seen_at[index])};
        }
        seen_at[index] = token_column;

        if (k->id == key::insecure) {
            if (has_value) return line_options_error{token_column, "'insecure' takes no value"};
            apply(key::insecure, {}, out);
            continue;
        }
        if (!has_value && spaced_equals(text, pos)) {
            return line_options_error{token_column,
                                      fmt::format("{0}: no spaces around '=' (write {0}=VALUE)", k->name)};
        }
        if (!has_value) return line_options_error{token_column, fmt::format("{0}: needs a value ({0}=...)", k->name)};
        const std::size_t value_column = first_column + ++pos;  // past the '='
        // "status= 200": a blank after '=' and something after the blank.
        if (pos < text.size() && is_blank(text[pos])) {
            const auto next = text.find_first_not_of(" \t", pos);
            if (next != std::string_view::npos && text[next] != '#')
                return line_options_error{value_column,
                                          fmt::format("{0}: no spaces around '=' (write {0}=VALUE)", k->name)};
        }
        value_result v = read_value(text, pos, first_column);
        if (v.error) {
            v.error->message = fmt::format("{}: {}", k->name, v.error->message);
            return std::move(*v.error);
        }
        if (v.value.empty()) {
            return line_options_error{value_column, fmt::format("{0}: needs a value ({0}=...)", k->name)};
        }
        if (auto why = apply(k->id, std::move(v.value), out)) {
            return line_options_error{value_column, fmt::format("{}: {}", k->name, *why)};
        }
    }
    return out;
}

bool starts_with_option(std::string_view text) noexcept {
    std::size_t pos = 0;
    while (pos < text.size() && is_blank(text[pos])) ++pos;
    std::size_t end = pos;
    while (end < text.size() && is_key_char(text[end])) ++end;
    const std::string_view name = text.substr(pos, end - pos);
    if (name.empty()) return false;
    if (end < text.size() && text[end] == '=') return true;
    if (end < text.size() && !is_blank(text[end]) && text[end] != '\r') return false;
    if (find_key(name) != nullptr) return true;
    const key_info* k = near_miss(name);
    return k != nullptr && k->id == key::insecure;
}

}  // namespace urlcheck
