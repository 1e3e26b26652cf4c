// The text report and the live status line at a real terminal: the binary
// runs under a pseudo-terminal 30, 100 and 160 columns wide against slow
// local servers, every byte it writes is kept with the time it came, and a
// real terminal emulator (pyte, Debian's python3-pyte) replays them. What a
// person would see is then checked: nothing wider than the window and
// nothing wrapped (the status line at 30 columns used to wrap at every
// redraw and leave stale copies), no status line left at the end, a failure
// shown as soon as it was known, and the summary. Off a terminal the report
// keeps its input order and today's columns.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "cli/cli_binary.hpp"
#include "report/text_layout.hpp"

extern char** environ;

namespace {

using namespace std::chrono_literals;
using namespace urlcheck::test;
using namespace urlcheck::test::serve;
using clock_type = std::chrono::steady_clock;

// The emulator: replays the bytes on a screen `cols` wide and tall enough
// that nothing scrolls away, counts the times a character went past the
// right margin (an automatic wrap), and prints that count, then the screen.
constexpr const char* emulator_script = R"PY(
import sys
import pyte
from pyte import modes

cols, rows, path = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]

class Screen(pyte.Screen):
    wrapped = 0
    def draw(self, data):
        for char in data:
            if self.cursor.x == self.columns and modes.DECAWM in self.mode:
                Screen.wrapped += 1
            super().draw(char)

screen = Screen(cols, rows)
pyte.ByteStream(screen).feed(open(path, "rb").read())
print(Screen.wrapped)
for line in screen.display:
    print("|" + line.rstrip())
)PY";

struct terminal_run {
    std::string bytes;
    struct chunk {
        clock_type::duration at;  // since the start
        std::size_t end;          // bytes.size() after it
    };
    std::vector<chunk> chunks;
    int exit_code = -1;
    clock_type::duration elapsed{};
    bool timed_out = false;

    // When `needle` first appeared, or nullopt.
    std::optional<clock_type::duration> first_seen(std::string_view needle) const {
        const auto at = bytes.find(needle);
        if (at == std::string::npos) return std::nullopt;
        for (const auto& c : chunks)
            if (c.end >= at + needle.size()) return c.at;
        return std::nullopt;
    }
};

struct screen {
    int wrapped = -1;
    std::vector<std::string> lines;  // without trailing blanks
    std::string text() const {
        std::string all;
        for (const auto& line : lines) all += line + "\n";
        return all;
    }
};

class Tty : public cli_fixture {
protected:
    static constexpr unsigned short rows = 200;

