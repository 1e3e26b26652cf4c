#include "urlcheck/accept_list.hpp"

#include <algorithm>
#include <charconv>

#include <fmt/format.h>

#include "text.hpp"

namespace urlcheck {

namespace {

constexpr int min_status = 100;
constexpr int max_status = 999;

// A whole-field decimal number; rejects signs, "0x", trailing junk and values
// that overflow, so "2OO" or "+200" never sneak through as 2 or 200.
std::optional<int> parse_status(std::string_view s) {
    s = trim(s);
    if (s.empty() || s.size() > 3) return std::nullopt;
    int value = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
    if (ec != std::errc{} || end != s.data() + s.size()) return std::nullopt;
    return value;
}

void set_error(std::string* error, std::string message) {
    if (error != nullptr) *error = std::move(message);
}

}  // namespace

accept_list::accept_list() : ranges_{{200, 299}} {}

std::optional<accept_list> accept_list::parse(std::string_view text, std::string* error) {
    std::vector<std::pair<int, int>> ranges;
    const std::string_view whole = trim(text);
    if (whole.empty()) {
        set_error(error, "empty accept list: expected statuses like 200-299,401");
        return std::nullopt;
    }

    std::string_view rest = text;
    while (true) {
        const std::size_t comma = rest.find(',');
        const std::string_view raw = rest.substr(0, comma);
        const std::string_view element = trim(raw);
        if (element.empty()) {
            set_error(error, fmt::format("empty element in accept list '{}'", printable(whole)));
            return std::nullopt;
        }

        // Quoted as printable: the text may come from a list line's status=.
        const std::string quoted = fmt::format("'{}'", printable(element));
        int low = 0;
        int high = 0;
        // A '-' after the first character separates a range; a leading '-'
        // is a negative number and is rejected as junk below.
        const std::size_t dash = element.find('-', 1);
        if (dash == std::string_view::npos) {
            const auto status = parse_status(element);
            if (!status) {
                set_error(error, "invalid accept list element " + quoted +
                                     ": expected a status like 404 or a range like 200-299");
                return std::nullopt;
            }
            low = high = *status;
        } else {
            const auto first = parse_status(element.substr(0, dash));
            const auto last = parse_status(element.substr(dash + 1));
            if (!first || !last) {
                set_error(error, "invalid accept list element " + quoted +
                                     ": expected a status like 404 or a range like 200-299");
                return std::nullopt;
            }
            low = *first;
            high = *last;
            if (low > high) {
                set_error(error, "reversed range " + quoted + " in accept list: the lower status comes first");
                return std::nullopt;
            }
        }
        if (low < min_status || high > max_status) {
            set_error(error, "status out of range in accept list element " + quoted + ": statuses are 100 to 999");
            return std::nullopt;
        }
        ranges.emplace_back(low, high);

        if (comma == std::string_view::npos) break;
        rest.remove_prefix(comma + 1);
    }

    // Sorted and merged so accepts() and to_string() see one canonical form.
    std::sort(ranges.begin(), ranges.end());
    std::vector<std::pair<int, int>> merged;
    for (const auto& r : ranges) {
        if (!merged.empty() && r.first <= merged.back().second + 1) {
            merged.back().second = std::max(merged.back().second, r.second);
        } else {
            merged.push_back(r);
        }
    }

    accept_list list;
    list.ranges_ = std::move(merged);
    return list;
}

bool accept_list::accepts(int status) const noexcept {
    return std::any_of(ranges_.begin(), ranges_.end(),
                       [status](const auto& r) { return r.first <= status && status <= r.second; });
}

std::string accept_list::to_string() const {
    std::string out;
    for (const auto& [low, high] : ranges_) {
        if (!out.empty()) out += ',';
        out += std::to_string(low);
        if (high != low) {
            out += '-';
            out += std::to_string(high);
        }
    }
    return out;
}

}  // namespace urlcheck
