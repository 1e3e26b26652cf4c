// Durations as written in lists and options ("800ms", "2s", "1.5s", or bare
// seconds "2"), and as messages show them ("800 ms", "2 s", "1.5 s").
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace urlcheck {

// Parses DIGITS[.DIGITS][ms|s]; no unit means seconds. A fraction rounds up
// to whole milliseconds, so a tiny positive duration never becomes zero.
// Zero is accepted (callers that need more say so); at most 24 hours. On
// failure `error` says what was expected, without quoting `text`.
std::optional<std::chrono::milliseconds> parse_duration(std::string_view text, std::string* error = nullptr);

// "250 ms", "5 s", "2.5 s": a duration in a message, to 0.1 s from a second
// up. The reports' time column has its own form (report/text.cpp).
std::string format_duration(std::chrono::milliseconds d);

}  // namespace urlcheck
