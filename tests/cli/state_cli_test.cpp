// --state across runs of the binary: the cron recipe of docs/cron.md (a
// mail only when something changed), the state file refused when it is not
// ours or not whole, two runs on one file, and a run killed mid-way.
#include <gtest/gtest.h>

#include <sys/stat.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include "cli/cli_binary.hpp"

namespace {

namespace fs = std::filesystem;
namespace json = boost::json;
using namespace std::chrono_literals;
using namespace urlcheck::test;
using namespace urlcheck::test::serve;

class StateCli : public cli_binary {
protected:
    void SetUp() override {
        cli_binary::SetUp();
        // The service whose answers change between runs.
        server_.route("/svc", from_callback([this](const http_request&) {
                          return http_response{status_.load(), {}, "svc"};
                      }));
    }

    // One cron run: changes only, remembered in DIR/state.db.
    subprocess_result cron_run(int status, std::vector<std::string> extra = {}) {
        status_ = status;
        std::vector<std::string> args{"--state",      path("state.db"), "--changes-only", "--fail-after", "2",
                                      "--recover-after", "2",        "--no-confirm",   "--retries",    "0"};
        args.insert(args.end(), extra.begin(), extra.end());
        args.push_back(url("/svc"));
        args.push_back(url("/ok"));
        return run(args);
    }

    static std::string read_all(const std::string& file) {
        std::ifstream in(file, std::ios::binary);
        std::stringstream text;
        text << in.rdbuf();
        return text.str();
    }

    // The sqlite3 CLI's answer to `sql` on `db`.
    static std::string sql(const std::string& db, const std::string& query) {
        const auto r = run_subprocess("/usr/bin/sqlite3", {db, query}, base_options());
        return r.out;
    }

