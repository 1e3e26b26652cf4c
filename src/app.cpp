#include "urlcheck/app.hpp"

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <iostream>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <unistd.h>

#include <fmt/format.h>

#include "interrupts.hpp"
#include "report/output_file.hpp"
#include "urlcheck/cli.hpp"
#include "urlcheck/engine.hpp"
#include "entry_filter.hpp"
#include "urlcheck/report.hpp"
#include "urlcheck/summary.hpp"
#include "list_reader.hpp"
#include "urlcheck/url_list.hpp"

namespace urlcheck {

namespace {

constexpr int usage_exit = 2;

void print_error(const std::string& message) { std::fprintf(stderr, "urlcheck: %s\n", message.c_str()); }

bool colour_wanted(color_mode mode, std::FILE* out) {
    switch (mode) {
        case color_mode::always: return true;
        case color_mode::never: return false;
        case color_mode::automatic: break;
    }
    // https://no-color.org: any non-empty NO_COLOR turns automatic colour off.
    if (const char* no_color = std::getenv("NO_COLOR"); no_color != nullptr && *no_color != '\0') return false;
    if (const char* term = std::getenv("TERM"); term != nullptr && std::strcmp(term, "dumb") == 0) return false;
    return ::isatty(::fileno(out)) == 1;
}

// The live "checked 123/200" line on stderr. Rewritten in place at most
// every 100 ms, so a fast run does not spend its time redrawing, and erased
// before the report so it never mixes with it.
class progress_line {
public:
    explicit progress_line(bool enabled) : enabled_(enabled), start_(std::chrono::steady_clock::now()) {}

    // Entries waiting for their second look (confirm before fail), as the
    // engine last said; shown so a pause at the end of a run is explained.
    void set_confirming(std::size_t confirming) noexcept { confirming_ = confirming; }

    void update(std::size_t done, std::size_t total, std::size_t down) {
        if (!enabled_) return;
        const auto now = std::chrono::steady_clock::now();
        // Runs that finish at once should not flash a line that is erased
        // straight away.
        if (now - start_ < std::chrono::milliseconds(200)) return;
        if (shown_ && now - last_ < std::chrono::milliseconds(100)) return;
        last_ = now;
        shown_ = true;
        if (confirming_ > 0)
            std::fprintf(stderr, "\r  checked %zu/%zu \xC2\xB7 %zu down \xC2\xB7 %zu confirming\x1b[K", done, total, down,
                         confirming_);
        else
            std::fprintf(stderr, "\r  checked %zu/%zu \xC2\xB7 %zu down\x1b[K", done, total, down);
        std::fflush(stderr);
    }

