#include "suggest.hpp"

#include <algorithm>
#include <array>
#include <cstdint>

namespace urlcheck {

namespace {

constexpr std::size_t max_compared = 32;

}  // namespace

std::size_t edit_distance(std::string_view a, std::string_view b) noexcept {
    if (a.size() > max_compared || b.size() > max_compared) return SIZE_MAX;
    std::array<std::array<std::size_t, max_compared + 1>, max_compared + 1> d{};
    for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
    for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
                d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
            }
        }
    }
    return d[a.size()][b.size()];
}

std::optional<std::size_t> closest(std::string_view written, std::span<const std::string_view> known) noexcept {
    std::optional<std::size_t> best;
    std::size_t best_distance = 3;
    for (std::size_t i = 0; i < known.size(); ++i) {
        const std::size_t d = edit_distance(written, known[i]);
        if (d < best_distance && d < written.size()) {
            best = i;
            best_distance = d;
        }
    }
    return best;
}

}  // namespace urlcheck
