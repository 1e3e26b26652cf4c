// Where the report goes (src/report/sink.hpp): the first write error is kept
// as a value and ends the report with one message.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <unistd.h>

#include "report/sink.hpp"

namespace {

using urlcheck::report_output;
using urlcheck::report_place;
using urlcheck::report_sink;

TEST(ReportSink, FirstWriteErrorIsKept) {
    report_output o{.place = report_place::file, .path = "/dev/full"};  // a device: written in place, every write fails
    std::string error;
    const auto sink = report_sink::open(o, error);
    ASSERT_TRUE(sink) << error;
    EXPECT_TRUE(sink->ok());
    EXPECT_FALSE(sink->write([&] { std::fputs("one\n", sink->stream()); }));
    EXPECT_FALSE(sink->ok());
    EXPECT_FALSE(sink->write([&] { std::fputs("two\n", sink->stream()); }));
    EXPECT_EQ(sink->finish(), "cannot write /dev/full: No space left on device");
}

TEST(ReportSink, OutputFileAppearsOnFinish) {
    const auto dir = std::filesystem::temp_directory_path() / ("sink_test_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const auto path = (dir / "report.txt").string();
    {
        report_output o{.place = report_place::file, .path = path};
        std::string error;
        const auto sink = report_sink::open(o, error);
        ASSERT_TRUE(sink) << error;
        EXPECT_TRUE(sink->write([&] { std::fputs("report\n", sink->stream()); }));
        EXPECT_FALSE(std::filesystem::exists(path)) << "only complete reports are seen";
        EXPECT_EQ(sink->finish(), std::nullopt);
        EXPECT_EQ(sink->release(true), std::nullopt);  // nothing held
    }
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    EXPECT_EQ(text.str(), "report\n");
    std::filesystem::remove_all(dir);
}

TEST(ReportSink, UnwritableOutputFailsAtOpen) {
    report_output o{.place = report_place::file, .path = "/nonexistent-dir/report.txt"};
    std::string error;
    EXPECT_FALSE(report_sink::open(o, error));
    EXPECT_NE(error.find("/nonexistent-dir/report.txt"), std::string::npos) << error;
}

// The GitHub job summary: each run's markdown is added after what the
// job's earlier steps wrote there.
TEST(ReportSink, AppendKeepsWhatWasThere) {
    const auto dir = std::filesystem::temp_directory_path() / ("sink_test_append_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const auto path = (dir / "summary.md").string();
    std::ofstream(path) << "earlier step\n";
    {
        report_output o{.place = report_place::append, .path = path};
        std::string error;
        const auto sink = report_sink::open(o, error);
        ASSERT_TRUE(sink) << error;
        EXPECT_TRUE(sink->write([&] { std::fputs("## urlcheck\n", sink->stream()); }));
        EXPECT_EQ(sink->finish(), std::nullopt);
    }
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    EXPECT_EQ(text.str(), "earlier step\n## urlcheck\n");
    std::filesystem::remove_all(dir);
}

}  // namespace
