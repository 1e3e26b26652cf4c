#include "urlcheck/vocabulary.hpp"

#include <boost/url/grammar/ci_string.hpp>

namespace urlcheck {

namespace {

template <class E, std::size_t N>
std::optional<E> find_name(const std::array<spelling<E>, N>& names, std::string_view text) noexcept {
    for (const auto& [name, value] : names)
        if (boost::urls::grammar::ci_is_equal(text, name)) return value;
    return std::nullopt;
}

template <class E, std::size_t N>
std::string_view find_value(const std::array<spelling<E>, N>& names, E wanted) noexcept {
    for (const auto& [name, value] : names)
        if (value == wanted) return name;
    return {};
}

}  // namespace

std::optional<http_method> parse_http_method(std::string_view text) noexcept { return find_name(http_method_names, text); }
std::optional<redirect_policy> parse_redirect_policy(std::string_view text) noexcept {
    return find_name(redirect_policy_names, text);
}
std::optional<output_format> parse_output_format(std::string_view text) noexcept {
    return find_name(output_format_names, text);
}
std::optional<color_mode> parse_color_mode(std::string_view text) noexcept { return find_name(color_mode_names, text); }
std::optional<all_addresses_mode> parse_all_addresses_mode(std::string_view text) noexcept {
    return find_name(all_addresses_names, text);
}
std::optional<all_addresses_mode> parse_ips(std::string_view text) noexcept { return find_name(ips_names, text); }

std::string_view to_string(http_method m) noexcept { return find_value(http_method_names, m); }
std::string_view to_string(redirect_policy p) noexcept { return find_value(redirect_policy_names, p); }
std::string_view to_string(output_format f) noexcept { return find_value(output_format_names, f); }
std::string_view to_string(color_mode c) noexcept { return find_value(color_mode_names, c); }
std::string_view to_string(input_format f) noexcept { return find_value(input_format_names, f); }
std::string_view to_string(report_order o) noexcept { return find_value(report_order_names, o); }
std::string_view to_string(all_addresses_mode m) noexcept { return find_value(all_addresses_names, m); }

}  // namespace urlcheck