    std::atomic<int> status_{200};
};

// The recipe's promise: cron mails only when there is output, and there is
// output only when an entry went down (after --fail-after runs) or came
// back (after --recover-after runs), with how long it was down.
TEST_F(StateCli, CronMailsOncePerIncident) {
    auto r = cron_run(200);
    EXPECT_EQ(r.exit_code, 0) << dump(r);
    EXPECT_EQ(r.out + r.err, "") << "first run, all up: nothing to say\n" << dump(r);

    r = cron_run(503);  // pending: 1 of 2
    EXPECT_EQ(r.exit_code, 0) << "pending fails nothing\n" << dump(r);
    EXPECT_EQ(r.out + r.err, "") << dump(r);

    const auto went_down = std::chrono::steady_clock::now();
    r = cron_run(503, {"--report", "text", "--report", "jsonl=" + path("down.jsonl")});  // down since the run before
    EXPECT_EQ(r.exit_code, 1) << dump(r);
    ASSERT_EQ(lines_with(r.out, "/svc").size(), 1u) << dump(r);
    EXPECT_TRUE(contains(r.out, "DOWN")) << dump(r);
    EXPECT_TRUE(contains(r.out, "down since")) << dump(r);
    EXPECT_TRUE(contains(r.out, "(was up)")) << dump(r);
    EXPECT_TRUE(lines_with(r.out, "/ok ").empty()) << "unchanged entries are not listed\n" << dump(r);
    EXPECT_TRUE(contains(r.out, "1 changed since the last run; 1 still down")) << dump(r);
    {
        const auto lines = split_lines(read_all(path("down.jsonl")));
        ASSERT_EQ(lines.size(), 1u);
        const json::value v = json::parse(lines[0]);
        EXPECT_EQ(v.at("state").as_string(), "down");
        EXPECT_EQ(v.at("history").at("previous_state").as_string(), "up");
        EXPECT_TRUE(v.at("history").at("changed").as_bool());
        EXPECT_EQ(v.at("history").at("consecutive_down").as_int64(), 2);
    }

    r = cron_run(503);  // still down: no news, still exit 1
    EXPECT_EQ(r.exit_code, 1) << dump(r);
    EXPECT_EQ(r.out + r.err, "") << dump(r);

    std::this_thread::sleep_for(1100ms);  // so the outage lasts whole seconds
    r = cron_run(200);  // up once: --recover-after 2 keeps the outage open
    EXPECT_EQ(r.exit_code, 1) << dump(r);
    EXPECT_EQ(r.out + r.err, "") << dump(r);

    r = cron_run(200, {"--report", "text", "--report", "jsonl=" + path("up.jsonl")});  // recovered
    const auto outage = std::chrono::steady_clock::now() - went_down;
    EXPECT_EQ(r.exit_code, 0) << dump(r);
    ASSERT_EQ(lines_with(r.out, "/svc").size(), 1u) << dump(r);
    EXPECT_TRUE(contains(r.out, "recovered after")) << dump(r);
    EXPECT_TRUE(contains(r.out, "0 still down")) << dump(r);
    {
        const auto lines = split_lines(read_all(path("up.jsonl")));
        ASSERT_EQ(lines.size(), 1u);
        const json::value v = json::parse(lines[0]);
        EXPECT_EQ(v.at("state").as_string(), "up");
        EXPECT_EQ(v.at("history").at("previous_state").as_string(), "down");
        // From the first failing run to the first good one: at least the
        // second the test slept, less than the whole sequence took.
        const auto outage_ms = v.at("history").at("outage_ms").as_int64();
        EXPECT_GE(outage_ms, 1000);
        EXPECT_LE(outage_ms, std::chrono::duration_cast<std::chrono::milliseconds>(outage).count() + 1000);
    }

    r = cron_run(503);  // a blip: pending, and then gone
    EXPECT_EQ(r.exit_code, 0) << dump(r);
    EXPECT_EQ(r.out + r.err, "") << dump(r);
    r = cron_run(200);
    EXPECT_EQ(r.exit_code, 0) << dump(r);
    EXPECT_EQ(r.out + r.err, "") << dump(r);

    // Without --changes-only the same state shows everything, pending named.
    status_ = 503;
    r = run({"--state", path("state.db"), "--fail-after", "2", "--no-confirm", "--retries", "0", url("/svc")});
    EXPECT_EQ(r.exit_code, 0) << dump(r);
    EXPECT_TRUE(contains(r.out, "PENDING")) << dump(r);
    EXPECT_TRUE(contains(r.out, "down 1 of 2 runs")) << dump(r);
    EXPECT_TRUE(contains(r.out, "1 pending")) << dump(r);
}

TEST_F(StateCli, RemindEveryRepeatsAStillDownEntry) {
    const std::vector<std::string> remind{"--remind-every", "1s"};
    cron_run(503, remind);  // pending
    EXPECT_TRUE(contains(cron_run(503, remind).out, "down since"));
    auto r = cron_run(503, remind);
    EXPECT_EQ(r.out, "") << dump(r);
    std::this_thread::sleep_for(1100ms);
    r = cron_run(503, remind);
    EXPECT_EQ(r.exit_code, 1) << dump(r);
    EXPECT_TRUE(contains(r.out, "still down since")) << dump(r);
    EXPECT_TRUE(contains(r.out, "--remind-every")) << dump(r);
}

TEST_F(StateCli, SkipFreshReportsRecentlyUpEntriesFromTheState) {
    auto r = run({"--state", path("state.db"), url("/ok"), url("/ok2")});
    ASSERT_EQ(r.exit_code, 0) << dump(r);
    const auto before = server_.requests("/ok");
    r = run({"--state", path("state.db"), "--skip-fresh", "3600s", "-v", "--format", "jsonl", url("/ok"), url("/ok2"),
             url("/ok3")});
    EXPECT_EQ(r.exit_code, 0) << dump(r);
    EXPECT_EQ(server_.requests("/ok"), before) << "a fresh entry is not checked again";
    const auto lines = split_lines(r.out);
    ASSERT_EQ(lines.size(), 3u) << dump(r);
    EXPECT_TRUE(json::parse(lines[0]).at("history").at("fresh").as_bool()) << lines[0];
    EXPECT_TRUE(json::parse(lines[1]).at("history").at("fresh").as_bool()) << lines[1];
    EXPECT_FALSE(json::parse(lines[2]).at("history").at("fresh").as_bool()) << "never seen: checked";
}

TEST_F(StateCli, OptionsThatNeedStateSayWhy) {
    const auto r = run({"--changes-only", url("/ok")});
    EXPECT_EQ(r.exit_code, 2) << dump(r);
    EXPECT_TRUE(contains(r.err, "--changes-only needs --state FILE")) << dump(r);
}

// Each refusal is exit 2 naming the file, before any check, and leaves the
// file exactly as it was.
TEST_F(StateCli, AFileThatIsNotAWholeUrlcheckStateIsRefusedAndKept) {
    // A real state to spoil: enough entries for several pages.
    std::string list;
    for (int i = 0; i < 400; ++i) list += url("/ok") + "?entry=" + std::to_string(i) + "\n";
    const std::string list_file = write_file("urls.txt", list);
    ASSERT_EQ(run({"--state", path("good.db"), list_file}).exit_code, 0);
    const std::string good = read_all(path("good.db"));
    ASSERT_GT(good.size(), 16u * 1024);

    struct spoilt {
        const char* what;
        std::string content;
        const char* says;
    };
    std::string newer_file;
    {
        fs::copy_file(path("good.db"), path("newer.db"));
        sql(path("newer.db"), "PRAGMA user_version = 7;");
        newer_file = read_all(path("newer.db"));
    }
    std::string other_program;
    {
        sql(path("other.db"), "CREATE TABLE notes(text TEXT); INSERT INTO notes VALUES('mine');");
        other_program = read_all(path("other.db"));
    }
    const spoilt cases[] = {
        {"not SQLite", "url,state\nhttps://example.com,up\n", "not a usable urlcheck state file"},
        {"truncated", good.substr(0, good.size() / 2), "truncated"},
        {"newer", newer_file, "newer urlcheck (state format 7; this one reads 1)"},
        {"another program's", other_program, "another program"},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.what);
        const std::string file = write_file("spoilt.db", c.content);
        const auto before_requests = server_.requests("/ok");
        const auto r = run({"--state", file, url("/ok")});
        EXPECT_EQ(r.exit_code, 2) << dump(r);
        EXPECT_TRUE(contains(r.err, file)) << "names the file\n" << dump(r);
        EXPECT_TRUE(contains(r.err, c.says)) << dump(r);
        EXPECT_EQ(server_.requests("/ok"), before_requests) << "nothing was checked";
        EXPECT_TRUE(read_all(file) == c.content) << "the file was changed";
        fs::remove(file);
    }

