// The shared text helpers (src/text.hpp): case, blanks, bytes for messages,
// and the one host normalisation the DNS cache, the pool and the per-host
// limits share.
#include "text.hpp"

#include <gtest/gtest.h>

#include <string>

namespace {

using urlcheck::ascii_lower;
using urlcheck::normalise_host;
using urlcheck::printable;
using urlcheck::trim;

TEST(Text, AsciiLowerTouchesOnlyAToZ) {
    EXPECT_EQ(ascii_lower("Content-TYPE"), "content-type");
    EXPECT_EQ(ascii_lower("\xC3\x84rger 1@[Z]"), "\xC3\x84rger 1@[z]");  // UTF-8 bytes kept
    std::string s = "ETag";
    urlcheck::ascii_lower_in_place(s);
    EXPECT_EQ(s, "etag");
}

TEST(Text, TrimDropsAsciiWhitespaceAtBothEnds) {
    EXPECT_EQ(trim(" \t\r\n\v\fa b\f\v\n\r\t "), "a b");
    EXPECT_EQ(trim(""), "");
    EXPECT_EQ(trim(" \t "), "");
    EXPECT_EQ(trim("\xC2\xA0x"), "\xC2\xA0x");  // a no-break space is not ASCII whitespace
}

TEST(Text, PrintableEscapesControlAndNonAsciiBytes) {
    EXPECT_EQ(printable("plain text ~"), "plain text ~");
    EXPECT_EQ(printable(std::string("a\0b", 3)), "a\\x00b");
    EXPECT_EQ(printable("\x1b[31m\x7f\xff"), "\\x1B[31m\\x7F\\xFF");
}

TEST(Text, NormaliseHostIsOneHostForEveryWayOfWritingIt) {
    struct row {
        const char* written;
        const char* host;
    };
    for (const auto& [written, host] : {
             row{"example.com", "example.com"},
             row{"Example.COM", "example.com"},
             row{"example.com.", "example.com"},  // fully qualified: the same host
             row{"EXAMPLE.com.", "example.com"},
             row{"example.com..", "example.com."},  // only one dot is the root's
             row{".", ""},
             row{"", ""},
             row{"127.0.0.1", "127.0.0.1"},
             row{"::1", "::1"},
         }) {
        EXPECT_EQ(normalise_host(written), host) << written;
    }
}

}  // namespace