    // `args` run under a pseudo-terminal `cols` wide: stdin, stdout and
    // stderr are the terminal, as in an interactive shell.
    // With `interrupt_after`, the child gets SIGINT (Ctrl-C) then.
    terminal_run run_in_terminal(const std::vector<std::string>& args, unsigned short cols,
                                 std::optional<clock_type::duration> interrupt_after = std::nullopt) {
        // Everything the child needs is built before the fork: after it only
        // async-signal-safe calls are allowed (the test servers run threads).
        std::vector<std::string> env_strings;
        const subprocess_options base = base_options();
        for (char** e = environ; *e != nullptr; ++e) {
            const std::string entry = *e;
            const std::string name = entry.substr(0, entry.find('='));
            bool dropped = name == "TERM" || name == "COLUMNS" || name == "LINES";
            for (const auto& unset : base.unset_env) dropped = dropped || name == unset;
            if (!dropped) env_strings.push_back(entry);
        }
        env_strings.emplace_back("TERM=xterm-256color");
        std::vector<char*> envp;
        for (auto& s : env_strings) envp.push_back(s.data());
        envp.push_back(nullptr);
        std::vector<std::string> argv_strings{URLCHECK_BINARY};
        argv_strings.insert(argv_strings.end(), args.begin(), args.end());
        std::vector<char*> argv;
        for (auto& s : argv_strings) argv.push_back(s.data());
        argv.push_back(nullptr);

        winsize size{};
        size.ws_col = cols;
        size.ws_row = rows;
        int master = -1;
        const auto started = clock_type::now();
        const pid_t pid = ::forkpty(&master, nullptr, nullptr, &size);
        if (pid == 0) {
            ::execve(argv[0], argv.data(), envp.data());
            ::_exit(127);
        }
        terminal_run run;
        if (pid < 0) {
            ADD_FAILURE() << "forkpty failed";
            return run;
        }
        const auto deadline = started + 60s;
        char buffer[4096];
        for (;;) {
            pollfd p{master, POLLIN, 0};
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - clock_type::now());
            if (left <= 0ms) {
                run.timed_out = true;
                ::kill(pid, SIGKILL);
                break;
            }
            if (interrupt_after && clock_type::now() - started >= *interrupt_after) {
                ::kill(pid, SIGINT);
                interrupt_after.reset();
            }
            const auto wait = interrupt_after ? std::min(left, 50ms) : left;
            if (::poll(&p, 1, static_cast<int>(wait.count())) <= 0) continue;
            const ssize_t n = ::read(master, buffer, sizeof buffer);
            if (n <= 0) break;  // EIO: the child and every holder of the terminal are gone
            run.bytes.append(buffer, static_cast<std::size_t>(n));
            run.chunks.push_back({clock_type::now() - started, run.bytes.size()});
        }
        int status = 0;
        ::waitpid(pid, &status, 0);
        run.elapsed = clock_type::now() - started;
        ::close(master);
        run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
        return run;
    }

    // What a terminal `cols` wide shows after `bytes`.
    screen replay(const std::string& bytes, unsigned short cols) {
        const std::string capture = write_file("capture-" + std::to_string(cols) + ".bin", bytes);
        const std::string script = write_file("emulate.py", emulator_script);
        // Debian's python3-pyte is installed for the system Python.
        const auto r = run_subprocess("/usr/bin/python3", {script, std::to_string(cols), std::to_string(rows), capture},
                                      base_options());
        screen s;
        EXPECT_EQ(r.exit_code, 0) << "pyte (apt-get install python3-pyte):\n" << dump(r);
        std::istringstream in(r.out);
        std::string line;
        if (std::getline(in, line)) s.wrapped = std::atoi(line.c_str());
        while (std::getline(in, line))
            if (!line.empty() && line.front() == '|') s.lines.push_back(line.substr(1));
        while (!s.lines.empty() && s.lines.back().empty()) s.lines.pop_back();
        return s;
    }

    // Line 1 takes 4.5 s and is up; line 2 fails after 1.5 s (with --method
    // GET: one request); the rest are quick. Checked together, line 2's failure is known 3 s before the run
    // ends, and line 1 has run long enough for the status line to name it.
    std::string slow_list() {
        server_.route("/slow", respond(200, {}, "", 4500ms));
        server_.route("/slow-missing", respond(404, {}, "", 1500ms));
        server_.route("/quick", respond(200));
        std::string list = url("/slow") + "\n" + url("/slow-missing") + "\n";
        for (int i = 0; i < 8; ++i) list += url("/quick") + "?i=" + std::to_string(i) + "\n";
        return write_file("urls.txt", list);
    }
};

TEST_F(Tty, AtThirtyOneHundredAndOneHundredSixtyColumns) {
    const std::string list = slow_list();
    for (const unsigned short cols : {30, 100, 160}) {
        SCOPED_TRACE(cols);
        const terminal_run run = run_in_terminal({"--slow", "10s", "--method", "GET", list}, cols);
        ASSERT_FALSE(run.timed_out);
        EXPECT_EQ(run.exit_code, 1);  // one down
        const screen shown = replay(run.bytes, cols);
        const std::string text = shown.text();

        // Nothing went past the right margin: no line was wider than the
        // window, the status line included, at any redraw.
        EXPECT_EQ(shown.wrapped, 0) << text;
        for (const auto& line : shown.lines) EXPECT_LE(urlcheck::report_detail::columns(line), cols) << line;

        // The status line was there during the run, and is gone.
        EXPECT_TRUE(contains(run.bytes, "/10")) << run.bytes;
        EXPECT_FALSE(contains(text, "in flight")) << text;
        EXPECT_FALSE(contains(text, "\xE2\x96\x88")) << text;  // the bar's "█"
        EXPECT_FALSE(contains(text, "10/10 \xC2\xB7")) << text;
        if (cols >= 100) {
            // Where there is room it said what the run was waiting for.
            EXPECT_TRUE(contains(run.bytes, "waiting ")) << run.bytes;
            EXPECT_TRUE(contains(run.bytes, " in flight")) << run.bytes;
        }

        // The failure was on screen as soon as it was known: long before
        // line 1 (4.5 s) ended the run.
        const auto failed_at = run.first_seen("404 Not Found");
        ASSERT_TRUE(failed_at.has_value()) << text;
        EXPECT_LT(*failed_at + 2s, run.elapsed) << text;
        EXPECT_TRUE(contains(text, "DOWN")) << text;
        EXPECT_TRUE(contains(text, "urls.txt:2")) << text;

        // The summary is the last thing on screen (wrapped at 30 columns).
        ASSERT_FALSE(shown.lines.empty());
        std::string tail;
        for (std::size_t i = shown.lines.size() >= 3 ? shown.lines.size() - 3 : 0; i < shown.lines.size(); ++i)
            tail += shown.lines[i] + " ";
        EXPECT_TRUE(contains(tail, "10 checked in")) << text;
        EXPECT_TRUE(contains(tail, "9 up")) << text;
        EXPECT_TRUE(contains(tail, "1 down")) << text;
    }
}