    void clear() {
        if (!shown_) return;
        std::fputs("\r\x1b[K", stderr);
        std::fflush(stderr);
        shown_ = false;
    }

private:
    bool enabled_;
    bool shown_ = false;
    std::size_t confirming_ = 0;
    std::chrono::steady_clock::time_point start_;
    std::chrono::steady_clock::time_point last_{};
};

struct file_closer {
    void operator()(std::FILE* f) const noexcept { std::fclose(f); }
};

// Copies the report held for -q to stdout. Returns 0 or the errno of the
// first failure.
int copy_to_stdout(std::FILE* held) {
    if (std::fseek(held, 0, SEEK_SET) != 0) return errno;
    char buffer[64 * 1024];
    for (;;) {
        errno = 0;
        const std::size_t n = std::fread(buffer, 1, sizeof buffer, held);
        if (n == 0) break;
        if (std::fwrite(buffer, 1, n, stdout) != n) return errno != 0 ? errno : EIO;
    }
    if (std::ferror(held)) return errno != 0 ? errno : EIO;
    errno = 0;
    if (std::fflush(stdout) != 0) return errno != 0 ? errno : EIO;
    return 0;
}

int run(int argc, const char* const* argv) {
    cli_outcome cli = parse_command_line(argc, argv);
    if (cli.exit_now) {
        std::fputs(cli.out.c_str(), stdout);
        std::fputs(cli.err.c_str(), stderr);
        std::fflush(stdout);
        return cli.exit_code;
    }
    options& opts = cli.opts;

    if (opts.inputs.empty()) {
        // Waiting silently for a terminal to type URLs is never what was meant.
        if (::isatty(STDIN_FILENO) == 1) {
            std::fputs(
                "urlcheck: no input: give a file, '-' or a URL\n"
                "Try 'urlcheck --help' for more information.\n",
                stderr);
            return usage_exit;
        }
        opts.inputs.emplace_back("-");
    }

    // The CLI has compiled these once already: they are valid.
    const std::unique_ptr<entry_filter> filter = entry_filter::make(opts.select);
    std::vector<input_error> input_errors;
    std::unique_ptr<list_reader> list = list_reader::open(opts.inputs, stdin, input_errors, filter.get());
    if (!input_errors.empty()) {
        for (const auto& e : input_errors) print_error(e.message);
        return usage_exit;
    }
    const std::size_t total = list->total();
    if (total == 0) {
        // A selection that matches nothing is a mistake (a misspelt tag),
        // not a run where everything is fine.
        print_error(fmt::format("no entries left to check: --select-tag, --include and --exclude left out all {}",
                                list->filtered()));
        return usage_exit;
    }

    // Opened before the run so an unwritable -o fails in a second, not after
    // every URL has been checked.
    std::unique_ptr<output_file> file;
    if (!opts.report.output_path.empty()) {
        std::string error;
        file = output_file::open(opts.report.output_path, error);
        if (!file) {
            print_error(error);
            return usage_exit;
        }
    }
    // -q with json or jsonl on stdout: the report is held in an unnamed
    // temporary file and printed only if the run fails, so that cron mails
    // nothing when all is well. On disk, not in memory: it grows with the
    // list. A report for -o is always written.
    std::unique_ptr<std::FILE, file_closer> held;
    if (!file && opts.report.verbosity < 0 && opts.report.format != output_format::text) {
        errno = 0;
        held.reset(std::tmpfile());
        // A read-only /tmp must not stop the checks: the report then goes
        // out as it is made, as without -q.
        if (!held)
            print_error(fmt::format("cannot hold the report back for -q ({}): writing it as it goes",
                                    std::strerror(errno)));
    }
    std::FILE* out = file ? file->stream() : held ? held.get() : stdout;
    // The reporters hand over whole lines in large pieces; stdio's own
    // buffer would split them at 4 KiB, and a process killed between two
    // of its writes would leave half a line.
    std::setvbuf(out, nullptr, _IONBF, 0);

    // A closed pipe must show up as a write error (and exit 2), not kill the
    // process silently halfway through a report.
    std::signal(SIGPIPE, SIG_IGN);

    report_target target;
    target.out = out;
    target.colour = colour_wanted(opts.report.color, out);
    std::unique_ptr<reporter> report = make_reporter(opts.report, target);

    const bool show_progress =
        opts.report.format == output_format::text && opts.report.verbosity >= 0 && ::isatty(STDERR_FILENO) == 1;
    progress_line progress(show_progress);

    summary s;
    s.total = total;
    s.filtered = list->filtered();

    // The reason of the first failed write, taken right after the reporter
    // call that failed: errno means nothing once the engine has run on.
    int write_error = 0;
    auto note_write_error = [&] {
        if (write_error == 0 && std::ferror(out)) write_error = errno != 0 ? errno : EIO;
    };

    // Checking on when the report can no longer be written (`| head`, a full
    // disk) would only waste the rest of the run: the engine stops on a
    // hook's exception and run_checks rethrows it.
    struct write_failed {};
    auto stop_on_write_error = [&] {
        if (write_error != 0) throw write_failed{};
    };

    run_hooks hooks;
    hooks.on_result = [&](std::size_t index, const result& r) {
        s.add(r);
        errno = 0;
        report->on_result(index, r);
        note_write_error();
        stop_on_write_error();
        progress.update(s.checked + s.skipped, total, s.down);
    };
    // Our own counts (they include invalid entries); the engine's tick only
    // keeps the line fresh while nothing completes.
    hooks.on_progress = [&](const urlcheck::progress& engine) {
        progress.set_confirming(engine.confirming);
        progress.update(s.checked + s.skipped, total, s.down);
        errno = 0;
        report->flush();
        note_write_error();
        stop_on_write_error();
    };

    hooks.results_held = [&] { return report->held(); };
    hooks.on_notice = [&](const std::string& message) {
        progress.clear();
        print_error(message);
    };
    if (opts.report.verbosity > 0) hooks.on_detail = hooks.on_notice;

    // Once per run, before any check, and also with -q: -q quiets the
    // report, not the news that certificates go unchecked (cron then mails
    // it, which is the point; --cacert is the way to trust a private CA).
    if (opts.check.insecure) print_error("warning: --insecure: TLS certificates are not verified");

    run_outcome outcome;
    try {
        outcome = run_checks(*list, opts.check, hooks);
    } catch (const write_failed&) {
        // Reported below with the reason, like any write error.
    } catch (const std::runtime_error& e) {
        progress.clear();
        print_error(e.what());
        return usage_exit;
    }
    progress.clear();

    const std::size_t reported = s.checked + s.skipped;
    s.not_checked = total > reported ? total - reported : 0;
    s.elapsed_ms = outcome.elapsed_ms;
    s.signal = outcome.signal;

    errno = 0;
    report->finish(s);
    note_write_error();

    if (file) {
        std::string error;
        if (write_error != 0) {
            print_error(fmt::format("cannot write {}: {}", opts.report.output_path, std::strerror(write_error)));
            return usage_exit;  // the output_file destructor removes the temporary
        }
        if (!file->commit(error)) {
            print_error(error);
            return usage_exit;
        }
    } else if (held) {
        if (write_error != 0) {
            print_error(fmt::format("cannot write the report to a temporary file: {}", std::strerror(write_error)));
            return usage_exit;
        }
    } else {
        errno = 0;
        if (std::fflush(stdout) != 0 && write_error == 0) write_error = errno != 0 ? errno : EIO;
        if (write_error != 0) {
            print_error(fmt::format("error writing output: {}", std::strerror(write_error)));
            return usage_exit;
        }
    }
    int code = usage_exit;
    if (s.signal == 0 && s.not_checked > 0) {
        // Only an input that shrank between the scan and the run gets here:
        // the report is not the whole list, and a script must not read it as
        // one.
        print_error(fmt::format("{} entries were not checked: an input changed while it was read", s.not_checked));
    } else {
        // A first Ctrl-C that came after the last check, while the report
        // was being written, still says "interrupted" to the caller.
        if (s.signal == 0) s.signal = interrupt_signal();
        code = exit_code_for(s, opts.report.fail_on);
    }
    // Every exit but 0 is a run that failed, an interrupted one included:
    // what it found is what cron should mail.
    if (held && code != 0) {
        if (const int err = copy_to_stdout(held.get()); err != 0) {
            print_error(fmt::format("error writing output: {}", std::strerror(err)));
            return usage_exit;
        }
    }
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
