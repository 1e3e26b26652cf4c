#include "cli/convert.hpp"

#include <charconv>

#include <boost/url/grammar/ci_string.hpp>
#include <fmt/format.h>

#include "urlcheck/byte_size.hpp"
#include "urlcheck/duration.hpp"

namespace urlcheck::cli {

namespace {

template <class T>
std::optional<T> fail(std::string* error, std::string message) {
    if (error != nullptr) *error = std::move(message);
    return std::nullopt;
}

}  // namespace

bool ci_equal(std::string_view a, std::string_view b) noexcept { return boost::urls::grammar::ci_is_equal(a, b); }

std::optional<int> to_int(std::string_view text, int minimum, std::string* error) {
    int value = 0;
    const char* const end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, value);
    const std::string expected = fmt::format("a whole number >= {}", minimum);
    if (text.empty() || ptr != end || ec == std::errc::invalid_argument)
        return fail<int>(error, fmt::format("expected {}, got '{}'", expected, text));
    if (ec == std::errc::result_out_of_range || value < minimum)
        return fail<int>(error, fmt::format("{} is out of range, expected {}", text, expected));
    return value;
}

std::optional<std::chrono::milliseconds> to_duration(std::string_view text, std::chrono::milliseconds minimum,
                                                     std::chrono::milliseconds maximum, std::string* error) {
    using ms = std::chrono::milliseconds;
    // The command line read decimal seconds with strtod before it took the
    // list's grammar, so ".5" and "5." stay valid here (not in lists).
    std::string written(text);
    if (written.size() > 1 && written.starts_with('.')) {
        written.insert(0, 1, '0');
    } else if (written.size() > 1 && written.ends_with('.')) {
        written.push_back('0');
    }
    std::string why;
    const auto d = parse_duration(written, &why);
    if (!d) return fail<ms>(error, fmt::format("{}, got '{}'", why, text));
    const std::string most = maximum == std::chrono::hours(24) ? "24 hours" : duration_text(maximum);
    if (*d < minimum) {
        const std::string bound = minimum == ms(1) ? "> 0" : ">= " + duration_text(minimum);
        return fail<ms>(error, fmt::format("{} is out of range, expected a duration {} (at most {})", text, bound, most));
    }
    if (*d > maximum) return fail<ms>(error, fmt::format("{} is out of range, expected a duration <= {}", text, most));
    return d;
}

std::optional<std::size_t> to_size(std::string_view text, std::size_t maximum, std::string* error) {
    return parse_byte_size(text, maximum, error);
}

std::optional<header_field> to_header(std::string_view text, std::string* error) {
    return parse_header_field(text, error);
}

std::optional<tls_version> to_tls_version(std::string_view text, std::string* error) {
    if (text == "1.2") return tls_version::v1_2;
    if (text == "1.3") return tls_version::v1_3;
    if (error != nullptr) {
        *error = fmt::format("expected 1.2 or 1.3, got '{}'", text);
        if (text == "1.0" || text == "1.1") *error += " (TLS 1.1 and older are never used)";
    }
    return std::nullopt;
}

std::string_view tls_version_text(tls_version v) noexcept { return v == tls_version::v1_3 ? "1.3" : "1.2"; }

std::string duration_text(std::chrono::milliseconds d) {
    const auto n = d.count();
    if (n == 0) return "0";
    if (n % 1000 == 0) return fmt::format("{}s", n / 1000);
    if (n < 1000) return fmt::format("{}ms", n);
    std::string fraction = fmt::format("{:03}", n % 1000);
    while (fraction.back() == '0') fraction.pop_back();
    return fmt::format("{}.{}s", n / 1000, fraction);
}

std::string size_text(std::size_t bytes) {
    constexpr std::size_t kib = 1024;
    if (bytes != 0 && bytes % (kib * kib) == 0) return fmt::format("{}m", bytes / (kib * kib));
    if (bytes != 0 && bytes % kib == 0) return fmt::format("{}k", bytes / kib);
    return fmt::format("{}", bytes);
}

}  // namespace urlcheck::cli
