// --shard K/N and urlcheck merge through the binary: four shard runs over
// one list against a test server, merged, give the single run's report
// (entries, verdicts, summary, exit code); merge refuses a missing,
// duplicated or foreign shard; bad specs and --shard auto under each CI's
// variables; the recipes of docs/scale-out.md (the Kubernetes manifest and
// the GitHub workflow parsed as YAML, GNU parallel run for real).
#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include <fmt/format.h>

#include "report/json_read.hpp"
#include "support/cli_fixture.hpp"

namespace urlcheck::test {
namespace {

constexpr int hosts = 12;

class ShardCli : public cli_fixture {
protected:
    void SetUp() override {
        cli_fixture::SetUp();
        server_.route("/ok", serve::respond(200, {}, "fine"));
        server_.route("/teapot", serve::respond(418, {}, "no"));
        // Not routed: /missing is the fallback's 404.
        std::string text = "# one list, several hosts\n";
        for (int i = 0; i < 36; ++i) {
            const char* path = i % 3 == 0 ? "/ok" : i % 3 == 1 ? "/missing" : "/teapot";
            text += fmt::format("http://h{}.test:{}{}?n={}\n", i % hosts, server_.port(), path, i);
        }
        text += "not a url\n";  // invalid: shard 1 reports it
        text += "http://h1.test:" + std::to_string(server_.port()) + "/ok?n=0  # listed again below\n";
        text += "http://h1.test:" + std::to_string(server_.port()) + "/ok?n=0\n";
        list_ = write_file("urls.txt", text);
    }

    // A run over the list, the host names all on the test server.
    std::vector<std::string> args(std::vector<std::string> more) const {
        std::vector<std::string> a = {"--resolve",    "*:" + std::to_string(server_.port()) + ":127.0.0.1",
                                      "--retries",    "0",
                                      "--no-confirm", "--no-config"};
        a.insert(a.end(), more.begin(), more.end());
        return a;
    }

    static subprocess_options shard_env_options(std::map<std::string, std::string> env = {}) {
        subprocess_options o = base_options();
        for (const char* name : {"JOB_COMPLETION_INDEX", "CI_NODE_INDEX", "CI_NODE_TOTAL", "SLURM_ARRAY_TASK_ID",
                                 "SLURM_ARRAY_TASK_COUNT", "SLURM_ARRAY_TASK_MIN", "SLURM_ARRAY_TASK_MAX"})
            o.unset_env.emplace_back(name);
        o.env.insert(env.begin(), env.end());
        return o;
    }

    static read_report read(const std::string& path) {
        std::ifstream in(path);
        std::stringstream text;
        text << in.rdbuf();
        std::string error;
        auto report = read_json_report(text.str(), error);
        EXPECT_TRUE(report) << path << ": " << error << "\n" << text.str();
        return report ? *report : read_report{};
    }

    // What must be the same in the merged and the single run's reports.
    using entry_view = std::tuple<std::string, std::string, std::string, std::optional<int>, std::string>;
    static std::vector<entry_view> entries(const read_report& r) {
        std::vector<entry_view> out;
        for (const auto& x : r.results)
            out.emplace_back(x.url, x.source, std::string(to_string(x.state)), x.status,
                             std::string(to_string(x.error)));
        return out;
    }
    static std::vector<std::size_t> counts(const summary& s) {
        return {s.total, s.checked, s.up, s.down, s.degraded, s.unverifiable, s.skipped, s.not_checked, s.filtered};
    }

    // The four shard reports: 1 and 3 as json, 2 and 4 as jsonl.
    std::vector<std::string> run_four_shards() {
        std::vector<std::string> reports;
        for (int k = 1; k <= 4; ++k) {
            const std::string format = k % 2 == 1 ? "json" : "jsonl";
            const std::string report = path("shard" + std::to_string(k) + "." + format);
            const auto r = run(args({"--shard", std::to_string(k) + "/4", "--format", format, "-o", report, list_}),
                               shard_env_options());
            EXPECT_TRUE(r.exit_code == 0 || r.exit_code == 1) << dump(r);
            reports.push_back(report);
        }
        return reports;
    }

