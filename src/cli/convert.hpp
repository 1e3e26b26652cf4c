// Option values from the user's text, and back: the small pure converters
// behind every command-line option. An error says what was wrong without the
// option's name, which the caller puts in front ("--timeout: ...").
#pragma once

#include <array>
#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "urlcheck/header_field.hpp"
#include "urlcheck/options.hpp"
#include "urlcheck/vocabulary.hpp"

namespace urlcheck::cli {

bool ci_equal(std::string_view a, std::string_view b) noexcept;

// A whole number >= minimum: "expected a whole number >= 1, got 'abc'".
std::optional<int> to_int(std::string_view text, int minimum, std::string* error);

// A duration in the one grammar of lists and options (duration.hpp: "800ms",
// "2s", "1.5" = seconds), from `minimum` to `maximum`. A minimum of 1 ms reads
// "> 0" in messages, for the limits where zero would mean "no time at all".
std::optional<std::chrono::milliseconds> to_duration(std::string_view text, std::chrono::milliseconds minimum,
                                                     std::chrono::milliseconds maximum, std::string* error);

// A size ("65536", "64k", "1m") of at most `maximum` bytes.
std::optional<std::size_t> to_size(std::string_view text, std::size_t maximum, std::string* error);

// A header "Name: value"; errors never quote the value (it may be a secret).
std::optional<header_field> to_header(std::string_view text, std::string* error);

// The value `text` names among `names`, in any case: "expected text, json or
// jsonl, got 'xml'".
template <class E, std::size_t N>
std::optional<E> one_of(std::string_view text, const std::array<spelling<E>, N>& names, std::string* error) {
    std::string expected;
    for (std::size_t i = 0; i < N; ++i) {
        if (ci_equal(text, names[i].name)) return names[i].value;
        if (i > 0) expected += i + 1 == N ? " or " : ", ";
        expected += names[i].name;
    }
    if (error != nullptr) *error = "expected " + expected + ", got '" + std::string(text) + "'";
    return std::nullopt;
}

// --tls-min: "1.2" or "1.3" ("expected 1.2 or 1.3, got '1.1' (TLS 1.1 and
// older are never used)"); tls_version_text gives the same words back.
std::optional<tls_version> to_tls_version(std::string_view text, std::string* error);
std::string_view tls_version_text(tls_version v) noexcept;

// The text a user would write for a value, which the converters above read
// back to the same value: 10000 ms -> "10s", 500 ms -> "500ms", 1500 ms ->
// "1.5s"; 65536 -> "64k".
std::string duration_text(std::chrono::milliseconds d);
std::string size_text(std::size_t bytes);

}  // namespace urlcheck::cli
