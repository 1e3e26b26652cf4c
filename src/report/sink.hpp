// Where one report goes (report_output, plan.hpp): a file (replaced
// atomically, output_file.hpp), the end of a file (the GitHub job summary),
// standard output or standard error, or for -q with a machine format a
// temporary file that reaches standard output only if the run fails. Keeps
// the first write error as a value, so a failed write ends that report with
// one message naming where it went.
#pragma once

#include <cerrno>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "report/output_file.hpp"
#include "report/plan.hpp"
#include "unique_file.hpp"

namespace urlcheck {

class report_sink {
public:
    // Opened before the run, so an unwritable file fails in a second, not
    // after every URL has been checked. Null with `error` set when the file
    // cannot be created.
    static std::unique_ptr<report_sink> open(const report_output& where, std::string& error);

    report_sink(const report_sink&) = delete;
    report_sink& operator=(const report_sink&) = delete;
    // Unless finish() succeeded, an -o temporary file is removed.
    ~report_sink();

    std::FILE* stream() const noexcept { return out_; }
    // Something the user should know about where the report goes (-q could
    // not hold it back), or empty.
    const std::string& notice() const noexcept { return notice_; }

    // Runs `write` (a reporter call writing to stream()) and notes a failure
    // with its reason, taken at once: errno means nothing once the engine has
    // run on. False once any write has failed.
    template <class Write>
    bool write(Write&& write) {
        errno = 0;
        std::forward<Write>(write)();
        note_error();
        return ok();
    }
    bool ok() const noexcept { return write_error_ == 0; }

    // Completes the report after the reporter's last write: -o renamed into
    // place, standard output flushed. The first failure, as a message for
    // the user, or nullopt.
    std::optional<std::string> finish();

    // After finish(): a report held for -q is printed when the run failed
    // (an interrupted one included: what it found is what cron should mail).
    std::optional<std::string> release(bool run_failed);

private:
    report_sink() = default;
    void note_error() noexcept;

    std::string path_;  // the file, or empty
    std::unique_ptr<output_file> file_;
    unique_file appended_;
    unique_file held_;
    std::FILE* out_ = stdout;
    int write_error_ = 0;  // errno of the first failed write
    std::string notice_;
};

}  // namespace urlcheck
