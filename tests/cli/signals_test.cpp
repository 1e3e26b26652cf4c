// SIGINT and SIGTERM mid-run: the partial report, exit 130 or 143, a report
// whose reader has stopped reading, and a second SIGINT that ends at once.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "cli/cli_binary.hpp"

namespace {

namespace fs = std::filesystem;
namespace json = boost::json;
using namespace std::chrono_literals;
using namespace urlcheck::test;
using namespace urlcheck::test::serve;

class Signals : public cli_binary {
protected:
    // Waits until the server has seen `count` requests for `path`: the
    // check is then in flight (for /hang: hanging).
    bool wait_for_requests(std::string_view p, std::size_t count, std::chrono::milliseconds timeout) const {
        const auto until = std::chrono::steady_clock::now() + timeout;
        while (server_.requests(p) < count) {
            if (std::chrono::steady_clock::now() >= until) return false;
            std::this_thread::sleep_for(10ms);
        }
        return true;
    }

    // A jsonl run of 3,000 URLs whose report goes to `reader`'s FIFO.
    subprocess start_blocked_jsonl_run(const class blocked_reader& reader);
};

TEST_F(Signals, SigintMidRunExits130WithFinishedResults) {
    // jsonl streams each result as it is known, so the test can wait for
    // exactly the fast ones before interrupting.
    const auto list = write_file("urls.txt", url("/ok") + "\n" + url("/hang") + "\n" + url("/missing") + "\n" +
                                                 url("/hang2") + "\n");
    subprocess child(URLCHECK_BINARY, {"--format", "jsonl", "-t", "30", "--retries", "0", list}, base_options());
    ASSERT_TRUE(child.wait_for_stdout_lines(2, 20s)) << "fast results not reported; stdout so far:\n"
                                                     << child.stdout_so_far() << "\nstderr:\n"
                                                     << child.stderr_so_far();
    ASSERT_TRUE(wait_for_requests("/hang", 1, 10s));
    ASSERT_TRUE(wait_for_requests("/hang2", 1, 10s));

    const auto signalled = std::chrono::steady_clock::now();
    ASSERT_TRUE(child.send_signal(SIGINT));
    const auto r = child.finish(20s);
    const auto after = std::chrono::steady_clock::now() - signalled;
    ASSERT_FALSE(r.timed_out) << "SIGINT did not stop the run\n" << dump(r);
    EXPECT_EQ(r.exit_code, 130) << dump(r);
    EXPECT_LT(after, 5s) << dump(r);

    const auto lines = split_lines(r.out);
    ASSERT_EQ(lines.size(), 2u) << "exactly the finished results:\n" << dump(r);
    std::vector<std::string> sources;
    for (const auto& line : lines) {
        boost::system::error_code ec;
        const json::value v = json::parse(line, ec);
        ASSERT_FALSE(ec) << "not JSON: " << line;
        sources.emplace_back(v.at("source").as_string());
    }
    std::sort(sources.begin(), sources.end());
    EXPECT_EQ(sources, (std::vector<std::string>{list + ":1", list + ":3"}));
}

TEST_F(Signals, SigintTextReportListsFinishedResultsAndSummary) {
    const auto list = write_file("urls.txt", url("/ok") + "\n" + url("/hang") + "\n" + url("/missing") + "\n");
    subprocess child(URLCHECK_BINARY, {"-v", "-t", "30", "--retries", "0", list}, base_options());
    // The text report is written at the end, so watch the server instead:
    // once /hang has its request and the fast ones were answered, only the
    // client's bookkeeping is left; give that a moment.
    ASSERT_TRUE(wait_for_requests("/hang", 1, 20s)) << child.stderr_so_far();
    ASSERT_TRUE(wait_for_requests("/ok", 1, 10s));
    ASSERT_TRUE(wait_for_requests("/missing", 1, 10s));
    child.pump_for(1s);

    const auto signalled = std::chrono::steady_clock::now();
    ASSERT_TRUE(child.send_signal(SIGINT));
    const auto r = child.finish(20s);
    const auto after = std::chrono::steady_clock::now() - signalled;
    ASSERT_FALSE(r.timed_out) << dump(r);
    EXPECT_EQ(r.exit_code, 130) << dump(r);
    EXPECT_LT(after, 5s) << dump(r);

    EXPECT_EQ(lines_with(r.out, url("/ok")).size(), 1u) << dump(r);
    const auto down = lines_with(r.out, url("/missing"));
    ASSERT_EQ(down.size(), 1u) << dump(r);
    EXPECT_NE(down[0].find(list + ":3"), std::string::npos) << down[0];
    EXPECT_TRUE(lines_with(r.out, url("/hang")).empty()) << "an unfinished check is not a result:\n" << dump(r);

    const auto lines = split_lines(r.out);
    ASSERT_FALSE(lines.empty()) << dump(r);
    const auto counts = parse_summary(lines.back());
    ASSERT_TRUE(counts) << dump(r);
    EXPECT_EQ(counts->checked, 2);
    EXPECT_EQ(counts->up, 1);
    EXPECT_EQ(counts->down, 1);
}

TEST_F(Signals, SigtermMidRunExits143WithPartialJson) {
    const auto list = write_file("urls.txt", url("/ok") + "\n" + url("/hang") + "\n");
    subprocess child(URLCHECK_BINARY, {"--format", "json", "-t", "30", "--retries", "0", list}, base_options());
    ASSERT_TRUE(wait_for_requests("/hang", 1, 20s)) << child.stderr_so_far();
    ASSERT_TRUE(wait_for_requests("/ok", 1, 10s));
    child.pump_for(1s);

    const auto signalled = std::chrono::steady_clock::now();
    ASSERT_TRUE(child.send_signal(SIGTERM));
    const auto r = child.finish(20s);
    const auto after = std::chrono::steady_clock::now() - signalled;
    ASSERT_FALSE(r.timed_out) << dump(r);
    EXPECT_EQ(r.exit_code, 143) << dump(r);
    EXPECT_LT(after, 5s) << dump(r);

    boost::system::error_code ec;
    const json::value v = json::parse(r.out, ec);
    ASSERT_FALSE(ec) << "the partial report must still be valid JSON:\n" << dump(r);
    const auto& results = v.at("results").as_array();
    ASSERT_EQ(results.size(), 1u) << r.out;
    EXPECT_EQ(results[0].at("url"), json::value(url("/ok")));
    EXPECT_EQ(results[0].at("ok"), json::value(true));
}

TEST_F(Signals, SigintBeforeAnyResultStillExits130) {
    // Only hanging URLs: the report is empty but the exit code still says
    // "interrupted", not "all up".
    subprocess child(URLCHECK_BINARY, {"-t", "30", "--retries", "0", url("/hang")}, base_options());
    ASSERT_TRUE(wait_for_requests("/hang", 1, 20s)) << child.stderr_so_far();
    ASSERT_TRUE(child.send_signal(SIGINT));
    const auto r = child.finish(20s);
    ASSERT_FALSE(r.timed_out) << dump(r);
    EXPECT_EQ(r.exit_code, 130) << dump(r);
}

// A report going to a reader that has stopped reading: urlcheck blocks in a
// write with the pipe full. The reader is the test itself, through a FIFO
// it opened and does not read until it chooses to.
class blocked_reader {
public:
    explicit blocked_reader(const fs::path& fifo) : path_(fifo.string()) {
        if (::mkfifo(path_.c_str(), 0600) != 0) throw std::runtime_error("mkfifo failed");
        fd_ = ::open(path_.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
        if (fd_ < 0) throw std::runtime_error("cannot open the FIFO");
    }
    ~blocked_reader() { ::close(fd_); }
    const std::string& path() const { return path_; }

    // Waits until process `writer` sleeps in a write to this FIFO (its
    // kernel wait channel is pipe_write). The pipe's fill level alone cannot
    // say so: partly used pipe pages make "full" anything from 4 to 64 KiB.
    bool wait_until_writer_blocked(pid_t writer, std::chrono::milliseconds timeout) const {
        const auto until = std::chrono::steady_clock::now() + timeout;
        for (;;) {
            int queued = 0;
            std::ifstream wchan_file("/proc/" + std::to_string(writer) + "/wchan");
            std::string wchan;
            std::getline(wchan_file, wchan);
            if (::ioctl(fd_, FIONREAD, &queued) == 0 && queued > 0 && wchan.find("pipe_write") != std::string::npos)
                return true;
            if (std::chrono::steady_clock::now() >= until) return false;
            std::this_thread::sleep_for(10ms);
        }
    }

    // Reads everything until the writer closes.
    std::string drain(std::chrono::milliseconds timeout) const {
        std::string text;
        const auto until = std::chrono::steady_clock::now() + timeout;
        char buffer[65536];
        while (std::chrono::steady_clock::now() < until) {
            pollfd p{fd_, POLLIN, 0};
            if (::poll(&p, 1, 100) <= 0) continue;
            const ssize_t n = ::read(fd_, buffer, sizeof buffer);
            if (n == 0) break;
            if (n > 0) text.append(buffer, static_cast<std::size_t>(n));
        }
        return text;
    }

private:
    std::string path_;
    int fd_ = -1;
};

subprocess Signals::start_blocked_jsonl_run(const blocked_reader& reader) {
    std::string text;
    for (int i = 0; i < 3000; ++i) text += url("/ok?i=" + std::to_string(i)) + "\n";
    const auto list = write_file("urls.txt", text);
    return subprocess("/bin/sh", {"-c", "exec \"$0\" --format jsonl \"$1\" >\"$2\"", URLCHECK_BINARY, list, reader.path()},
                      base_options());
}

// True once the process has no signal pending (/proc/PID/status SigPnd and
// ShdPnd are all zeros), i.e. what was sent has been delivered.
bool wait_until_no_signal_pending(pid_t pid, std::chrono::milliseconds timeout) {
    const auto until = std::chrono::steady_clock::now() + timeout;
    static const std::regex pending(R"((SigPnd|ShdPnd):\s*0*[1-9a-f])");
    for (;;) {
        std::ifstream status("/proc/" + std::to_string(pid) + "/status");
        std::stringstream text;
        text << status.rdbuf();
        if (status && !std::regex_search(text.str(), pending)) return true;
        if (std::chrono::steady_clock::now() >= until) return false;
        std::this_thread::sleep_for(5ms);
    }
}

TEST_F(Signals, SigintWhileTheOutputIsBlockedWaitsForTheReaderThenExits130) {
    blocked_reader reader(dir_ / "out.fifo");
    subprocess child = start_blocked_jsonl_run(reader);
    ASSERT_TRUE(reader.wait_until_writer_blocked(child.pid(), 20s)) << child.stderr_so_far();
    ASSERT_TRUE(child.send_signal(SIGINT));
    // The blocked write is resumed, not failed with EINTR (which would end
    // the run as a write error, exit 2): the process waits for its reader.
    child.pump_for(300ms);
    EXPECT_TRUE(child.running()) << child.stderr_so_far();
    const std::string out = reader.drain(20s);
    const auto r = child.finish(20s);
    ASSERT_FALSE(r.timed_out) << dump(r);
    EXPECT_EQ(r.exit_code, 130) << dump(r);
    EXPECT_EQ(r.err, "") << dump(r);
    // Every line whole, and fewer than all: the run stopped early.
    ASSERT_FALSE(out.empty());
    EXPECT_EQ(out.back(), '\n');
    const auto lines = split_lines(out);
    EXPECT_LT(lines.size(), 3000u);
    for (const auto& line : lines) EXPECT_NO_THROW(json::parse(line)) << line;
}

TEST_F(Signals, SecondSigintEndsTheProcessAtOnceEvenWhenBlocked) {
    blocked_reader reader(dir_ / "out.fifo");
    subprocess child = start_blocked_jsonl_run(reader);
    ASSERT_TRUE(reader.wait_until_writer_blocked(child.pid(), 20s)) << child.stderr_so_far();
    ASSERT_TRUE(child.send_signal(SIGINT));
    // Two SIGINTs pending at once are one: send the second only once the
    // first has been delivered.
    ASSERT_TRUE(wait_until_no_signal_pending(child.pid(), 10s));
    ASSERT_TRUE(child.send_signal(SIGINT));
    const auto r = child.finish(10s);
    ASSERT_FALSE(r.timed_out) << dump(r);
    EXPECT_EQ(r.term_signal, SIGINT) << dump(r);
}

}  // namespace
