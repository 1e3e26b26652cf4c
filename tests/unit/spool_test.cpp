// Text kept on disk until a report's end (src/report/spool.hpp).
#include <gtest/gtest.h>

#include <string>

#include "report/spool.hpp"

namespace {

using urlcheck::report_detail::ordered_spool;
using urlcheck::report_detail::spool;

template <class Spool>
std::string all(Spool& s, std::size_t key) {
    std::string text;
    s.read(key, [&](std::string_view piece) { text += piece; });
    return text;
}

TEST(Spool, EachKeyReadsBackInTheOrderAppended) {
    spool s;
    s.append(0, "a1 ");
    s.append(2, "c1 ");
    s.append(0, "a2 ");
    s.append(0, "a3 ");
    s.append(2, "c2 ");
    EXPECT_EQ(all(s, 0), "a1 a2 a3 ");
    EXPECT_EQ(all(s, 1), "");
    EXPECT_EQ(all(s, 2), "c1 c2 ");
    EXPECT_EQ(all(s, 7), "");
    // Reading does not end appending.
    s.append(1, "b1");
    EXPECT_EQ(all(s, 1), "b1");
    EXPECT_EQ(all(s, 0), "a1 a2 a3 ");
}

TEST(Spool, ManyMegabytesAcrossThePiecesOnDisk) {
    spool s;
    std::string expected[2];
    for (int i = 0; i < 100'000; ++i) {
        const std::string line = "entry " + std::to_string(i) + " " + std::string(i % 97, 'x') + "\n";
        s.append(i % 3 == 0 ? 1 : 0, line);
        expected[i % 3 == 0 ? 1 : 0] += line;
    }
    std::size_t pieces = 0;
    std::string text;
    s.read(0, [&](std::string_view piece) {
        EXPECT_LE(piece.size(), 64U * 1024);
        text += piece;
        ++pieces;
    });
    EXPECT_EQ(text, expected[0]);
    EXPECT_GT(pieces, 10U);
    EXPECT_EQ(all(s, 1), expected[1]);
}

TEST(OrderedSpool, InputOrderWhateverTheCompletionOrder) {
    ordered_spool s;
    s.add(2, 0, "2 ");
    s.add(1, 1, "1 ");
    EXPECT_EQ(s.held(), 2U) << "both wait for entry 0";
    s.add(0, 0, "0 ");
    EXPECT_EQ(s.held(), 0U);
    s.add(4, 0, "4 ");
    s.add(3, 1, "3 ");
    EXPECT_EQ(all(s, 0), "0 2 4 ");
    EXPECT_EQ(all(s, 1), "1 3 ");
}

TEST(OrderedSpool, AnInterruptedRunKeepsWhatCameAfterTheGap) {
    ordered_spool s;
    s.add(0, 0, "0 ");
    s.add(3, 0, "3 ");  // 1 and 2 never come
    s.add(5, 0, "5 ");
    EXPECT_EQ(s.held(), 2U);
    s.finish();
    EXPECT_EQ(s.held(), 0U);
    EXPECT_EQ(all(s, 0), "0 3 5 ");
}

}  // namespace
