// Sizes as written in options: "65536", "64k", "1m" (binary units).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace urlcheck {

// Parses DIGITS[k|K|m|M]: bytes, KiB or MiB. At most `max` bytes. On
// failure `error` says what was expected, without quoting `text`.
std::optional<std::size_t> parse_byte_size(std::string_view text, std::size_t max, std::string* error = nullptr);

}  // namespace urlcheck