    std::string list_;
};

TEST_F(ShardCli, FourShardsMergedAreTheSingleRun) {
    const auto single = run(args({"--format", "json", "-o", path("single.json"), list_}), shard_env_options());
    ASSERT_EQ(single.exit_code, 1) << dump(single);
    const auto reports = run_four_shards();

    std::size_t shard_total = 0;
    for (const auto& report : reports) {
        const read_report r = read(report);
        EXPECT_TRUE(r.has_summary) << report;
        EXPECT_EQ(r.totals.list_fingerprint, read(path("single.json")).totals.list_fingerprint) << report;
        EXPECT_EQ(r.totals.total + r.totals.other_shards, 39U) << report;
        EXPECT_LT(r.totals.total, 39U) << report;
        shard_total += r.totals.total;
    }
    EXPECT_EQ(shard_total, 39U);

    std::vector<std::string> merge_args = {"merge", "--format", "json", "-o", path("merged.json")};
    merge_args.insert(merge_args.end(), reports.rbegin(), reports.rend());  // any order
    const auto merged = run(merge_args);
    EXPECT_EQ(merged.exit_code, single.exit_code) << dump(merged);
    const read_report want = read(path("single.json"));
    const read_report got = read(path("merged.json"));
    EXPECT_EQ(entries(got), entries(want));
    EXPECT_EQ(counts(got.totals), counts(want.totals));
    EXPECT_EQ(got.totals.list_fingerprint, want.totals.list_fingerprint);
    EXPECT_EQ(got.totals.shard, "");  // the merged report is the whole list's
    EXPECT_EQ(want.totals.shard, "");
    ASSERT_EQ(want.totals.total, 39U);

    // Any format: the text report's summary line and the exit code.
    const auto text = run({"merge", reports[0], reports[1], reports[2], reports[3]});
    EXPECT_EQ(text.exit_code, 1) << dump(text);
    const auto single_text = run(args({list_}), shard_env_options());
    // "39 checked in 0.02 s: 14 up, 25 down" without its time, which differs.
    const auto summary_line = [](const std::string& s) {
        const auto end = s.find_last_not_of('\n');
        const std::string line = s.substr(s.rfind('\n', end) + 1, end - s.rfind('\n', end));
        return line.substr(0, line.find(" in ")) + line.substr(line.find(':'));
    };
    EXPECT_EQ(summary_line(text.out), summary_line(single_text.out)) << dump(text);
    EXPECT_EQ(summary_line(text.out), "39 checked: 14 up, 25 down") << dump(text);
}

TEST_F(ShardCli, MergeRefusesAMissingDuplicatedOrForeignShard) {
    const auto reports = run_four_shards();
    const auto missing = run({"merge", reports[0], reports[1], reports[3]});
    EXPECT_EQ(missing.exit_code, 2) << dump(missing);
    EXPECT_NE(missing.err.find("shard 3/4 missing ("), std::string::npos) << dump(missing);
    EXPECT_NE(missing.err.find(reports[3] + " is 4/4"), std::string::npos) << dump(missing);
    EXPECT_EQ(missing.out, "");

    const auto twice = run({"merge", reports[0], reports[1], reports[2], reports[3], reports[1]});
    EXPECT_EQ(twice.exit_code, 2) << dump(twice);
    EXPECT_NE(twice.err.find("shard 2/4 is given more than once: " + reports[1] + ", " + reports[1]), std::string::npos)
        << dump(twice);

    const std::string three = path("of3.json");
    ASSERT_EQ(run(args({"--shard", "1/3", "--format", "json", "-o", three, list_}), shard_env_options()).exit_code, 1);
    const auto other_n = run({"merge", reports[0], reports[1], reports[2], three});
    EXPECT_EQ(other_n.exit_code, 2) << dump(other_n);
    EXPECT_NE(other_n.err.find(reports[0] + " is shard 1/4 but " + three + " is shard 1/3: different shard counts"),
              std::string::npos)
        << dump(other_n);

    const auto other_list = write_file("other.txt", "http://h1.test:" + std::to_string(server_.port()) + "/ok\n");
    const std::string foreign = path("foreign.json");
    run(args({"--shard", "4/4", "--format", "json", "-o", foreign, other_list}), shard_env_options());
    const auto other = run({"merge", reports[0], reports[1], reports[2], foreign});
    EXPECT_EQ(other.exit_code, 2) << dump(other);
    EXPECT_NE(other.err.find(reports[0] + " and " + foreign + " are of different lists (fingerprints sha256:"),
              std::string::npos)
        << dump(other);

    // A whole list's report is refused: merging it could only count twice.
    const std::string whole = path("whole.json");
    run(args({"--format", "json", "-o", whole, list_}), shard_env_options());
    const auto unsharded = run({"merge", whole});
    EXPECT_EQ(unsharded.exit_code, 2) << dump(unsharded);
    EXPECT_NE(unsharded.err.find(whole + ": not a shard report (written without --shard K/N)"), std::string::npos)
        << dump(unsharded);

    const auto not_json = run({"merge", list_});
    EXPECT_EQ(not_json.exit_code, 2) << dump(not_json);
    EXPECT_NE(not_json.err.find(list_ + ": not a json or jsonl report of urlcheck: line 1: not JSON"),
              std::string::npos)
        << dump(not_json);
    const auto absent = run({"merge", path("absent.json")});
    EXPECT_EQ(absent.exit_code, 2) << dump(absent);
    EXPECT_NE(absent.err.find("cannot read " + path("absent.json") + ": No such file"), std::string::npos);
}

// The sqlite3 CLI's answer to `query` on `db`.
std::string sql(const std::string& db, const std::string& query) {
    subprocess_options o;
    o.timeout = std::chrono::seconds(60);
    return run_subprocess("/usr/bin/sqlite3", {db, query}, o).out;
}

// docs/scale-out.md "State and shards together": each shard keeps its own
// --state file; merge takes them into one, which is the state a single run
// of the whole list would have kept (so that run, --changes-only, has
// nothing to say), and the merged report lists what changed as that run
// would have.
TEST_F(ShardCli, TheShardsStateFilesMergeIntoTheSingleRunsState) {
    std::vector<std::string> states, reports;
    for (int k = 1; k <= 4; ++k) {
        states.push_back(path("s" + std::to_string(k) + ".db"));
        reports.push_back(path("r" + std::to_string(k) + ".json"));
        const auto r = run(args({"--shard", std::to_string(k) + "/4", "--state", states.back(), "--changes-only",
                                 "--format", "json", "-o", reports.back(), list_}),
                           shard_env_options());
        ASSERT_TRUE(r.exit_code == 0 || r.exit_code == 1) << dump(r);
    }
    std::size_t records = 0;
    for (const auto& state : states) records += std::stoul(sql(state, "SELECT count(*) FROM entries"));

    // The reports and the state files in one call, any order.
    const auto merged = run({"merge", "--state", path("all.db"), "--changes-only", states[2], reports[0], states[0],
                             reports[1], states[1], reports[2], states[3], reports[3]});
    EXPECT_EQ(merged.exit_code, 1) << dump(merged);
    // Disjoint shards: every record once.
    EXPECT_EQ(std::stoul(sql(path("all.db"), "SELECT count(*) FROM entries")), records);

    // The single run on a fresh state lists what the merged report lists.
    const auto single = run(args({"--state", path("single.db"), "--changes-only", list_}), shard_env_options());
    EXPECT_EQ(single.exit_code, 1) << dump(single);
    const auto listed = [](const std::string& out) {
        std::vector<std::string> urls;
        // The URL and its source: the time column differs between runs.
        for (const auto& line : split_lines(out)) {
            const auto at = line.find("http://");
            if (at == std::string::npos) continue;
            urls.push_back(line.substr(at, line.find(' ', at) - at) + " " + line.substr(line.rfind(' ') + 1));
        }
        std::sort(urls.begin(), urls.end());
        return urls;
    };
    EXPECT_EQ(listed(merged.out), listed(single.out)) << dump(merged) << dump(single);
    EXPECT_NE(merged.out.find(" changed since the last run; "), std::string::npos) << dump(merged);
    EXPECT_EQ(records, std::stoul(sql(path("single.db"), "SELECT count(*) FROM entries")));
    EXPECT_EQ(sql(path("all.db"), "SELECT key, state, consecutive_down, consecutive_up FROM entries ORDER BY key"),
              sql(path("single.db"), "SELECT key, state, consecutive_down, consecutive_up FROM entries ORDER BY key"));

    // The whole list on the merged state: nothing changed, nothing to say.
    const auto next = run(args({"--state", path("all.db"), "--changes-only", list_}), shard_env_options());
    EXPECT_EQ(next.exit_code, 1) << dump(next);
    EXPECT_EQ(next.out, "") << dump(next);

    // After a change of N (or a shard run again), the newest record of an
    // entry wins, in whichever order the files come.
    ASSERT_TRUE(std::filesystem::copy_file(states[0], path("old.db")));
    ASSERT_EQ(run(args({"--shard", "1/4", "--state", states[0], "--format", "json", "-o", path("again.json"), list_}),
                  shard_env_options())
                  .exit_code,
              1);
    const std::string newest = sql(states[0], "SELECT key, last_checked FROM entries ORDER BY key");
    EXPECT_NE(newest, sql(path("old.db"), "SELECT key, last_checked FROM entries ORDER BY key"));
    for (const auto& order : {std::vector<std::string>{path("old.db"), states[0]},
                              std::vector<std::string>{states[0], path("old.db")}}) {
        const std::string out = path("newest" + std::to_string(order[0] == states[0]) + ".db");
        const auto r = run({"merge", "--state", out, order[0], order[1]});
        EXPECT_EQ(r.exit_code, 0) << dump(r);
        EXPECT_EQ(r.out + r.err, "") << "only state files: nothing to report\n" << dump(r);
        EXPECT_EQ(sql(out, "SELECT key, last_checked FROM entries ORDER BY key"), newest);
    }
}

TEST_F(ShardCli, MergeRefusesStateFilesItCannotTake) {
    const std::string state = path("s1.db");
    ASSERT_EQ(run(args({"--shard", "1/4", "--state", state, list_}), shard_env_options()).exit_code, 1);
    const auto reports = run_four_shards();

    const auto no_target = run({"merge", reports[0], reports[1], reports[2], reports[3], state});
    EXPECT_EQ(no_target.exit_code, 2) << dump(no_target);
    EXPECT_NE(no_target.err.find(state + " is a state file: give --state FILE to merge the shards' state files into"),
              std::string::npos)
        << dump(no_target);
    EXPECT_EQ(no_target.out, "") << "refused before any report\n" << dump(no_target);

    const auto no_source = run({"merge", "--state", path("all.db"), reports[0], reports[1], reports[2], reports[3]});
    EXPECT_EQ(no_source.exit_code, 2) << dump(no_source);
    EXPECT_NE(no_source.err.find("merge: --state is the file the shards' state files are merged into, and none was given"),
              std::string::npos)
        << dump(no_source);

    const auto itself = run({"merge", "--state", state, state});
    EXPECT_EQ(itself.exit_code, 2) << dump(itself);
    EXPECT_NE(itself.err.find(state + " is both a state file to merge and --state"), std::string::npos) << dump(itself);

    // Another program's database: refused, and the target is left whole.
    run_subprocess("/usr/bin/sqlite3", {path("other.db"), "CREATE TABLE t(x); INSERT INTO t VALUES(1);"},
                   base_options());
    ASSERT_EQ(run({"merge", "--state", path("all.db"), state}).exit_code, 0);
    const std::string before = sql(path("all.db"), "SELECT key, last_checked FROM entries ORDER BY key");
    ASSERT_NE(before, "");
    const auto foreign = run({"merge", "--state", path("all.db"), path("other.db")});
    EXPECT_EQ(foreign.exit_code, 2) << dump(foreign);
    EXPECT_NE(foreign.err.find(path("other.db") + ": not a urlcheck state file"), std::string::npos) << dump(foreign);
    EXPECT_NE(foreign.err.find("(" + path("all.db") + " is left as it was)"), std::string::npos) << dump(foreign);
    EXPECT_EQ(sql(path("all.db"), "SELECT key, last_checked FROM entries ORDER BY key"), before);

    // A newer format: refused by name.
    ASSERT_TRUE(std::filesystem::copy_file(state, path("newer.db")));
    sql(path("newer.db"), "PRAGMA user_version = 99");
    const auto newer = run({"merge", "--state", path("all.db"), path("newer.db")});
    EXPECT_EQ(newer.exit_code, 2) << dump(newer);
    EXPECT_NE(newer.err.find(path("newer.db") + ": written by a newer urlcheck (state format 99"), std::string::npos)
        << dump(newer);
}

TEST_F(ShardCli, BadSpecsAreUsageErrors) {
    const std::pair<const char*, const char*> rows[] = {
        {"0/4", "--shard: '0/4': K counts from 1 to N (1/4 is the first shard, 4/4 the last)"},
        {"5/4", "--shard: '5/4': K counts from 1 to N (1/4 is the first shard, 4/4 the last)"},
        {"x/y", "--shard: 'x/y' is not K/N (the K-th of N shards, e.g. 1/4) or auto"},
        {"1/0", "--shard: '1/0': there must be at least one shard"},
    };
    for (const auto& [spec, message] : rows) {
        const auto r = run(args({"--shard", spec, list_}), shard_env_options());
        EXPECT_EQ(r.exit_code, 2) << spec << dump(r);
        EXPECT_NE(r.err.find(message), std::string::npos) << spec << dump(r);
        EXPECT_EQ(r.out, "") << spec;
    }
}

TEST_F(ShardCli, AutoReadsEachEnvironment) {
    const std::pair<std::map<std::string, std::string>, std::vector<std::string>> rows[] = {
        {{{"JOB_COMPLETION_INDEX", "1"}}, {"--shards", "4"}},
        {{{"CI_NODE_INDEX", "2"}, {"CI_NODE_TOTAL", "4"}}, {}},
        {{{"SLURM_ARRAY_TASK_ID", "2"},
          {"SLURM_ARRAY_TASK_MIN", "1"},
          {"SLURM_ARRAY_TASK_MAX", "4"},
          {"SLURM_ARRAY_TASK_COUNT", "4"}},
         {}},
        {{{"SLURM_ARRAY_TASK_ID", "1"},
          {"SLURM_ARRAY_TASK_MIN", "0"},
          {"SLURM_ARRAY_TASK_MAX", "3"},
          {"SLURM_ARRAY_TASK_COUNT", "4"}},
         {}},
    };
    const std::string reference = path("ref.json");
    run(args({"--shard", "2/4", "--format", "json", "-o", reference, list_}), shard_env_options());
    for (const auto& [env, more] : rows) {
        std::vector<std::string> a = {"--shard", "auto", "--format", "json", "-o", path("auto.json"), list_};
        a.insert(a.end(), more.begin(), more.end());
        const auto r = run(args(a), shard_env_options(env));
        EXPECT_EQ(r.exit_code, 1) << env.begin()->first << dump(r);
        const read_report got = read(path("auto.json"));
        EXPECT_EQ(got.totals.shard, "2/4") << env.begin()->first;
        EXPECT_EQ(entries(got), entries(read(reference))) << env.begin()->first;
    }
    const auto none = run(args({"--shard", "auto", list_}), shard_env_options());
    EXPECT_EQ(none.exit_code, 2) << dump(none);
    EXPECT_NE(none.err.find("--shard auto: no shard in the environment (looked for JOB_COMPLETION_INDEX, "
                            "CI_NODE_INDEX and CI_NODE_TOTAL, SLURM_ARRAY_TASK_ID and SLURM_ARRAY_TASK_COUNT)"),
              std::string::npos)
        << dump(none);
    const auto no_count = run(args({"--shard", "auto", list_}), shard_env_options({{"JOB_COMPLETION_INDEX", "0"}}));
    EXPECT_EQ(no_count.exit_code, 2) << dump(no_count);
    EXPECT_NE(no_count.err.find("needs --shards N"), std::string::npos) << dump(no_count);
}

TEST_F(ShardCli, AnEmptyShardExitsZeroWithAReport) {
    const auto one_host = write_file("one.txt", "http://h1.test:" + std::to_string(server_.port()) + "/ok\n");
    int empty_shards = 0;
    for (int k = 1; k <= 4; ++k) {
        const std::string report = path("one" + std::to_string(k) + ".jsonl");
        const auto r = run(args({"--shard", std::to_string(k) + "/4", "--format", "jsonl", "-o", report, one_host}),
                           shard_env_options());
        EXPECT_EQ(r.exit_code, 0) << dump(r);
        const read_report got = read(report);
        if (got.totals.total == 0) {
            ++empty_shards;
            EXPECT_EQ(got.totals.other_shards, 1U);
            EXPECT_TRUE(got.results.empty());
        }
    }
    EXPECT_EQ(empty_shards, 3);
}

// docs/scale-out.md's Kubernetes recipe: the manifest is YAML that names
// the image, reads the index the way --shard auto does, and merges.
TEST_F(ShardCli, TheKubernetesManifestAndTheWorkflowParse) {
    const std::string script = R"PY(
import sys, yaml
docs = list(yaml.safe_load_all(open(sys.argv[1])))
jobs = [d for d in docs if d and d.get("kind") == "Job"]
shard = [j for j in jobs if j["spec"].get("completionMode") == "Indexed"]
assert len(shard) == 1, "one Indexed Job"
spec = shard[0]["spec"]
assert spec["completions"] == spec["parallelism"] == 4, spec
container = spec["template"]["spec"]["containers"][0]
assert container["image"].startswith("ghcr.io/"), container["image"]
args = container["args"]
assert args[args.index("--shard") + 1] == "auto" and args[args.index("--shards") + 1] == "4", args
assert any("$(JOB_COMPLETION_INDEX)" in a for a in args), "report named by the index"
merge = [j for j in jobs if j is not shard[0]]
assert len(merge) == 1, "one merge Job"
margs = merge[0]["spec"]["template"]["spec"]["containers"][0]["args"]
assert margs[0] == "merge", margs
assert merge[0]["spec"]["template"]["spec"]["containers"][0]["image"] == container["image"]
volumes = {v["name"]: v for v in spec["template"]["spec"]["volumes"]}
assert any("persistentVolumeClaim" in v for v in volumes.values()), "reports on a shared volume"
print("ok", container["image"])
)PY";
    const auto k8s = run_subprocess(
        "/usr/bin/python3", {"-c", script, std::string(URLCHECK_SOURCE_DIR) + "/examples/kubernetes/sharded-job.yaml"},
        base_options());
    EXPECT_EQ(k8s.exit_code, 0) << dump(k8s);

