#include "urlcheck/header_field.hpp"

#include "text.hpp"

namespace urlcheck {

namespace {

// RFC 9110 token characters, the only ones allowed in a field name.
bool is_tchar(char c) noexcept {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
    return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

std::string_view trim_ows(std::string_view s) noexcept {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

// What a bad header may show of itself in an error message: its first word,
// control bytes escaped. The rest may be a token ("Authorization Bearer abc"
// without the colon), and these messages end up in CI logs.
std::string first_word(std::string_view text) {
    const std::size_t space = text.find_first_of(" \t");
    std::string out = printable(text.substr(0, space));
    if (space != std::string_view::npos) out += " ...";
    return out;
}

std::optional<header_field> fail(std::string* error, std::string message) {
    if (error != nullptr) *error = std::move(message);
    return std::nullopt;
}

}  // namespace

bool is_header_name(std::string_view name) noexcept {
    if (name.empty()) return false;
    for (char c : name) {
        if (!is_tchar(c)) return false;
    }
    return true;
}

// Field values may hold visible characters, spaces and tabs; CR/LF would let
// a header smuggle further headers into the request.
bool is_header_value(std::string_view value) noexcept {
    for (char c : value) {
        const auto byte = static_cast<unsigned char>(c);
        if ((byte < 0x20 && c != '\t') || byte == 0x7f) return false;
    }
    return true;
}

std::optional<header_field> parse_header_field(std::string_view text, std::string* error) {
    const std::size_t colon = text.find(':');
    if (colon == std::string_view::npos) return fail(error, "expected 'Name: value', got '" + first_word(text) + "'");
    const std::string_view name = text.substr(0, colon);
    if (name.empty()) return fail(error, "missing header name before ':'");
    if (!is_header_name(name)) return fail(error, "invalid header name '" + first_word(name) + "'");
    const std::string_view value = trim_ows(text.substr(colon + 1));
    if (!is_header_value(value)) {
        return fail(error, "control characters are not allowed in the value of '" + std::string(name) + "'");
    }
    return header_field{std::string(name), std::string(value)};
}

}  // namespace urlcheck
