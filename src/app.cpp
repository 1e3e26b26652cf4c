#include "app.hpp"

#include <cerrno>
#include <chrono>
#include <cstring>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "ack.hpp"
#include "cli.hpp"
#include "cli/ack_file.hpp"
#include "cli/messages.hpp"
#include "descriptor_limit.hpp"
#include "entry_filter.hpp"
#include "interrupts.hpp"
#include "lint.hpp"
#include "list_reader.hpp"
#include "proxy.hpp"
#include "report/explain.hpp"
#include "report/json_read.hpp"
#include "report/merge.hpp"
#include "report/plan.hpp"
#include "report/report_set.hpp"
#include "shard.hpp"
#include "sitemap_fetch.hpp"
#include "state/run_memory.hpp"
#include "state/state_store.hpp"
#include "terminal.hpp"
#include "text.hpp"
#include "unique_file.hpp"
#include "urlcheck/engine.hpp"
#include "urlcheck/report.hpp"
#include "urlcheck/summary.hpp"

namespace urlcheck {

namespace {

constexpr int usage_exit = 2;

void print_error(const std::string& message) { std::fprintf(stderr, "urlcheck: %s\n", message.c_str()); }

// No INPUT means standard input. False, after saying why, when that is a
// terminal: waiting silently for one to type URLs is never what was meant.
bool inputs_or_stdin(options& opts) {
    if (!opts.inputs.empty() || !opts.sitemaps.empty()) return true;
    if (is_terminal(stdin)) {
        std::fputs(cli::usage_text("no input: give a file, '-' or a URL").c_str(), stderr);
        return false;
    }
    opts.inputs.emplace_back("-");
    return true;
}

// The entries to check: the INPUTs, or standard input when there are none.
// Null, after saying why, when there is nothing to check.
std::unique_ptr<list_reader> open_inputs(options& opts, const entry_filter* filter) {
    if (!inputs_or_stdin(opts)) return nullptr;
    // Downloaded before the run, on an io_context of their own, so that no
    // check waits behind a 50 MiB sitemap.
    fetched_sitemaps sitemaps = fetch_sitemaps(opts.sitemaps, opts.check);
    std::vector<input_error> errors;
    for (auto& message : sitemaps.errors) errors.push_back({std::move(message)});
    std::unique_ptr<list_reader> list =
        list_reader::open(opts.inputs, stdin, errors, filter, opts.input, std::move(sitemaps.documents));
    for (const auto& e : errors) print_error(e.message);
    if (!errors.empty()) return nullptr;
    // An empty shard (a short list over many machines) is a run with
    // nothing to check: its reports still say so, for urlcheck merge.
    if (list->total() == 0 && list->other_shards() == 0) {
        // A selection that matches nothing is a mistake (a misspelt tag),
        // not a run where everything is fine.
        print_error(
            fmt::format("no entries left to check: --select-tag, --include, --exclude "
                        "and the exclusion files left out all {}",
                        list->filtered()));
        return nullptr;
    }
    return list;
}

// What the environment says about where the reports go: GitHub Actions
// (annotations, the job summary) and CI in general (no progress line). The
// one place, with NO_COLOR in terminal.cpp, that reads the environment; and
// the proxy variables, into `proxy` (unless --no-proxy-env), so the engine
// and its tests never call getenv; and the CI variables --shard auto reads
// (resolve_shard), into `shard`.
report_environment read_environment(proxy_options& proxy, shard_environment& shard) {
    const auto get = [](const char* name) -> std::string {
        const char* value = std::getenv(name);
        return value != nullptr ? value : "";
    };
    report_environment env;
    env.github_actions = get("GITHUB_ACTIONS") == "true";
    env.step_summary = get("GITHUB_STEP_SUMMARY");
    env.ci = !get("CI").empty() && get("CI") != "false" && get("CI") != "0";
    // The proxy variables as curl reads them: lower case first, and never
    // HTTP_PROXY in upper case (httpoxy: under CGI it is the request's
    // "Proxy:" header, which a client could set).
    if (proxy.use_environment) {
        const auto either = [&](const char* lower, const char* upper) {
            std::string value = get(lower);
            return value.empty() && upper != nullptr ? get(upper) : value;
        };
        proxy.environment.http_proxy = either("http_proxy", nullptr);
        proxy.environment.https_proxy = either("https_proxy", "HTTPS_PROXY");
        proxy.environment.all_proxy = either("all_proxy", "ALL_PROXY");
        proxy.environment.no_proxy = either("no_proxy", "NO_PROXY");
    }
    shard.job_completion_index = get("JOB_COMPLETION_INDEX");
    shard.ci_node_index = get("CI_NODE_INDEX");
    shard.ci_node_total = get("CI_NODE_TOTAL");
    shard.slurm_array_task_id = get("SLURM_ARRAY_TASK_ID");
    shard.slurm_array_task_count = get("SLURM_ARRAY_TASK_COUNT");
    shard.slurm_array_task_min = get("SLURM_ARRAY_TASK_MIN");
    shard.slurm_array_task_max = get("SLURM_ARRAY_TASK_MAX");
    return env;
}

// One result counted, and reported under `report_index` unless that is
// empty (--changes-only keeps it out of the reports, not out of the counts).
run_memory::deliver_fn count_and_report(report_set& reports, progress_line& progress, summary& s) {
    return [&](const result& r, std::optional<std::size_t> report_index) {
        s.add(r);
        if (report_index && !reports.on_result(*report_index, r)) return false;
        progress.update(s);
        return true;
    };
}

// Each result counted, reported and shown on the progress line as it comes
// (through `memory` first under --state). Checking on when no report can be
// written any more (`| head`, a full disk) would only waste the rest of the
// run: the hooks tell the engine to stop, and finish() says why.
// The engine's results through `memory` (under --state), then `deliver`.
void deliver_results(run_hooks& hooks, progress_line& progress, run_memory* memory, run_memory::deliver_fn deliver) {
    hooks.on_result = [&progress, memory, deliver = std::move(deliver)](std::size_t index, const result& r) {
        progress.finished(index);
        const bool keep_going = memory != nullptr ? memory->take(index, r, deliver) : deliver(r, index);
        return keep_going ? report_status::keep_going : report_status::stop;
    };
}

run_hooks report_as_it_goes(report_set& reports, progress_line& progress, summary& s, bool verbose,
                            run_memory* memory) {
    run_hooks hooks;
    hooks.on_started = [&](std::size_t index, const std::string& url) { progress.started(index, url); };
    deliver_results(hooks, progress, memory, count_and_report(reports, progress, s));
    // Our own counts (they include invalid entries); the engine's tick only
    // keeps the line fresh while nothing completes.
    hooks.on_progress = [&](const urlcheck::progress& engine) {
        progress.set_confirming(engine.confirming);
        progress.update(s);
        return reports.flush() ? report_status::keep_going : report_status::stop;
    };
    hooks.results_held = [&, memory] { return reports.held() + (memory != nullptr ? memory->held() : 0); };
    hooks.on_notice = [&](const std::string& message) {
        progress.clear();
        print_error(message);
    };
    if (verbose) hooks.on_detail = hooks.on_notice;
    return hooks;
}

// --ack FILE, read and its regexes compiled before anything is checked: a
// bad file is configuration, an exit 2. Null without --ack, and on error
// (`ok` false, after saying why).
std::unique_ptr<ack_matcher> load_acks(const std::string& path, bool& ok) {
    ok = true;
    if (path.empty()) return nullptr;
    std::string error;
    std::unique_ptr<ack_matcher> acks;
    if (auto rules = cli::read_ack_file(path, &error)) acks = ack_matcher::make(std::move(*rules), &error);
    if (!acks) {
        print_error(error);
        ok = false;
    }
    return acks;
}

// Between the engine's results (after --state made them this run's) and
// the reports: a result whose entry an active ack covers, and that would
// fail the run, is reported as acknowledged. The state records what was
// found, never the ack. An expired ack is told once, at the first entry it
// covers; under -v, so is an active one whose entry is up (it may be time to
// remove it).
run_memory::deliver_fn acknowledged_first(run_memory::deliver_fn deliver, const run_hooks& hooks,
                                          ack_source& source, const ack_matcher& acks, std::int64_t now_unix_ms,
                                          const fail_on_states& fail_on) {
    auto told = std::make_shared<std::vector<bool>>(acks.rules().size(), false);
    return [deliver = std::move(deliver), notice = hooks.on_notice, detail = hooks.on_detail, told, &source, &acks,
            now_unix_ms, fail_on](const result& r, std::optional<std::size_t> report_index) {
        const auto rule = source.take(r);
        if (!rule) return deliver(r, report_index);
        const ack_rule& ack = acks.rules()[*rule];
        result changed = r;
        const ack_outcome outcome = acknowledge(changed, ack, now_unix_ms, fail_on);
        if (outcome == ack_outcome::failing && !(*told)[*rule]) {
            (*told)[*rule] = true;
            notice(expired_notice(ack));
        } else if (outcome == ack_outcome::passing && r.state == verdict::up && detail && !(*told)[*rule]) {
            (*told)[*rule] = true;
            detail(fmt::format("{}: ack for {}: the entry at {} is up; the ack may be removed", ack.source,
                               describe(ack), r.source));
        }
        return deliver(changed, report_index);
    };
}

int exit_code_of(summary& s, const fail_on_states& fail_on) {
    if (s.signal == 0 && s.not_checked > 0) {
        // Only an input that shrank between the scan and the run gets here:
        // the report is not the whole list, and a script must not read it as
        // one.
        print_error(fmt::format("{} entries were not checked: an input changed while it was read", s.not_checked));
        return usage_exit;
    }
    // A first Ctrl-C that came after the last check, while the report was
    // being written, still says "interrupted" to the caller.
    if (s.signal == 0) s.signal = interrupt_signal();
    return exit_code_for(s, fail_on);
}

// The options that mean something only with --state, when it is not given.
std::string needs_state(const options& opts) {
    const state_options& st = opts.state;
    if (!st.path.empty()) return {};
    if (st.fail_after != 1) return "--fail-after";
    if (st.recover_after != 1) return "--recover-after";
    if (st.remind_every.count() > 0) return "--remind-every";
    if (st.skip_fresh.count() > 0) return "--skip-fresh";
    if (st.wait.count() > 0) return "--state-wait";
    if (opts.report.changes_only) return "--changes-only";
    return {};
}

// The end of a run (or a merge): every report finished, the exit code
// (2 when a report or, under --state, the state file could not be written).
int finish_reports(report_set& reports, summary& s, const fail_on_states& fail_on, bool state_written = true) {
    const std::vector<std::string> failed = reports.finish(s);
    for (const auto& message : failed) print_error(message);
    const int code = failed.empty() && state_written ? exit_code_of(s, fail_on) : usage_exit;
    // Every exit but 0 is a run that failed, an interrupted one and one
    // whose other report failed included: a report held for -q is what cron
    // should mail then.
    const std::vector<std::string> unreleased = reports.release(code != 0);
    for (const auto& message : unreleased) print_error(message);
    if (!unreleased.empty()) return usage_exit;
    return code;
}

// The whole of a report file; false, after saying why, when it can't be read.
bool read_whole_file(const std::string& path, std::string& text) {
    errno = 0;
    const unique_file file(std::fopen(path.c_str(), "rb"));
    char buffer[64 * 1024];
    std::size_t n = 0;
    while (file && (n = std::fread(buffer, 1, sizeof buffer, file.get())) > 0) text.append(buffer, n);
    if (!file || std::ferror(file.get())) {
        print_error(fmt::format("cannot read {}: {}", printable(path), std::strerror(errno != 0 ? errno : EIO)));
        return false;
    }
    return true;
}

// A shard's --state file among merge's inputs: an SQLite database, told by
// the header no json or jsonl report starts with.
bool looks_like_state_file(const std::string& path) {
    const unique_file file(std::fopen(path.c_str(), "rb"));
    char header[16] = {};
    return file && std::fread(header, 1, sizeof header, file.get()) == sizeof header &&
           std::string_view(header, sizeof header) == std::string_view("SQLite format 3\0", 16);
}

// urlcheck merge --state FILE: the shards' state files taken into FILE
// (state_store::merge_from: the newest record of each entry wins) in one
// transaction, so FILE is merged whole or left as it was.
bool merge_state_files(const state_options& st, const std::vector<std::string>& sources, int verbosity) {
    std::error_code ignored;
    for (const auto& source : sources) {
        if (std::filesystem::equivalent(source, st.path, ignored)) {
            print_error(fmt::format("merge: {} is both a state file to merge and --state, the file merged into",
                                    printable(source)));
            return false;
        }
    }
    std::string error;
    const auto store = state_store::open(st.path, st.wait, error);
    if (!store) {
        print_error(error);
        return false;
    }
    for (const auto& source : sources) {
        std::size_t taken = 0;
        if (!store->merge_from(source, taken, error)) {
            print_error(error + fmt::format(" ({} is left as it was)", printable(st.path)));
            return false;
        }
        if (verbosity > 0) print_error(fmt::format("merge: {} records from {}", taken, printable(source)));
    }
    if (!store->commit(error)) {
        print_error(error);
        return false;
    }
    return true;
}

// --changes-only in urlcheck merge: what a --changes-only run of the
// whole list would have listed (state_transition.cpp's rule, from what a
// report keeps of it): a settled state that changed, but not an entry first
// seen up; a --remind-every reminder. Shards run with --changes-only
// handed over only these already.
bool listed_as_change(const result& r) {
    if (!r.history) return false;
    const struct history& h = *r.history;
    return h.reminder || (h.changed && (h.previous_state.has_value() || r.state != verdict::up));
}

// urlcheck merge: the shard reports read and checked (report/merge), then
// written through the same reports, summary and exit code as a run; the
// shards' state files, if any, merged into --state.
int run_merge(cli_outcome& cli) {
    options& opts = cli.opts;
    const report_environment env = read_environment(opts.check.proxy, opts.select.shard.environment);
    std::vector<shard_report> shards;
    std::vector<std::string> state_files;
    bool readable = true;
    for (const auto& path : cli.merge_reports) {
        if (looks_like_state_file(path)) {
            state_files.push_back(path);
            continue;
        }
        std::string text;
        if (!read_whole_file(path, text)) {
            readable = false;
            continue;
        }
        std::string why;
        auto report = read_json_report(text, why);
        if (!report) {
            print_error(fmt::format("{}: not a json or jsonl report of urlcheck: {}", printable(path), why));
            readable = false;
            continue;
        }
        shards.push_back({printable(path), std::move(*report)});
    }
    if (!readable) return usage_exit;
    if (!state_files.empty() && opts.state.path.empty()) {
        print_error(fmt::format("merge: {} is a state file: give --state FILE to merge the shards' state files into",
                                printable(state_files.front())));
        return usage_exit;
    }
    if (state_files.empty() && !opts.state.path.empty()) {
        print_error("merge: --state is the file the shards' state files are merged into, and none was given");
        return usage_exit;
    }
    std::optional<merged_reports> merged;
    if (!shards.empty()) {
        std::vector<std::string> errors;
        merged = merge_shard_reports(shards, errors);
        for (const auto& e : errors) print_error(e);
        if (!merged) return usage_exit;
        shards.clear();  // the results are copied: keep one copy in memory
    }
    if (!state_files.empty() && !merge_state_files(opts.state, state_files, opts.report.verbosity)) return usage_exit;
    if (!merged) return 0;  // only state files: nothing to report

    std::string error;
    auto outputs = plan_reports(opts.report, env, error);
    if (!outputs) {
        print_error(error);
        return usage_exit;
    }
    progress_line no_progress(false);
    const auto target_for = [&](std::FILE* out) { return terminal_target(out, opts.report, no_progress); };
    const std::unique_ptr<report_set> reports = report_set::open(*outputs, opts.report, target_for, error);
    if (!reports) {
        print_error(error);
        return usage_exit;
    }
    for (const auto& notice : reports->notices()) print_error(notice);
    summary& s = merged->totals;
    std::size_t index = 0;
    for (const auto& r : merged->results) {
        if (opts.report.changes_only && !listed_as_change(r)) continue;
        if (!reports->on_result(index++, r)) break;
    }
    return finish_reports(*reports, s, opts.report.fail_on);
}

int run(int argc, const char* const* argv) {
    cli_outcome cli = parse_command_line(argc, argv);
    if (cli.exit_now) {
        std::fputs(cli.out.c_str(), stdout);
        std::fputs(cli.err.c_str(), stderr);
        std::fflush(stdout);
        return cli.exit_code;
    }
    for (const auto& notice : cli.notices) print_error(notice);
    if (cli.merge) return run_merge(cli);
    options& opts = cli.opts;
    // Before the inputs: a --sitemap is downloaded through the proxy too.
    const report_environment env = read_environment(opts.check.proxy, opts.select.shard.environment);
    if (std::string why; !opts.lint && !plan_proxies(opts.check.proxy, &why)) {
        print_error(why);
        return usage_exit;
    }
    if (auto why = resolve_shard(opts.select.shard)) {
        print_error(*why);
        return usage_exit;
    }

    if (const std::string option = needs_state(opts); !option.empty()) {
        print_error(fmt::format("{} needs --state FILE: it compares this run with the last ones", option));
        return usage_exit;
    }

    // The CLI has compiled these once already: they are valid.
    const std::unique_ptr<entry_filter> filter = entry_filter::make(opts.select);
    if (opts.lint) {
        // --lint touches no network, and a --sitemap is a download.
        if (!opts.sitemaps.empty()) {
            print_error("--lint downloads nothing: give a sitemap file as an INPUT instead of --sitemap");
            return usage_exit;
        }
        if (!inputs_or_stdin(opts)) return usage_exit;
        const lint_counts counts = lint_inputs(opts.inputs, stdin, filter.get(), opts.input, stdout);
        std::fflush(stdout);
        if (opts.report.verbosity >= 0) print_error(lint_summary(counts));
        return counts.problems == 0 ? 0 : usage_exit;
    }
    bool acks_ok = true;
    const std::unique_ptr<ack_matcher> acks = load_acks(opts.report.ack_path, acks_ok);
    if (!acks_ok) return usage_exit;
    const std::unique_ptr<list_reader> list = open_inputs(opts, filter.get());
    if (!list) return usage_exit;
    if (opts.report.explain && list->total() != 1) {
        print_error(fmt::format("--explain shows one check: give one URL (the input has {} entries)", list->total()));
        return usage_exit;
    }

    std::string error;
    auto outputs = plan_reports(opts.report, env, error);
    if (!outputs || (opts.report.explain && !make_room_for_explanation(*outputs, opts.report, error))) {
        print_error(error);
        return usage_exit;
    }
    // Locked and checked before any report is opened: a state file in use
    // or unreadable ends the run before it starts (and is never written).
    std::unique_ptr<state_store> state;
    if (!opts.state.path.empty()) {
        state = state_store::open(opts.state.path, opts.state.wait, error);
        if (!state) {
            print_error(error);
            return usage_exit;
        }
    }
    progress_line progress(!opts.report.explain && progress_fits(*outputs, opts.report, env) && is_terminal(stderr));
    const auto target_for = [&](std::FILE* out) { return terminal_target(out, opts.report, progress); };
    const std::unique_ptr<report_set> reports = report_set::open(*outputs, opts.report, target_for, error);
    if (!reports) {
        print_error(error);
        return usage_exit;
    }
    for (const auto& notice : reports->notices()) print_error(notice);
    summary s;
    s.total = list->total();
    s.filtered = list->filtered();
    s.shard = shard_name(opts.select.shard);
    s.other_shards = list->other_shards();
    s.list_fingerprint = list->fingerprint();
    s.started_unix_ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
            .count();
    // The acks are judged at the run's start: one run never sees an ack
    // half expired.
    std::optional<ack_source> acked_list;
    if (acks) acked_list.emplace(*list, *acks, s.started_unix_ms);

    // Once per run, before any check, and also with -q: -q quiets the
    // report, not the news that certificates go unchecked (cron then mails
    // it, which is the point; --cacert is the way to trust a private CA).
    if (opts.check.insecure) print_error("warning: --insecure: TLS certificates are not verified");

    // The list, then the acks (they see each entry's tags), then the state
    // (it keeps --skip-fresh entries from the engine).
    entry_source& listed = acked_list ? static_cast<entry_source&>(*acked_list) : *list;
    std::unique_ptr<run_memory> memory;
    if (state) memory = std::make_unique<run_memory>(*state, listed, opts.state, opts.report.changes_only, s.started_unix_ms);
    entry_source& entries = memory ? static_cast<entry_source&>(*memory) : listed;
    run_memory::deliver_fn deliver = count_and_report(*reports, progress, s);

    run_outcome outcome;
    explanation explained;
    try {
        run_hooks hooks = report_as_it_goes(*reports, progress, s, opts.report.verbosity > 0, memory.get());
        if (acked_list) {
            deliver = acknowledged_first(std::move(deliver), hooks, *acked_list, *acks, s.started_unix_ms,
                                         opts.report.fail_on);
            deliver_results(hooks, progress, memory.get(), deliver);
        }
        // After the acks: --explain shows the result as acknowledged too.
        if (opts.report.explain) explained.attach(hooks);
        outcome = run_checks(entries, fit_descriptor_limit(opts.check, hooks.on_notice), hooks);
    } catch (const std::runtime_error& e) {
        progress.clear();
        print_error(e.what());
        return usage_exit;
    }
    // Also after an interrupt: what was learnt is kept.
    bool state_written = true;
    if (memory && !memory->finish(deliver, error)) {
        progress.clear();
        print_error(error);
        state_written = false;
    }
    progress.clear();
    if (opts.report.explain)
        std::fputs(
            explained.render({terminal_width(stdout), colour_wanted(opts.report.color, stdout), is_terminal(stdout)})
                .c_str(),
            stdout);

    const std::size_t reported = s.checked + s.skipped;
    s.not_checked = s.total > reported ? s.total - reported : 0;
    s.elapsed_ms = outcome.elapsed_ms;
    s.signal = outcome.signal;
    // A report that failed is named, and the run is exit 2, but only after
    // every other report is complete: a full disk under the JUnit file must
    // not cost the SARIF upload.
    return finish_reports(*reports, s, opts.report.fail_on, state_written);
}

}  // namespace

int run_app(int argc, const char* const* argv) {
    try {
        return run(argc, argv);
    } catch (const std::exception& e) {
        // Last resort (e.g. out of memory): a message and a clean exit code
        // rather than std::terminate.
        print_error(fmt::format("internal error: {}", e.what()));
        return usage_exit;
    }
}

}  // namespace urlcheck
