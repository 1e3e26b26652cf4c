// The live status line's text (compose_status in src/terminal.hpp): what it
// says at a wide window, and that at every width it fits, dropping the least
// useful parts first.
#include <gtest/gtest.h>

#include <string>

#include "report/text_layout.hpp"
#include "terminal.hpp"

namespace {

using urlcheck::compose_status;
using urlcheck::status_counts;
using urlcheck::report_detail::columns;

status_counts busy() {
    status_counts c;
    c.done = 105;
    c.total = 300;
    c.down = 15;
    c.degraded = 2;
    c.confirming = 5;
    c.in_flight = 8;
    c.elapsed_s = 10.5;
    c.waiting_url = "https://slow.example.com/reports/2026/quarterly/slow";
    c.waiting_s = 14.2;
    return c;
}

TEST(StatusLine, SaysEverythingWhenThereIsRoom) {
    EXPECT_EQ(
        compose_status(busy(), 200),
        "[\xE2\x96\x88\xE2\x96\x88\xE2\x96\x88\xE2\x96\x91\xE2\x96\x91\xE2\x96\x91\xE2\x96\x91\xE2\x96\x91\xE2\x96"
        "\x91\xE2\x96\x91] 105/300 \xC2\xB7 10.0/s \xC2\xB7 0:10 \xC2\xB7 ETA 0:19 \xC2\xB7 15 down \xC2\xB7 2 "
        "degraded \xC2\xB7 5 confirming \xC2\xB7 8 in flight \xC2\xB7 waiting 14 s on "
        "https://slow.example.com/reports/2026/quarterly/slow");
}

TEST(StatusLine, FitsEveryWidth) {
    for (std::size_t width = 0; width <= 220; ++width) {
        const std::string line = compose_status(busy(), width);
        EXPECT_LE(columns(line), width) << width << ": " << line;
        EXPECT_EQ(line.find('\n'), std::string::npos);
    }
}

TEST(StatusLine, TheWaitingUrlIsCutBeforeAnythingIsDropped) {
    const std::string line = compose_status(busy(), 120);
    EXPECT_LE(columns(line), 120u);
    EXPECT_NE(line.find("8 in flight"), std::string::npos) << line;
    EXPECT_NE(line.find("waiting 14 s on https://"), std::string::npos) << line;
    EXPECT_NE(line.find("\xE2\x80\xA6"), std::string::npos) << line;
}

TEST(StatusLine, NarrowKeepsTheCountsThatMatter) {
    const std::string line = compose_status(busy(), 29);
    EXPECT_NE(line.find("105/300"), std::string::npos) << line;
    EXPECT_NE(line.find("15 down"), std::string::npos) << line;
    EXPECT_EQ(line.find("in flight"), std::string::npos) << line;
    EXPECT_EQ(line.find('['), std::string::npos) << line;  // the bar went first
}

TEST(StatusLine, NoWaitingPartWhenNothingIsSlow) {
    status_counts c = busy();
    c.waiting_url.clear();
    EXPECT_EQ(compose_status(c, 200).find("waiting"), std::string::npos);
}

}  // namespace
