#include "report/sink.hpp"

#include <csignal>
#include <cstring>

#include <fmt/format.h>

namespace urlcheck {

namespace {

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

}  // namespace

std::unique_ptr<report_sink> report_sink::open(const report_output& where, std::string& error) {
    std::unique_ptr<report_sink> sink(new report_sink());
    sink->path_ = where.path;
    switch (where.place) {
        case report_place::file:
            sink->file_ = output_file::open(where.path, error);
            if (!sink->file_) return nullptr;
            sink->out_ = sink->file_->stream();
            break;
        case report_place::append:
            errno = 0;
            sink->appended_.reset(std::fopen(where.path.c_str(), "a"));
            if (!sink->appended_) {
                error = fmt::format("cannot open {}: {}", where.path, std::strerror(errno));
                return nullptr;
            }
            sink->out_ = sink->appended_.get();
            break;
        case report_place::standard_error:
            sink->out_ = stderr;
            break;
        case report_place::standard_output:
            if (!where.hold_for_quiet) break;
            // -q with a machine format on stdout: the report is held in an
            // unnamed temporary file and printed only if the run fails, so
            // that cron mails nothing when all is well. On disk, not in
            // memory: it grows with the list.
            errno = 0;
            sink->held_.reset(std::tmpfile());
            // A read-only /tmp must not stop the checks: the report then goes
            // out as it is made, as without -q.
            if (sink->held_)
                sink->out_ = sink->held_.get();
            else
                sink->notice_ =
                    fmt::format("cannot hold the report back for -q ({}): writing it as it goes", std::strerror(errno));
            break;
    }
    // The reporters hand over whole lines in large pieces; stdio's own
    // buffer would split them at 4 KiB, and a process killed between two
    // of its writes would leave half a line.
    std::setvbuf(sink->out_, nullptr, _IONBF, 0);
    // A closed pipe must show up as a write error (and exit 2), not kill the
    // process silently halfway through a report.
    std::signal(SIGPIPE, SIG_IGN);
    return sink;
}

report_sink::~report_sink() = default;

void report_sink::note_error() noexcept {
    if (write_error_ == 0 && std::ferror(out_)) write_error_ = errno != 0 ? errno : EIO;
}

std::optional<std::string> report_sink::finish() {
    if (file_) {
        if (write_error_ != 0) return fmt::format("cannot write {}: {}", path_, std::strerror(write_error_));
        std::string error;
        if (!file_->commit(error)) return error;
        return std::nullopt;
    }
    if (appended_) {
        errno = 0;
        if (std::fclose(appended_.release()) != 0 && write_error_ == 0) write_error_ = errno != 0 ? errno : EIO;
        if (write_error_ != 0) return fmt::format("cannot write {}: {}", path_, std::strerror(write_error_));
        return std::nullopt;
    }
    if (held_) {
        if (write_error_ != 0)
            return fmt::format("cannot write the report to a temporary file: {}", std::strerror(write_error_));
        return std::nullopt;
    }
    errno = 0;
    if (std::fflush(out_) != 0 && write_error_ == 0) write_error_ = errno != 0 ? errno : EIO;
    if (write_error_ != 0)
        return fmt::format("error writing {}: {}", out_ == stderr ? "annotations to standard error" : "output",
                           std::strerror(write_error_));
    return std::nullopt;
}

std::optional<std::string> report_sink::release(bool run_failed) {
    if (!held_ || !run_failed) return std::nullopt;
    if (const int err = copy_to_stdout(held_.get()); err != 0)
        return fmt::format("error writing output: {}", std::strerror(err));
    return std::nullopt;
}

}  // namespace urlcheck
