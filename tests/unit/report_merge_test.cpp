// merge_shard_reports: shard reports joined into the whole list's results
// (in the list's order) and summary, and every reason to refuse, each
// naming the files.
#include "report/merge.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace {

using namespace urlcheck;

result one(const std::string& source, verdict state) {
    result r;
    r.url = "https://x.test/" + source;
    r.source = source;
    r.state = state;
    r.ok = state == verdict::up;
    return r;
}

shard_report shard(const std::string& name, const std::string& k_of_n, std::vector<result> results, bool json = true,
                   const std::string& list = "sha256:aa") {
    shard_report s{name, {}};
    s.report.results = std::move(results);
    s.report.has_summary = true;
    s.report.in_input_order = json;
    summary& t = s.report.totals;
    t.shard = k_of_n;
    t.list_fingerprint = list;
    t.filtered = 3;
    for (const auto& r : s.report.results) t.add(r);
    t.total = s.report.results.size();
    t.elapsed_ms = 100.0 * s.report.results.size();
    t.started_unix_ms = 1000 + static_cast<long>(s.report.results.size());
    return s;
}

std::vector<std::string> sources(const merged_reports& m) {
    std::vector<std::string> out;
    for (const auto& r : m.results) out.push_back(r.source);
    return out;
}

TEST(ReportMerge, JoinsShardsInTheListsOrder) {
    // Two inputs, a.txt then b.txt; shard 2 is jsonl (completion order).
    const std::vector<shard_report> shards = {
        shard("s2.jsonl", "2/3",
              {one("b.txt:2", verdict::up), one("a.txt:5", verdict::down), one("a.txt:2", verdict::up)}, false),
        shard("s1.json", "1/3",
              {one("a.txt:1", verdict::up), one("a.txt:4", verdict::degraded), one("b.txt:1", verdict::up)}),
        shard("s3.json", "3/3", {one("a.txt:3", verdict::unverifiable), one("arg:3", verdict::up)}),
    };
    std::vector<std::string> errors;
    const auto m = merge_shard_reports(shards, errors);
    ASSERT_TRUE(m) << (errors.empty() ? "" : errors.front());
    EXPECT_EQ(sources(*m), (std::vector<std::string>{"a.txt:1", "a.txt:2", "a.txt:3", "a.txt:4", "a.txt:5", "b.txt:1",
                                                     "b.txt:2", "arg:3"}));
    const summary& s = m->totals;
    EXPECT_EQ(s.total, 8U);
    EXPECT_EQ(s.checked, 8U);
    EXPECT_EQ(s.up, 5U);
    EXPECT_EQ(s.down, 1U);
    EXPECT_EQ(s.degraded, 1U);
    EXPECT_EQ(s.unverifiable, 1U);
    EXPECT_EQ(s.filtered, 3U);           // every shard's, not their sum
    EXPECT_EQ(s.elapsed_ms, 300.0);      // the longest shard's
    EXPECT_EQ(s.started_unix_ms, 1002);  // the earliest
    EXPECT_EQ(s.shard, "");
    EXPECT_EQ(s.list_fingerprint, "sha256:aa");
    EXPECT_EQ(exit_code_for(s), 1);
}

TEST(ReportMerge, AnEmptyShardCounts) {
    std::vector<std::string> errors;
    const auto m = merge_shard_reports({shard("a", "1/2", {one("u:1", verdict::up)}), shard("b", "2/2", {})}, errors);
    ASSERT_TRUE(m);
    EXPECT_EQ(m->totals.total, 1U);
    EXPECT_EQ(exit_code_for(m->totals), 0);
}

std::vector<std::string> refusals(const std::vector<shard_report>& shards) {
    std::vector<std::string> errors;
    EXPECT_FALSE(merge_shard_reports(shards, errors));
    return errors;
}

TEST(ReportMerge, RefusesWhatIsNotOneWholeList) {
    const auto a = shard("a.json", "1/3", {one("u:1", verdict::up)});
    const auto b = shard("b.json", "2/3", {one("u:2", verdict::up)});
    const auto c = shard("c.json", "3/3", {});
    EXPECT_EQ(refusals({a, c}), (std::vector<std::string>{"shard 2/3 missing (a.json is 1/3, c.json is 3/3)"}));
    EXPECT_EQ(refusals({a}), (std::vector<std::string>{"shards 2/3, 3/3 missing (a.json is 1/3)"}));
    EXPECT_EQ(refusals({a, b, c, b}), (std::vector<std::string>{"shard 2/3 is given more than once: b.json, b.json"}));
    EXPECT_EQ(refusals({a, b, shard("d.json", "3/4", {})}),
              (std::vector<std::string>{"a.json is shard 1/3 but d.json is shard 3/4: different shard counts"}));
    EXPECT_EQ(refusals({a, b, shard("e.json", "3/3", {}, true, "sha256:bb")}),
              (std::vector<std::string>{"a.json and e.json are of different lists (fingerprints sha256:aa and "
                                        "sha256:bb)"}));
    auto whole = shard("whole.json", "", {});
    EXPECT_EQ(refusals({whole}),
              (std::vector<std::string>{"whole.json: not a shard report (written without --shard K/N): a whole "
                                        "list's report has nothing to be merged with"}));
    auto cut = shard("cut.jsonl", "1/1", {}, false);
    cut.report.has_summary = false;
    EXPECT_EQ(refusals({cut}),
              (std::vector<std::string>{"cut.jsonl: no summary line: a jsonl report ends with one only when written "
                                        "with --shard, and only when its run finished"}));
    EXPECT_EQ(refusals({}), (std::vector<std::string>{"merge: give the shard reports to merge"}));
}

}  // namespace
