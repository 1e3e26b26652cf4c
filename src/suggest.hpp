// "Did you mean": the known word closest to a mistyped one, for unknown list
// keys (line_options.cpp) and unknown command-line options (cli/messages.cpp).
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string_view>

namespace urlcheck {

// Optimal string alignment distance: edits, with a swap of two neighbours
// counting as one ("stauts" is one away from "status"). Words longer than 32
// characters are never close: SIZE_MAX.
std::size_t edit_distance(std::string_view a, std::string_view b) noexcept;

// The index in `known` of the closest word within two edits, if any. A
// one-letter typo is no evidence of anything, so the distance must also be
// below the length of `written`.
std::optional<std::size_t> closest(std::string_view written, std::span<const std::string_view> known) noexcept;

}  // namespace urlcheck
