#include "urlcheck/duration.hpp"

#include <cstdint>

#include <fmt/format.h>

namespace urlcheck {

namespace {

constexpr std::uint64_t max_ms = 24ULL * 60 * 60 * 1000;

bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

std::string_view take_digits(std::string_view& s) noexcept {
    std::size_t n = 0;
    while (n < s.size() && is_digit(s[n])) ++n;
    const std::string_view digits = s.substr(0, n);
    s.remove_prefix(n);
    return digits;
}

std::optional<std::chrono::milliseconds> fail(std::string* error, const char* message) {
    if (error != nullptr) error->assign(message);
    return std::nullopt;
}

}  // namespace

std::optional<std::chrono::milliseconds> parse_duration(std::string_view text, std::string* error) {
    constexpr const char* expected = "expected a duration like 800ms, 2s or 1.5s";
    std::string_view rest = text;
    std::string_view whole = take_digits(rest);
    std::string_view fraction;
    if (!rest.empty() && rest.front() == '.') {
        rest.remove_prefix(1);
        fraction = take_digits(rest);
        if (fraction.empty()) return fail(error, expected);
    }
    if (whole.empty()) return fail(error, expected);
    std::uint64_t per_unit = 1000;  // milliseconds in one unit
    if (rest == "ms") {
        per_unit = 1;
    } else if (rest != "s" && !rest.empty()) {
        return fail(error, expected);
    }

    // Integer arithmetic throughout: 0.3s is 300 ms, not 300.00000000000006.
    while (whole.size() > 1 && whole.front() == '0') whole.remove_prefix(1);
    if (whole.size() > 9) return fail(error, "duration out of range: at most 24 hours");
    std::uint64_t ms = 0;
    for (char c : whole) ms = ms * 10 + static_cast<std::uint64_t>(c - '0');
    ms *= per_unit;
    // The fraction's digits worth whole milliseconds, then any rest rounds up.
    std::uint64_t scale = per_unit;
    for (char c : fraction) {
        scale /= 10;
        if (scale == 0) {
            if (c != '0') {
                ++ms;
                break;
            }
            continue;
        }
        ms += static_cast<std::uint64_t>(c - '0') * scale;
    }
    if (ms > max_ms) return fail(error, "duration out of range: at most 24 hours");
    return std::chrono::milliseconds{static_cast<std::chrono::milliseconds::rep>(ms)};
}

std::string format_duration(std::chrono::milliseconds d) {
    if (d.count() < 1000) return fmt::format("{} ms", d.count());
    if (d.count() % 1000 == 0) return fmt::format("{} s", d.count() / 1000);
    return fmt::format("{:.1f} s", static_cast<double>(d.count()) / 1000.0);
}

}  // namespace urlcheck
