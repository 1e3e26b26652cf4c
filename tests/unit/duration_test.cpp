// parse_duration: "800ms", "2s", "1.5s", bare seconds.
#include "urlcheck/duration.hpp"

#include <gtest/gtest.h>

#include <string>

namespace {

using namespace std::chrono_literals;
using urlcheck::format_duration;
using urlcheck::parse_duration;

TEST(Duration, ValidForms) {
    struct row {
        const char* text;
        std::chrono::milliseconds expected;
    };
    for (const row& r : {row{"800ms", 800ms},
                         row{"2s", 2000ms},
                         row{"1.5s", 1500ms},
                         row{"2", 2000ms},
                         row{"0.25", 250ms},
                         row{"0.3s", 300ms},
                         row{"0.1", 100ms},
                         row{"0", 0ms},
                         row{"0ms", 0ms},
                         row{"0s", 0ms},
                         row{"007s", 7000ms},
                         // Fractions round up to whole milliseconds.
                         row{"0.0001s", 1ms},
                         row{"1.2345s", 1235ms},
                         row{"1.2340000s", 1234ms},
                         row{"1.5ms", 2ms},
                         row{"0.0ms", 0ms},
                         row{"86400", 86400000ms},
                         row{"86400000ms", 86400000ms},
                         row{"000000000000086400s", 86400000ms}}) {
        std::string why;
        const auto d = parse_duration(r.text, &why);
        ASSERT_TRUE(d) << r.text << ": " << why;
        EXPECT_EQ(*d, r.expected) << r.text;
    }
}

TEST(Duration, InvalidForms) {
    for (const char* text : {"", "ms", "s", "-1s", "+1s", "1.s", ".5s", "1e3", "1,5s", "2m", "2 s", " 2s", "2s ",
                             "2S", "2MS", "1.5.5s", "0x10", "inf", "nan", "2sec", "1h"}) {
        std::string why;
        EXPECT_FALSE(parse_duration(text, &why)) << text;
        EXPECT_EQ(why, "expected a duration like 800ms, 2s or 1.5s") << text;
    }
    EXPECT_FALSE(parse_duration("x"));  // the error is optional
}

TEST(Duration, AtMostADay) {
    for (const char* text : {"86400.001", "86401s", "86400001ms", "1000000000", "99999999999999999999999s"}) {
        std::string why;
        EXPECT_FALSE(parse_duration(text, &why)) << text;
        EXPECT_EQ(why, "duration out of range: at most 24 hours") << text;
    }
}

}  // namespace

TEST(FormatDuration, Units) {
    EXPECT_EQ(format_duration(250ms), "250 ms");
    EXPECT_EQ(format_duration(5000ms), "5 s");
    EXPECT_EQ(format_duration(2500ms), "2.5 s");
}
