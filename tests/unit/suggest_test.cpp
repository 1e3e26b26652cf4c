// "Did you mean" (src/suggest.hpp).
#include <gtest/gtest.h>

#include <array>
#include <optional>
#include <string>
#include <string_view>

#include "suggest.hpp"

namespace {

TEST(Suggest, EditDistance) {
    struct row {
        std::string_view a, b;
        std::size_t distance;
    };
    for (const auto& [a, b, distance] : {row{"status", "status", 0}, row{"stauts", "status", 1},
                                         row{"statu", "status", 1}, row{"sXatus", "status", 1},
                                         row{"", "abc", 3}, row{"abc", "", 3}, row{"ab", "ba", 1}}) {
        EXPECT_EQ(urlcheck::edit_distance(a, b), distance) << a << " " << b;
    }
    EXPECT_EQ(urlcheck::edit_distance(std::string(33, 'a'), "a"), SIZE_MAX);
}

TEST(Suggest, Closest) {
    constexpr std::array<std::string_view, 4> known{"--concurrency", "--timeout", "--retries", "--retry-wait"};
    struct row {
        std::string_view written;
        std::optional<std::size_t> index;
    };
    for (const auto& [written, index] : {
             row{"--concurency", 0}, row{"--timout", 1}, row{"--retires", 2}, row{"--retry-wiat", 3},
             row{"--frobnicate", std::nullopt},
             row{"a", std::nullopt},  // one letter is no evidence of anything
         }) {
        EXPECT_EQ(urlcheck::closest(written, known), index) << written;
    }
}

}  // namespace