    const std::string read_only = path("good.db");
    ::chmod(read_only.c_str(), 0444);
    const auto r = run({"--state", read_only, url("/ok")});
    EXPECT_EQ(r.exit_code, 2) << dump(r);
    EXPECT_TRUE(contains(r.err, read_only + ": the file is read-only")) << dump(r);
    EXPECT_TRUE(read_all(read_only) == good);
}

TEST_F(StateCli, TwoRunsOnOneFileNeverInterleave) {
    // The first run holds the lock while its check hangs.
    subprocess first(URLCHECK_BINARY, {"--state", path("state.db"), "-t", "3", "--retries", "0", "--no-confirm", url("/hang")},
                     base_options());
    const auto until = std::chrono::steady_clock::now() + 20s;
    while (server_.requests("/hang") == 0 && std::chrono::steady_clock::now() < until) std::this_thread::sleep_for(10ms);
    ASSERT_EQ(server_.requests("/hang"), 1u);

    const auto at_once = run({"--state", path("state.db"), url("/ok")});
    EXPECT_EQ(at_once.exit_code, 2) << dump(at_once);
    EXPECT_TRUE(contains(at_once.err, path("state.db") + ": another urlcheck run (PID " + std::to_string(first.pid()) + ")"))
        << dump(at_once);
    EXPECT_LT(at_once.elapsed, 2s) << "fails at once";

    const auto waited = run({"--state", path("state.db"), "--state-wait", "30s", url("/ok")});
    const auto first_result = first.finish(30s);
    EXPECT_EQ(first_result.exit_code, 1) << dump(first_result);
    EXPECT_EQ(waited.exit_code, 0) << "waited for the first run, then ran\n" << dump(waited);
    // Both runs' entries are in the file: neither overwrote the other.
    EXPECT_EQ(sql(path("state.db"), "SELECT url, state FROM entries ORDER BY url;"),
              url("/hang") + "|down\n" + url("/ok") + "|up\n");
}

// SQLite's write-ahead log: a run killed before its commit leaves the last
// run's state whole. Killed half-way through a large run (its transaction
// holding thousands of new rows, some already spilled into the WAL).
TEST_F(StateCli, KillNineMidRunKeepsTheLastState) {
    constexpr int entries = 4000;
    std::string list;
    for (int i = 0; i < entries; ++i) list += url("/svc") + "?entry=" + std::to_string(i) + "\n";
    const std::string list_file = write_file("urls.txt", list);
    status_ = 200;
    ASSERT_EQ(run({"--state", path("state.db"), list_file}).exit_code, 0);
    ASSERT_EQ(sql(path("state.db"), "SELECT count(*) FROM entries WHERE state = 'up';"), std::to_string(entries) + "\n");

    status_ = 503;
    subprocess killed(URLCHECK_BINARY,
                      {"--state", path("state.db"), "--format", "jsonl", "--no-confirm", "--retries", "0", list_file},
                      base_options());
    ASSERT_TRUE(killed.wait_for_stdout_lines(entries / 2, 60s)) << killed.stderr_so_far();
    killed.send_signal(SIGKILL);
    const auto r = killed.finish(20s);
    EXPECT_EQ(r.term_signal, SIGKILL) << dump(r);

    EXPECT_EQ(sql(path("state.db"), "PRAGMA integrity_check;"), "ok\n");
    EXPECT_EQ(sql(path("state.db"), "SELECT count(*) FROM entries WHERE state = 'up' AND consecutive_up = 1;"),
              std::to_string(entries) + "\n")
        << "the killed run's results are not half-applied";
    // And the next run goes on from there.
    const auto next = run({"--state", path("state.db"), "--fail-after", "1", "--no-confirm", "--retries", "0", list_file});
    EXPECT_EQ(next.exit_code, 1) << dump(next);
    EXPECT_EQ(sql(path("state.db"), "SELECT count(*) FROM entries WHERE state = 'down';"), std::to_string(entries) + "\n");
}

TEST_F(StateCli, AnInterruptedRunRecordsWhatItLearnt) {
    subprocess child(URLCHECK_BINARY,
                     {"--state", path("state.db"), "--format", "jsonl", "-t", "30", "--retries", "0", url("/missing"),
                      url("/hang")},
                     base_options());
    ASSERT_TRUE(child.wait_for_stdout_lines(1, 20s)) << child.stderr_so_far();
    child.send_signal(SIGINT);
    const auto r = child.finish(20s);
    EXPECT_EQ(r.exit_code, 130) << dump(r);
    EXPECT_EQ(sql(path("state.db"), "SELECT url, state FROM entries;"), url("/missing") + "|down\n");
}

}  // namespace
