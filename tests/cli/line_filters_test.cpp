// --select-tag, --include and --exclude as the binary applies them to a
// list's lines: what is checked and reported, the summary's count of the
// lines filtered out, and their usage errors.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include <cstdint>
#include <fstream>
#include <string>
#include <vector>

#include "cli/cli_binary.hpp"

namespace {

using namespace urlcheck::test;

class LineFilters : public cli_fixture {
protected:
    void SetUp() override {
        cli_fixture::SetUp();
        for (const char* p : {"/api/health", "/api/users", "/www/home", "/www/old"})
            server_.route(p, serve::respond(200));
        list_ = (dir_ / "urls.txt").string();
        std::ofstream(list_) << server_.url("/api/health") << "  tag=prod tag=api\n"
                             << server_.url("/api/users") << "  tag=staging\n"
                             << "# a comment\n"
                             << server_.url("/www/home") << "  tag=prod\n"
                             << server_.url("/www/old") << "\n"
                             << "not a url\n";
    }

    // The sources of the json report's results, and its summary.
    struct report {
        subprocess_result run;
        std::vector<std::string> sources;
        boost::json::object summary;
    };
    report run(std::vector<std::string> args) const {
        args.insert(args.begin(), {"--format", "json"});
        args.push_back(list_);
        report out;
        out.run = run_subprocess(URLCHECK_BINARY, args);
        if (out.run.exit_code != 2) {
            const auto doc = boost::json::parse(out.run.out).as_object();
            for (const auto& r : doc.at("results").as_array()) {
                const std::string source(r.as_object().at("source").as_string());
                out.sources.push_back(source.substr(source.rfind(':') + 1));
            }
            out.summary = doc.at("summary").as_object();
        }
        return out;
    }

    std::string list_;
};

TEST_F(LineFilters, SelectTagIncludeExclude) {
    struct filter_row {
        std::vector<std::string> args;
        std::vector<std::string> lines;  // checked and reported, by line number
        std::size_t filtered;
    };
    const std::vector<filter_row> rows = {
        // The bad line is always reported: its tags and URL are unknown.
        {{}, {"1", "2", "4", "5", "6"}, 0},
        {{"--select-tag", "prod"}, {"1", "4", "6"}, 2},
        {{"--select-tag", "api", "--select-tag", "staging"}, {"1", "2", "6"}, 2},
        {{"--include", "/api/"}, {"1", "2", "6"}, 2},
        {{"--include", "/users$", "--include", "health"}, {"1", "2", "6"}, 2},
        {{"--exclude", "/www/"}, {"1", "2", "6"}, 2},
        {{"--exclude", "old", "--exclude", "users"}, {"1", "4", "6"}, 2},
        {{"--select-tag", "prod", "--exclude", "/api/"}, {"4", "6"}, 3},
        {{"--include", "^http://127\\.0\\.0\\.1:[0-9]+/www"}, {"4", "5", "6"}, 2},
    };
    for (const auto& r : rows) {
        std::string shown;
        for (const auto& a : r.args) shown += a + " ";
        SCOPED_TRACE(shown);
        const report got = run(r.args);
        EXPECT_EQ(got.run.exit_code, 1) << got.run.err;  // the bad line is down
        EXPECT_EQ(got.sources, r.lines);
        ASSERT_TRUE(got.summary.contains("filtered"));
        EXPECT_EQ(got.summary.at("filtered").as_int64(), static_cast<std::int64_t>(r.filtered));
        EXPECT_EQ(got.summary.at("total").as_int64(), static_cast<std::int64_t>(r.lines.size()));
        EXPECT_EQ(got.summary.at("not_checked").as_int64(), 0);
    }
}

TEST_F(LineFilters, TextSummarySaysHowManyWereFiltered) {
    const auto r = run_subprocess(URLCHECK_BINARY, {"--exclude", "/api/", "--exclude", "not", list_});
    EXPECT_EQ(r.exit_code, 1) << r.err;  // "not a url" does not match: invalid lines are kept
    EXPECT_TRUE(contains(r.out, ", 2 filtered")) << r.out;
}

TEST_F(LineFilters, NothingLeftOrABadRegexIsAUsageError) {
    auto none = run_subprocess(URLCHECK_BINARY, {"--select-tag", "prdo", server_.url("/api/health")});
    EXPECT_EQ(none.exit_code, 2);
    EXPECT_TRUE(contains(none.err, "no entries left to check")) << none.err;
    auto bad = run_subprocess(URLCHECK_BINARY, {"--include", "(api", list_});
    EXPECT_EQ(bad.exit_code, 2);
    EXPECT_TRUE(contains(bad.err, "--include: invalid regex '(api'")) << bad.err;
    auto tag = run_subprocess(URLCHECK_BINARY, {"--select-tag", "a b", list_});
    EXPECT_EQ(tag.exit_code, 2);
    EXPECT_TRUE(contains(tag.err, "--select-tag: invalid tag 'a b'")) << tag.err;
    EXPECT_EQ(server_.total_requests(), 0u);
}

}  // namespace
