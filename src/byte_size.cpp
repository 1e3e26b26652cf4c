#include "urlcheck/byte_size.hpp"

#include <fmt/format.h>

#include <charconv>

namespace urlcheck {

std::optional<std::size_t> parse_byte_size(std::string_view text, std::size_t max, std::string* error) {
    auto fail = [error](std::string why) -> std::optional<std::size_t> {
        if (error != nullptr) *error = std::move(why);
        return std::nullopt;
    };
    std::size_t unit = 1;
    if (!text.empty()) {
        const char last = text.back();
        if (last == 'k' || last == 'K') unit = 1024;
        if (last == 'm' || last == 'M') unit = 1024 * 1024;
        if (unit != 1) text.remove_suffix(1);
    }
    std::size_t value = 0;
    const char* const end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, value);
    if (text.empty() || ptr != end || ec == std::errc::invalid_argument)
        return fail("expected a size like 65536, 64k or 1m");
    if (ec == std::errc::result_out_of_range || value > max / unit)
        return fail(fmt::format("size out of range: at most {} bytes", max));
    return value * unit;
}

}  // namespace urlcheck