TEST_F(Tty, CtrlCLeavesNoStatusLine) {
    const std::string list = slow_list();
    const terminal_run run = run_in_terminal({"--slow", "10s", "--method", "GET", list}, 60, 2500ms);
    ASSERT_FALSE(run.timed_out);
    EXPECT_EQ(run.exit_code, 130);
    EXPECT_TRUE(contains(run.bytes, " in flight")) << run.bytes;  // it was shown before
    const screen shown = replay(run.bytes, 60);
    const std::string text = shown.text();
    EXPECT_EQ(shown.wrapped, 0) << text;
    EXPECT_FALSE(contains(text, "in flight")) << text;
    EXPECT_FALSE(contains(text, "\xE2\x96\x88")) << text;
    EXPECT_TRUE(contains(text, "404 Not Found")) << text;
    std::string flowed = text;  // the summary may wrap
    std::replace(flowed.begin(), flowed.end(), '\n', ' ');
    EXPECT_TRUE(contains(flowed, "1 not checked (interrupted)")) << text;
}

TEST_F(Tty, LongUrlsAreCutInTheMiddleOnlyAtATerminal) {
    const std::string long_path = "/" + std::string(150, 'a') + "/end-of-the-path";
    server_.route(long_path, respond(500));
    const std::string list = write_file("urls.txt", url(long_path) + "\n");
    const terminal_run shown_run = run_in_terminal({"--no-confirm", list}, 100);
    const screen shown = replay(shown_run.bytes, 100);
    EXPECT_EQ(shown.wrapped, 0) << shown.text();
    EXPECT_TRUE(contains(shown.text(), "\xE2\x80\xA6")) << shown.text();
    EXPECT_TRUE(contains(shown.text(), "of-the-path  ")) << shown.text();
    // Off a terminal, and with -v, the whole URL.
    const auto piped = run({"--no-confirm", list});
    EXPECT_TRUE(contains(piped.out, url(long_path))) << dump(piped);
    const terminal_run verbose = run_in_terminal({"--no-confirm", "-v", list}, 100);
    std::string joined;
    for (const auto& line : replay(verbose.bytes, 100).lines)
        joined +=
            line.substr(line.find_first_not_of(' ') == std::string::npos ? line.size() : line.find_first_not_of(' '));
    EXPECT_TRUE(contains(joined, url(long_path).substr(7))) << joined;
}

TEST_F(Tty, OffATerminalTheReportKeepsInputOrder) {
    const std::string list = slow_list();
    const auto piped = run({"--slow", "10s", "-v", list});
    EXPECT_EQ(piped.exit_code, 1) << dump(piped);
    const auto lines = split_lines(piped.out);
    ASSERT_EQ(lines.size(), 11u) << dump(piped);
    // Line 1 finished last but comes first; every line in the list's order,
    // padded columns, nothing cut, no colour, no status line.
    EXPECT_TRUE(contains(lines[0], url("/slow") + " ")) << piped.out;
    EXPECT_TRUE(lines[0].ends_with("urls.txt:1")) << piped.out;
    EXPECT_TRUE(contains(lines[1], "DOWN  " + url("/slow-missing") + "  404 Not Found")) << piped.out;
    for (std::size_t i = 0; i < 10; ++i)
        EXPECT_TRUE(lines[i].ends_with("urls.txt:" + std::to_string(i + 1))) << piped.out;
    EXPECT_FALSE(contains(piped.out, "\x1b")) << piped.out;
    EXPECT_FALSE(contains(piped.out, "\xE2\x80\xA6")) << piped.out;
    EXPECT_EQ(piped.err, "") << dump(piped);

    // --order completion: as they come, one compiler-style line each.
    const auto streamed = run({"--slow", "10s", "--order", "completion", list});
    const auto streamed_lines = split_lines(streamed.out);
    ASSERT_EQ(streamed_lines.size(), 2u) << dump(streamed);
    EXPECT_EQ(streamed_lines[0], list + ":2: DOWN " + url("/slow-missing") + " \xE2\x80\x94 404 Not Found (" +
                                     streamed_lines[0].substr(streamed_lines[0].rfind('(') + 1));
}

}  // namespace
