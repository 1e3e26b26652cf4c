// --ack FILE as the binary shows it: a down URL an active ack covers is
// `acknowledged` (exit 0, the ack's reason in text and json); once the ack
// has expired it counts again (exit 1) and stderr says so once; an up URL
// stays up; a bad file is an exit 2 before any check.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include <string>
#include <vector>

#include "cli/cli_binary.hpp"

namespace {

namespace json = boost::json;
using namespace urlcheck::test;

constexpr const char* future = "2999-12-31T23:59:59Z";
constexpr const char* past = "2020-01-01T00:00:00Z";

class AckCli : public cli_binary {
protected:
    std::string ack_file(const std::string& selector, const std::string& until) {
        std::string text = "# known failures\n[[ack]]\n" + selector + "\nreason = \"migration, TICKET-12\"\n";
        if (!until.empty()) text += "until = " + until + "\n";
        return write_file("acks.toml", text);
    }

    static json::object json_result(const json::value& doc, std::size_t i) {
        return doc.at("results").as_array().at(i).as_object();
    }
};

TEST_F(AckCli, AcknowledgedDownUrlPassesTheRun) {
    const std::string acks = ack_file("url = \"" + url("/missing") + "\"", future);
    const auto r = run({"--ack", acks, url("/ok"), url("/missing")});
    ASSERT_FALSE(r.timed_out) << dump(r);
    EXPECT_EQ(r.exit_code, 0) << dump(r);
    const auto lines = lines_with(r.out, "ACKNOWLEDGED");
    ASSERT_EQ(lines.size(), 1u) << dump(r);
    EXPECT_TRUE(contains(lines[0], url("/missing"))) << lines[0];
    EXPECT_TRUE(contains(lines[0], "404")) << lines[0];
    EXPECT_TRUE(contains(lines[0], "acknowledged: migration, TICKET-12 (until 2999-12-31T23:59:59Z)")) << lines[0];
    EXPECT_TRUE(contains(r.out, "1 up, 0 down, 1 acknowledged")) << dump(r);
    EXPECT_EQ(r.err, "") << dump(r);

    // -q lists what fails the run: nothing.
    const auto quiet = run({"-q", "--ack", acks, url("/ok"), url("/missing")});
    EXPECT_EQ(quiet.exit_code, 0) << dump(quiet);
    EXPECT_EQ(quiet.out, "") << dump(quiet);
}

TEST_F(AckCli, JsonKeepsTheErrorAndAddsTheAck) {
    const std::string acks = ack_file("url = \"" + url("/missing") + "\"", future);
    const auto r = run({"--format", "json", "--ack", acks, url("/missing")});
    ASSERT_EQ(r.exit_code, 0) << dump(r);
    const json::value doc = json::parse(r.out);
    const json::object entry = json_result(doc, 0);
    EXPECT_EQ(entry.at("state").as_string(), "acknowledged");
    EXPECT_EQ(entry.at("ok").as_bool(), false);
    EXPECT_EQ(entry.at("error").as_string(), "status");
    EXPECT_EQ(entry.at("status").as_int64(), 404);
    const json::object& ack = entry.at("ack").as_object();
    EXPECT_EQ(ack.at("reason").as_string(), "migration, TICKET-12");
    EXPECT_EQ(ack.at("until").as_string(), future);
    EXPECT_EQ(ack.at("source").as_string(), acks + ":2");
    EXPECT_EQ(doc.at("summary").at("acknowledged").as_int64(), 1);
    EXPECT_EQ(doc.at("summary").at("down").as_int64(), 0);
}

TEST_F(AckCli, ExpiredAckCountsAgainAndIsToldOnce) {
    const std::string acks = ack_file("tag = \"legacy\"", past);
    const std::string list = write_file("urls.txt", url("/missing") + " tag=legacy\n" + url("/missing?again") +
                                                        " tag=legacy\n" + url("/ok") + " tag=legacy\n");
    const auto r = run({"--ack", acks, list});
    ASSERT_FALSE(r.timed_out) << dump(r);
    EXPECT_EQ(r.exit_code, 1) << dump(r);
    EXPECT_EQ(r.err, "urlcheck: " + acks + ":2: ack for tag 'legacy' expired at " + past +
                         "; its entries count again\n")
        << dump(r);
    EXPECT_EQ(lines_with(r.out, "DOWN").size(), 2u) << dump(r);
    EXPECT_TRUE(lines_with(r.out, "ACKNOWLEDGED").empty()) << dump(r);
}

TEST_F(AckCli, ExpiredUrlAckSaysTheEntryCountsAgain) {
    const std::string acks = ack_file("url = \"" + url("/missing") + "\"", past);
    const auto r = run({"--ack", acks, url("/missing")});
    EXPECT_EQ(r.exit_code, 1) << dump(r);
    EXPECT_EQ(r.err, "urlcheck: " + acks + ":2: ack for " + url("/missing") + " expired at " + past +
                         "; the entry counts again\n")
        << dump(r);
}

TEST_F(AckCli, UpUrlWithAnAckStaysUp) {
    const std::string acks = ack_file("regex = \"/ok$\"", "");
    const auto r = run({"--format", "json", "--ack", acks, url("/ok")});
    ASSERT_EQ(r.exit_code, 0) << dump(r);
    const json::value doc = json::parse(r.out);
    const json::object entry = json_result(doc, 0);
    EXPECT_EQ(entry.at("state").as_string(), "up");
    EXPECT_EQ(entry.find("ack"), entry.end());
    EXPECT_EQ(doc.at("summary").at("acknowledged").as_int64(), 0);
}

TEST_F(AckCli, VerboseSaysAnAckedEntryIsUp) {
    const std::string acks = ack_file("url = \"" + url("/ok") + "\"", future);
    const auto r = run({"-v", "--ack", acks, url("/ok")});
    EXPECT_EQ(r.exit_code, 0) << dump(r);
    EXPECT_TRUE(contains(r.err, "urlcheck: " + acks + ":2: ack for " + url("/ok") +
                                    ": the entry at arg:1 is up; the ack may be removed\n"))
        << dump(r);
    EXPECT_EQ(run({"--ack", acks, url("/ok")}).err, "") << "only with -v";
}

TEST_F(AckCli, BadFileIsExitTwoBeforeAnyCheck) {
    const std::string acks = write_file("acks.toml", "[[ack]]\nurl = \"" + url("/missing") + "\"\n");
    const auto r = run({"--ack", acks, url("/missing")});
    EXPECT_EQ(r.exit_code, 2) << dump(r);
    EXPECT_EQ(r.err, "urlcheck: " + acks + ":1: [[ack]] needs a reason: who knows about the failure, and why\n")
        << dump(r);
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(server_.total_requests(), 0u);

    const auto bad_regex = run({"--ack", write_file("regex.toml", "[[ack]]\nregex = \"(\"\nreason = \"r\"\n"),
                                url("/missing")});
    EXPECT_EQ(bad_regex.exit_code, 2) << dump(bad_regex);
    EXPECT_TRUE(contains(bad_regex.err, "regex.toml:1: regex: invalid regex '('")) << dump(bad_regex);

    const auto missing = run({"--ack", path("nope.toml"), url("/missing")});
    EXPECT_EQ(missing.exit_code, 2) << dump(missing);
    EXPECT_TRUE(contains(missing.err, "--ack: cannot read")) << dump(missing);
    EXPECT_EQ(server_.total_requests(), 0u);
}

TEST_F(AckCli, IsAConfigurationKey) {
    const std::string acks = ack_file("url = \"" + url("/missing") + "\"", "");
    const std::string config = write_file("urlcheck.toml", "ack = \"" + acks + "\"\n");
    const auto r = run({"--config", config, url("/missing")});
    EXPECT_EQ(r.exit_code, 0) << dump(r);
    EXPECT_EQ(lines_with(r.out, "ACKNOWLEDGED").size(), 1u) << dump(r);
}

// With --state the file keeps what was found (down), the report what it
// means (acknowledged): the ack ending must not look like a new outage.
TEST_F(AckCli, TheStateRecordsTheFailureTheAckCovers) {
    const std::string acks = ack_file("url = \"" + url("/missing") + "\"", future);
    const std::string db = path("state.db");
    const auto r = run({"--state", db, "--ack", acks, "--changes-only", url("/missing")});
    ASSERT_EQ(r.exit_code, 0) << dump(r);
    const auto lines = lines_with(r.out, "ACKNOWLEDGED");
    ASSERT_EQ(lines.size(), 1u) << dump(r);
    EXPECT_TRUE(contains(lines[0], "acknowledged: migration, TICKET-12")) << lines[0];
    const auto stored = run_subprocess("/usr/bin/sqlite3", {db, "SELECT state, settled FROM entries"}, base_options());
    EXPECT_EQ(stored.out, "down|down\n") << dump(stored);

    // Still down and still acknowledged: nothing changed, nothing printed.
    const auto again = run({"--state", db, "--ack", acks, "--changes-only", url("/missing")});
    EXPECT_EQ(again.exit_code, 0) << dump(again);
    EXPECT_EQ(again.out, "") << dump(again);
}

}  // namespace
