// --shard: the host hash that splits a list (pinned: reports of different
// versions must fit together), K/N and auto from the CI's variables, and the
// split as entry_filter and list_reader make it (each entry in exactly one
// shard, the whole list's fingerprint in every one).
#include "shard.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "entry_filter.hpp"
#include "list_reader.hpp"
#include "support/temp_dir.hpp"

namespace {

using namespace urlcheck;

TEST(Shard, Fnv1a64IsTheReferenceHash) {
    // The FNV reference vectors (Fowler, Noll, Vo).
    EXPECT_EQ(fnv1a_64(""), 0xcbf29ce484222325ULL);
    EXPECT_EQ(fnv1a_64("a"), 0xaf63dc4c8601ec8cULL);
    EXPECT_EQ(fnv1a_64("foobar"), 0x85944171f73967e8ULL);
}

TEST(Shard, AHostsShardNeverChanges) {
    // Pinned (and checked against an independent FNV-1a in Python when
    // written): changing these splits a list differently from older versions,
    // and their shard reports would no longer merge with new ones.
    EXPECT_EQ(shard_of_host("example.com", 4), fnv1a_64("example.com") % 4 + 1);
    const std::map<std::string, std::uint32_t> pinned = {
        {"example.com", 3}, {"a.test", 3}, {"b.test", 2}, {"127.0.0.1", 3}, {"::1", 1}, {"xn--bcher-kva.example", 1}};
    for (const auto& [host, shard] : pinned) EXPECT_EQ(shard_of_host(host, 4), shard) << host;
    EXPECT_EQ(shard_of_host("example.com", 1), 1U);
}

TEST(Shard, AnEntrysShardIsItsHostsWhateverTheSpelling) {
    const std::uint32_t n = 7;
    const std::uint32_t expected = shard_of_host("xn--bcher-kva.example", n);
    for (const char* url : {"https://bücher.example/a", "http://BÜCHER.example:8080/b?c", "bücher.example/x",
                            "https://xn--bcher-kva.example./"}) {
        const entry e = make_entry(url, "arg:1");
        ASSERT_EQ(e.error, "") << url;
        EXPECT_EQ(shard_of(e, n), expected) << url;
    }
    EXPECT_EQ(shard_of(make_entry("http://[::1]:8080/", "arg:1"), n), shard_of_host("::1", n));
    // No host: shard 1 reports it, so it is reported once.
    EXPECT_EQ(shard_of(make_entry("not a url", "arg:1"), n), 1U);
}

TEST(Shard, HostsSpreadOverTheShards) {
    std::map<std::uint32_t, int> count;
    for (int i = 0; i < 4000; ++i) ++count[shard_of_host("host" + std::to_string(i) + ".example", 4)];
    ASSERT_EQ(count.size(), 4U);
    for (const auto& [shard, n] : count) {
        EXPECT_GT(n, 850) << shard;
        EXPECT_LT(n, 1150) << shard;
    }
}

TEST(Shard, ParsesKOfNAndAuto) {
    shard_options s;
    EXPECT_EQ(parse_shard("3/4", s), std::nullopt);
    EXPECT_EQ(shard_name(s), "3/4");
    EXPECT_EQ(parse_shard("1/1", s), std::nullopt);
    EXPECT_EQ(shard_name(s), "1/1");
    EXPECT_EQ(parse_shard("auto", s), std::nullopt);
    EXPECT_TRUE(s.automatic);
    EXPECT_EQ(shard_name(s), "");
    const std::map<std::string, std::string> bad = {
        {"0/4", "'0/4': K counts from 1 to N (1/4 is the first shard, 4/4 the last)"},
        {"5/4", "'5/4': K counts from 1 to N (1/4 is the first shard, 4/4 the last)"},
        {"1/0", "'1/0': there must be at least one shard"},
        {"x/y", "'x/y' is not K/N (the K-th of N shards, e.g. 1/4) or auto"},
        {"4", "'4' is not K/N (the K-th of N shards, e.g. 1/4) or auto"},
        {"", "'' is not K/N (the K-th of N shards, e.g. 1/4) or auto"},
        {"1/4/2", "'1/4/2' is not K/N (the K-th of N shards, e.g. 1/4) or auto"},
        {"-1/4", "'-1/4' is not K/N (the K-th of N shards, e.g. 1/4) or auto"},
        {" 1/4", "' 1/4' is not K/N (the K-th of N shards, e.g. 1/4) or auto"},
        {"Auto", "'Auto' is not K/N (the K-th of N shards, e.g. 1/4) or auto"},
    };
    for (const auto& [text, message] : bad) {
        shard_options t;
        EXPECT_EQ(parse_shard(text, t), message) << text;
    }
}

struct auto_row {
    const char* name;
    shard_environment env;
    std::uint32_t shards;  // --shards
    std::string expected;  // "K/N" or the message
};

TEST(Shard, AutoReadsEachCisVariables) {
    const std::vector<auto_row> rows = {
        {"kubernetes first", {.job_completion_index = "0"}, 4, "1/4"},
        {"kubernetes last", {.job_completion_index = "3"}, 4, "4/4"},
        {"kubernetes past the end",
         {.job_completion_index = "4"},
         4,
         "--shard auto: JOB_COMPLETION_INDEX=4 is past the last of --shards=4 shards"},
        {"kubernetes without --shards",
         {.job_completion_index = "0"},
         0,
         "--shard auto: JOB_COMPLETION_INDEX (a Kubernetes Indexed Job) needs --shards N, the job's completions"},
        {"gitlab", {.ci_node_index = "2", .ci_node_total = "3"}, 0, "2/3"},
        {"gitlab with matching --shards", {.ci_node_index = "3", .ci_node_total = "3"}, 3, "3/3"},
        {"gitlab against --shards",
         {.ci_node_index = "1", .ci_node_total = "3"},
         4,
         "--shards 4 disagrees with the environment's 3 shards"},
        {"gitlab from 1",
         {.ci_node_index = "0", .ci_node_total = "3"},
         0,
         "--shard auto: CI_NODE_INDEX=0 is no index from 1"},
        {"gitlab without a total", {.ci_node_index = "1"}, 0, "--shard auto: CI_NODE_TOTAL= is no shard count"},
        {"slurm from 0",
         {.slurm_array_task_id = "0",
          .slurm_array_task_count = "4",
          .slurm_array_task_min = "0",
          .slurm_array_task_max = "3"},
         0,
         "1/4"},
        {"slurm from 1",
         {.slurm_array_task_id = "4",
          .slurm_array_task_count = "4",
          .slurm_array_task_min = "1",
          .slurm_array_task_max = "4"},
         0,
         "4/4"},
        {"slurm with a step",
         {.slurm_array_task_id = "2",
          .slurm_array_task_count = "4",
          .slurm_array_task_min = "0",
          .slurm_array_task_max = "6"},
         0,
         "--shard auto: the SLURM job array 0-6 has 4 tasks: give --array without gaps or steps"},
        {"slurm without min",
         {.slurm_array_task_id = "2", .slurm_array_task_count = "4"},
         0,
         "--shard auto: SLURM_ARRAY_TASK_ID is set but not SLURM_ARRAY_TASK_MIN"},
        {"nothing",
         {},
         0,
         "--shard auto: no shard in the environment (looked for JOB_COMPLETION_INDEX, CI_NODE_INDEX and "
         "CI_NODE_TOTAL, SLURM_ARRAY_TASK_ID and SLURM_ARRAY_TASK_COUNT)"},
    };
    for (const auto& row : rows) {
        shard_options s;
        ASSERT_EQ(parse_shard("auto", s), std::nullopt);
        s.shards = row.shards;
        s.environment = row.env;
        const auto why = resolve_shard(s);
        EXPECT_EQ(why ? *why : shard_name(s), row.expected) << row.name;
    }
}

TEST(Shard, ShardsMustAgreeWithAGivenShard) {
    shard_options s;
    ASSERT_EQ(parse_shard("2/4", s), std::nullopt);
    s.shards = 4;
    EXPECT_EQ(resolve_shard(s), std::nullopt);
    s.shards = 3;
    EXPECT_EQ(resolve_shard(s), "--shards 3 disagrees with --shard 2/4");
    shard_options none;
    none.shards = 3;
    EXPECT_EQ(resolve_shard(none), "--shards is for --shard auto (a Kubernetes job's completions)");
    // An environment is not read without auto.
    shard_options given;
    ASSERT_EQ(parse_shard("1/2", given), std::nullopt);
    given.environment.ci_node_index = "2";
    given.environment.ci_node_total = "2";
    EXPECT_EQ(resolve_shard(given), std::nullopt);
    EXPECT_EQ(shard_name(given), "1/2");
}

// One list read as N shards: every entry in exactly one, the selection
// applied first, the same fingerprint everywhere and the counts adding up.
TEST(Shard, ListReaderSplitsAListIntoDisjointShards) {
    test::temp_dir dir;
    std::string text = "# a list\nnot a url\n";
    for (int i = 0; i < 60; ++i)
        text += "https://host" + std::to_string(i % 12) + ".test/page" + std::to_string(i) +
                (i % 5 == 0 ? "  tag=skip\n" : "\n");
    const std::string list = dir.file("urls.txt", text);
    const auto read = [&](std::uint32_t k, std::uint32_t n, const std::string& path) {
        select_options select;
        select.exclude = {"page1$"};
        if (n > 0) select.shard = {.index = k, .count = n};
        auto filter = entry_filter::make(select);
        std::vector<input_error> errors;
        auto reader = list_reader::open({path}, stdin, errors, filter.get());
        EXPECT_TRUE(errors.empty());
        std::vector<std::string> sources;
        entry e;
        while (reader->next(e)) sources.push_back(e.source);
        EXPECT_EQ(sources.size(), reader->total());
        return std::tuple(sources, reader->total(), reader->filtered(), reader->other_shards(), reader->fingerprint());
    };
    const auto [all, whole_total, whole_filtered, none_other, whole_print] = read(0, 0, list);
    EXPECT_EQ(whole_total, 60U);  // 61 entries, page1 excluded
    EXPECT_EQ(whole_filtered, 1U);
    EXPECT_EQ(none_other, 0U);
    EXPECT_EQ(whole_print.size(), 7 + 64U);
    std::multiset<std::string> seen;
    for (std::uint32_t k = 1; k <= 4; ++k) {
        const auto [sources, total, filtered, other, print] = read(k, 4, list);
        EXPECT_EQ(total + other, whole_total) << k;
        EXPECT_EQ(filtered, whole_filtered) << k;
        EXPECT_EQ(print, whole_print) << k;
        EXPECT_LT(total, whole_total) << k;
        seen.insert(sources.begin(), sources.end());
        if (k != 1) {
            EXPECT_EQ(std::count(sources.begin(), sources.end(), list + ":2"), 0) << "invalid line in " << k;
        }
    }
    EXPECT_EQ(seen, std::multiset<std::string>(all.begin(), all.end()));
    // Another list, or another selection, is another fingerprint.
    const std::string other_list = dir.file("other.txt", text + "https://one-more.test/\n");
    EXPECT_NE(std::get<4>(read(1, 4, other_list)), whole_print);
}

}  // namespace
