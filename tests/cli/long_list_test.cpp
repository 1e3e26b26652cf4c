// Long lists: memory follows the concurrency and the report, not the list.
// The peak resident set of the child (getrusage) is held to a bound that a
// result kept per line, or per repeated URL to the end of the run, breaks.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "cli/cli_binary.hpp"

namespace {

using namespace std::chrono_literals;
using namespace urlcheck::test;

// Blocks of distinct URLs, each block listed twice in a row: the second copy
// is read after the first copy's checks ended (the read-ahead window is
// 2 x -c + 4096 entries), so every repeat takes a kept result. Those results
// must go once their last repeat is read.
class LongList : public cli_binary {
protected:
    std::string twice_in_blocks(std::size_t distinct, std::size_t block) const {
        std::string text;
        for (std::size_t start = 0; start < distinct; start += block) {
            std::string copy;
            for (std::size_t i = start; i < start + block && i < distinct; ++i)
                copy += url("/ok?i=" + std::to_string(i)) + "\n";
            text += copy;
            text += copy;
        }
        return text;
    }
};

TEST_F(LongList, RepeatsAreCheckedOnceAndTheirResultsDoNotPileUp) {
    constexpr std::size_t distinct = 40'000;
    const auto list = write_file("urls.txt", twice_in_blocks(distinct, 8'000));
    const std::string report = path("report.jsonl");
    subprocess_options o = base_options();
    o.timeout = 600s;  // a loaded 2-core machine; no timing is asserted
    const auto r = run({"-c", "100", "--per-host", "100", "--report", "jsonl=" + report, list}, o);
    ASSERT_FALSE(r.timed_out) << dump(r);
    ASSERT_EQ(r.exit_code, 0) << dump(r);
    // Every line reported, each URL fetched once (one HEAD).
    std::ifstream in(report);
    std::size_t lines = 0;
    std::size_t up = 0;
    for (std::string line; std::getline(in, line);) {
        ++lines;
        if (line.find("\"state\":\"up\"") != std::string::npos) ++up;
    }
    EXPECT_EQ(lines, 2 * distinct);
    EXPECT_EQ(up, 2 * distinct);
    EXPECT_EQ(server_.requests("/ok"), distinct);
    RecordProperty("max_rss_kib", std::to_string(r.max_rss_kib));
    std::printf("peak RSS %ld KiB for %zu lines\n", r.max_rss_kib, 2 * distinct);
    // Measured: 16 MiB. Before repeat counts, when every kept result was
    // held to the end of the run, the same list took 41 MiB (against nginx).
#if !defined(__SANITIZE_ADDRESS__)
    EXPECT_LT(r.max_rss_kib, 30 * 1024) << "peak RSS " << r.max_rss_kib << " KiB";
#endif
    // Under AddressSanitizer the peak follows how much was ever allocated,
    // not what is held: freed blocks wait in its quarantine (up to 256 MiB)
    // and its allocator keeps their pages: 614 MiB in one CI run where the
    // bound of 400 had held before; no bound there tests urlcheck.
}

// --no-dedup keeps no counts: a repeat read after its check ended is
// checked again, and still reported on its own line.
TEST_F(LongList, NoDedupChecksARepeatAgain) {
    // More lines between the two than the read-ahead window (2 x -c + 4096),
    // so the first check has ended when the repeat is read.
    std::string text = url("/ok?i=1") + "\n";
    for (int i = 0; i < 5'000; ++i) text += url("/ok2?i=" + std::to_string(i)) + "\n";
    text += url("/ok?i=1") + "\n";
    const auto list = write_file("urls.txt", text);
    const std::vector<std::string> args = {"-c", "20", "--per-host", "20", "--format", "jsonl", list};
    const auto deduped = run(args);
    ASSERT_EQ(deduped.exit_code, 0) << dump(deduped);
    EXPECT_EQ(server_.requests("/ok"), 1u);
    EXPECT_EQ(split_lines(deduped.out).size(), 5'002u);
    server_.clear_stats();
    std::vector<std::string> no_dedup = args;
    no_dedup.insert(no_dedup.begin(), "--no-dedup");
    const auto again = run(no_dedup);
    ASSERT_EQ(again.exit_code, 0) << dump(again);
    EXPECT_EQ(server_.requests("/ok"), 2u);
    EXPECT_EQ(split_lines(again.out).size(), 5'002u);
}

}  // namespace
