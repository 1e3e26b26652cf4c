// A request header as written on the command line (-H) or in a list
// ("header=..."): "Name: value", checked the same way for both.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace urlcheck {

struct header_field {
    std::string name;
    std::string value;
};

// True for a non-empty RFC 9110 token: the only form a field name may take.
bool is_header_name(std::string_view name) noexcept;

// True when a field value holds no control characters except tab (no CR,
// LF or NUL that could smuggle in further headers).
bool is_header_value(std::string_view value) noexcept;

// Parses "Name: value" (optional whitespace around the value is dropped).
// The name must be a token, the value pass is_header_value.
// On failure `error` says why without quoting the value (it may be a
// credential) and never holds a raw control byte.
std::optional<header_field> parse_header_field(std::string_view text, std::string* error = nullptr);

}  // namespace urlcheck
