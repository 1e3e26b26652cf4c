#include "app.hpp"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
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
#include "report/plan.hpp"
#include "report/report_set.hpp"
#include "sitemap_fetch.hpp"
#include "terminal.hpp"
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
    if (list->total() == 0) {
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
// and its tests never call getenv.
report_environment read_environment(proxy_options& proxy) {
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
    return env;
}

// Each result counted, reported and shown on the progress line as it comes.
// Checking on when no report can be written any more (`| head`, a full
// disk) would only waste the rest of the run: the hooks tell the engine to
// stop, and finish() says why.
run_hooks report_as_it_goes(report_set& reports, progress_line& progress, summary& s, bool verbose) {
    run_hooks hooks;
    hooks.on_started = [&](std::size_t index, const std::string& url) { progress.started(index, url); };
    hooks.on_result = [&](std::size_t index, const result& r) {
        progress.finished(index);
        s.add(r);
        if (!reports.on_result(index, r)) return report_status::stop;
        progress.update(s);
        return report_status::keep_going;
    };
    // Our own counts (they include invalid entries); the engine's tick only
    // keeps the line fresh while nothing completes.
    hooks.on_progress = [&](const urlcheck::progress& engine) {
        progress.set_confirming(engine.confirming);
        progress.update(s);
        return reports.flush() ? report_status::keep_going : report_status::stop;
    };
    hooks.results_held = [&] { return reports.held(); };
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

// Between the engine's results and the reports: a result whose entry an
// active ack covers, and that would fail the run, is reported as
// acknowledged. An expired ack is told once, at the first entry it covers;
// under -v, so is an active one whose entry is up (it may be time to remove it).
void acknowledge_as_it_goes(run_hooks& hooks, ack_source& source, const ack_matcher& acks, std::int64_t now_unix_ms,
                            const fail_on_states& fail_on) {
    auto told = std::make_shared<std::vector<bool>>(acks.rules().size(), false);
    hooks.on_result = [report = std::move(hooks.on_result), notice = hooks.on_notice, detail = hooks.on_detail, told,
                       &source, &acks, now_unix_ms, fail_on](std::size_t index, const result& r) {
        const auto rule = source.take(index);
        if (!rule) return report(index, r);
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
        return report(index, changed);
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

int run(int argc, const char* const* argv) {
    cli_outcome cli = parse_command_line(argc, argv);
    if (cli.exit_now) {
        std::fputs(cli.out.c_str(), stdout);
        std::fputs(cli.err.c_str(), stderr);
        std::fflush(stdout);
        return cli.exit_code;
    }
    for (const auto& notice : cli.notices) print_error(notice);
    options& opts = cli.opts;
    // Before the inputs: a --sitemap is downloaded through the proxy too.
    const report_environment env = read_environment(opts.check.proxy);
    if (std::string why; !opts.lint && !plan_proxies(opts.check.proxy, &why)) {
        print_error(why);
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

    run_outcome outcome;
    explanation explained;
    try {
        run_hooks hooks = report_as_it_goes(*reports, progress, s, opts.report.verbosity > 0);
        if (opts.report.explain) explained.attach(hooks);
        // After attach: --explain shows the result as acknowledged too.
        if (acked_list)
            acknowledge_as_it_goes(hooks, *acked_list, *acks, s.started_unix_ms, opts.report.fail_on);
        entry_source& entries = acked_list ? static_cast<entry_source&>(*acked_list) : *list;
        outcome = run_checks(entries, fit_descriptor_limit(opts.check, hooks.on_notice), hooks);
    } catch (const std::runtime_error& e) {
        progress.clear();
        print_error(e.what());
        return usage_exit;
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
    const std::vector<std::string> failed = reports->finish(s);
    for (const auto& message : failed) print_error(message);
    const int code = failed.empty() ? exit_code_of(s, opts.report.fail_on) : usage_exit;
    // Every exit but 0 is a run that failed, an interrupted one and one
    // whose other report failed included: a report held for -q is what cron
    // should mail then.
    const std::vector<std::string> unreleased = reports->release(code != 0);
    for (const auto& message : unreleased) print_error(message);
    if (!unreleased.empty()) return usage_exit;
    return code;
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