    const std::string workflow = R"PY(
import sys, yaml
w = yaml.safe_load(open(sys.argv[1]))
jobs = w["jobs"]
check = jobs["check"]
assert check["strategy"]["matrix"]["shard"] == [1, 2, 3, 4], check["strategy"]
assert check["strategy"]["fail-fast"] is False
steps = "\n".join(s.get("run", "") + str(s.get("uses", "")) for s in check["steps"])
assert "--shard ${{ matrix.shard }}/4" in steps and "actions/upload-artifact" in steps, steps
merge = jobs["merge"]
assert merge["needs"] == "check" and merge["if"] == "${{ always() }}", merge
msteps = "\n".join(s.get("run", "") + str(s.get("uses", "")) for s in merge["steps"])
assert "actions/download-artifact" in msteps and "urlcheck merge" in msteps, msteps
print("ok")
)PY";
    const auto gha = run_subprocess(
        "/usr/bin/python3", {"-c", workflow, std::string(URLCHECK_SOURCE_DIR) + "/examples/github/sharded-check.yml"},
        base_options());
    EXPECT_EQ(gha.exit_code, 0) << dump(gha);
}

// docs/scale-out.md's GNU parallel recipe, as written there.
TEST_F(ShardCli, TheGnuParallelRecipeRuns) {
    if (::access("/usr/bin/parallel", X_OK) != 0)
        GTEST_SKIP() << "GNU parallel is not installed (scripts/install-deps.sh)";
    subprocess_options o = shard_env_options();
    o.env["URLCHECK"] = URLCHECK_BINARY;
    o.env["RESOLVE"] = "*:" + std::to_string(server_.port()) + ":127.0.0.1";
    const std::string recipe =
        "cd \"$1\" && parallel --will-cite -j 4 \"$URLCHECK\" --resolve \"$RESOLVE\" --retries 0 --no-confirm "
        "--no-config --shard {}/4 --format jsonl -o shard-{}.jsonl urls.txt ::: 1 2 3 4; "
        "\"$URLCHECK\" merge --format json -o merged.json shard-*.jsonl; merged=$?; "
        "\"$URLCHECK\" --resolve \"$RESOLVE\" --retries 0 --no-confirm --no-config --format json -o single.json "
        "urls.txt; [ $? -eq $merged ] && exit $merged";
    const auto r = run_subprocess("/bin/bash", {"-c", recipe, "recipe", dir_.string()}, o);
    EXPECT_EQ(r.exit_code, 1) << dump(r);
    EXPECT_EQ(entries(read(path("merged.json"))), entries(read(path("single.json"))));
}

}  // namespace
}  // namespace urlcheck::test
