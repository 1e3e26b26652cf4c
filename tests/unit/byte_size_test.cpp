// parse_byte_size: the sizes --body-limit and --max-header-size take
// ("65536", "64k", "1m"), their bounds and the message when a size is bad.
#include <gtest/gtest.h>

#include <cstddef>
#include <limits>
#include <optional>
#include <string>

#include "urlcheck/byte_size.hpp"

namespace {

using urlcheck::parse_byte_size;

constexpr std::size_t mib = 1024 * 1024;
constexpr std::string_view expected_form = "expected a size like 65536, 64k or 1m";

struct good_row {
    const char* text;
    std::size_t max;
    std::size_t bytes;
};

TEST(ByteSize, DigitsWithAnOptionalBinaryUnit) {
    const good_row rows[] = {
        {"0", 100, 0},
        {"1", 100, 1},
        {"65536", 64 * mib, 65536},
        {"64k", 64 * mib, 64 * 1024},
        {"64K", 64 * mib, 64 * 1024},
        {"1m", 64 * mib, mib},
        {"1M", 64 * mib, mib},
        {"0k", 100, 0},
        {"007", 100, 7},  // leading zeros are digits like any other
        {"100", 100, 100},  // the bound itself is allowed
        {"1k", 1024, 1024},
        {"64m", 64 * mib, 64 * mib},
    };
    for (const auto& r : rows) {
        SCOPED_TRACE(r.text);
        std::string error = "untouched";
        const auto got = parse_byte_size(r.text, r.max, &error);
        ASSERT_TRUE(got.has_value()) << error;
        EXPECT_EQ(*got, r.bytes);
        EXPECT_EQ(error, "untouched") << "success leaves the error alone";
    }
}

TEST(ByteSize, AnythingElseSaysWhatWasExpected) {
    const char* const rows[] = {
        "",     "k",    "m",     "-1",   "+1",   " 1",  "1 ",  "1kb", "1g",  "1G",
        "1.5k", "0x10", "1e3",   "kk",   "1kk",  "1mk", "k1",  "one", "1_0", "1,000",
    };
    for (const char* text : rows) {
        SCOPED_TRACE(std::string("'") + text + "'");
        std::string error;
        EXPECT_EQ(parse_byte_size(text, 64 * mib, &error), std::nullopt);
        EXPECT_EQ(error, expected_form);
    }
}

TEST(ByteSize, AboveTheBoundNamesTheBound) {
    struct row {
        const char* text;
        std::size_t max;
    };
    const row rows[] = {
        {"101", 100},
        {"1k", 1023},
        {"2m", 2 * mib - 1},
        {"65m", 64 * mib},
        // Overflowing the unit's multiplication, or from_chars itself.
        {"18014398509481984m", std::numeric_limits<std::size_t>::max()},
        {"99999999999999999999999", std::numeric_limits<std::size_t>::max()},
    };
    for (const auto& r : rows) {
        SCOPED_TRACE(r.text);
        std::string error;
        EXPECT_EQ(parse_byte_size(r.text, r.max, &error), std::nullopt);
        EXPECT_EQ(error, "size out of range: at most " + std::to_string(r.max) + " bytes");
    }
}

TEST(ByteSize, TheErrorIsOptional) {
    EXPECT_EQ(parse_byte_size("nope", 100), std::nullopt);
    EXPECT_EQ(parse_byte_size("101", 100), std::nullopt);
    EXPECT_EQ(parse_byte_size("100", 100), std::optional<std::size_t>(100));
}

}  // namespace
