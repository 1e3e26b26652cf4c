#include "repeat_counter.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

namespace urlcheck {
namespace {

// Hashes as repeat_key() gives them: spread over all 64 bits.
std::uint64_t hash_of(std::uint64_t i) {
    std::uint64_t z = i + 0x9E3779B97F4A7C15ULL;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

TEST(RepeatCounter, CountsDownTheRepeatsOfEachUrl) {
    repeat_counter counts;
    // a three times, b once, c twice, interleaved.
    for (std::uint64_t h : {hash_of(1), hash_of(2), hash_of(1), hash_of(3), hash_of(1), hash_of(3)}) counts.add(h);
    counts.seal();
    EXPECT_EQ(counts.distinct(), 2u);  // b, listed once, is forgotten
    EXPECT_TRUE(counts.repeated(hash_of(1)));
    EXPECT_FALSE(counts.repeated(hash_of(2)));
    EXPECT_TRUE(counts.repeated(hash_of(3)));

    EXPECT_TRUE(counts.take(hash_of(1)));   // two more to come
    EXPECT_FALSE(counts.take(hash_of(2)));  // listed once
    EXPECT_TRUE(counts.take(hash_of(1)));
    EXPECT_TRUE(counts.take(hash_of(3)));
    EXPECT_FALSE(counts.take(hash_of(1)));  // its last listing
    EXPECT_FALSE(counts.take(hash_of(3)));
    EXPECT_FALSE(counts.take(hash_of(1)));  // read more often than counted (the file grew)
    EXPECT_FALSE(counts.take(hash_of(99)));
}

// The 8 bits of count stop at 255: such a URL's result is kept to the end.
TEST(RepeatCounter, AUrlListedMoreThan254TimesIsKeptToTheEnd) {
    repeat_counter counts;
    for (int i = 0; i < 1000; ++i) counts.add(hash_of(7));
    counts.seal();
    for (int i = 0; i < 1000; ++i) ASSERT_TRUE(counts.take(hash_of(7))) << i;
}

// Hashes that differ only in their low 8 bits are one URL to it (they share
// a fingerprint): an over-count, which keeps a result longer, never less.
TEST(RepeatCounter, LowBitsAreNotPartOfTheFingerprint) {
    repeat_counter counts;
    counts.add(0x1234'5678'9ABC'DE00ULL);
    counts.add(0x1234'5678'9ABC'DEFFULL);
    counts.seal();
    EXPECT_TRUE(counts.repeated(0x1234'5678'9ABC'DE42ULL));
}

// The bound: at most 16 bytes per distinct URL, by the counter's own
// accounting of what it has allocated, at every step of a large scan (past
// the fixed first buffer), with repeats spread across merges found exactly.
TEST(RepeatCounter, AtMost16BytesPerDistinctUrlAndFindsEveryRepeat) {
    repeat_counter counts;
    constexpr std::uint64_t distinct = 1'000'000;
    std::size_t worst_checked = 0;
    for (std::uint64_t i = 0; i < distinct; ++i) {
        counts.add(hash_of(i));
        if (i % 7 == 0) counts.add(hash_of(i / 2));  // repeats, near and far
        if (counts.distinct() >= 4 * repeat_counter::pending_minimum) {
            ASSERT_LE(counts.bytes(), 16 * counts.distinct()) << "after " << i;
            ++worst_checked;
        }
    }
    EXPECT_GT(worst_checked, distinct / 2);
    counts.seal();
    // Now only the repeated ones; each was added twice (or more).
    std::size_t repeated = 0;
    for (std::uint64_t i = 0; i < distinct; ++i) {
        // Added again by j = 2i or 2i + 1 when j is a multiple of 7.
        const bool want = ((2 * i) % 7 == 0 && 2 * i < distinct) || ((2 * i + 1) % 7 == 0 && 2 * i + 1 < distinct);
        ASSERT_EQ(counts.repeated(hash_of(i)), want) << i;
        repeated += want ? 1 : 0;
    }
    EXPECT_EQ(counts.distinct(), repeated);
    EXPECT_LE(counts.bytes(), 8 * repeated);
}

TEST(RepeatCounter, EmptyAndSealedTwice) {
    repeat_counter counts;
    counts.seal();
    counts.seal();
    EXPECT_EQ(counts.distinct(), 0u);
    EXPECT_EQ(counts.bytes(), 0u);
    EXPECT_FALSE(counts.take(hash_of(1)));
}

}  // namespace
}  // namespace urlcheck
