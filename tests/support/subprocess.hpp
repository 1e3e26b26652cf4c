// Runs a program as a child process for black-box tests of the urlcheck
// binary: argv without a shell, controlled stdin and environment, stdout and
// stderr captured in full, a hard timeout, and a way to signal the child
// mid-run (SIGINT/SIGTERM tests).
//
// The child gets its own process group, default signal dispositions and an
// empty signal mask, so what the test observes does not depend on how the
// test runner itself was started (a shell running ctest in the background
// ignores SIGINT, and children inherit ignored signals across exec).
#pragma once

#include <sys/resource.h>
#include <sys/types.h>

#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace urlcheck::test {

enum class stdin_mode {
    null_device,  // /dev/null: reads see EOF at once, isatty() is false
    data,         // a pipe fed with subprocess_options::stdin_data, then closed
    closed,       // no fd 0 at all; the child's reads fail with EBADF
};

struct subprocess_options {
    stdin_mode input = stdin_mode::null_device;
    std::string stdin_data;  // for stdin_mode::data

    // The child's environment: the parent's, minus `unset_env`, plus `env`
    // (which wins). `inherit_env = false` starts from an empty environment.
    bool inherit_env = true;
    std::vector<std::string> unset_env;
    std::map<std::string, std::string> env;

    std::string working_directory;  // empty: the parent's

    // From spawn to exit. On expiry the child's process group gets SIGKILL
    // and the result has timed_out set; the test should treat that as a
    // failure, never as a result.
    std::chrono::milliseconds timeout{30'000};
};

struct subprocess_result {
    int exit_code = -1;   // the exit status, or -1 when the child died by a signal
    int term_signal = 0;  // the signal that killed the child, or 0
    std::string out;      // everything the child wrote to stdout
    std::string err;      // everything the child wrote to stderr
    std::chrono::milliseconds elapsed{0};  // spawn to exit
    bool timed_out = false;
    long max_rss_kib = 0;  // the child's peak resident set (getrusage), in KiB

    bool exited() const noexcept { return term_signal == 0 && exit_code >= 0; }
};

// A running child. Output is only read while one of the member functions
// below is pumping, but the pipes are drained in full each time, so a chatty
// child cannot block on a full pipe while the test waits for something else.
//
// Not thread-safe; use one instance from one thread. The destructor kills and
// reaps a child that is still running, so a failed ASSERT never leaks one.
class subprocess {
public:
    // Starts `program` with argv = {program, args...}. `program` is a path;
    // no PATH search. Throws std::system_error when the spawn itself fails.
    subprocess(std::string program, std::vector<std::string> args, subprocess_options options = {});
    ~subprocess();

    subprocess(const subprocess&) = delete;
    subprocess& operator=(const subprocess&) = delete;

    pid_t pid() const noexcept { return pid_; }
    bool running() const noexcept { return !reaped_; }

    // Sends `sig` to the child (not its group, so this is what a user's
    // kill(1) does). Returns false when the child has already been reaped.
    bool send_signal(int sig);

    // Pumps output until `ready(stdout_so_far)` is true, the child exits, or
    // `timeout` passes. Returns whether `ready` became true.
    bool wait_for_stdout(const std::function<bool(std::string_view)>& ready, std::chrono::milliseconds timeout);

    // Shorthands for wait_for_stdout.
    bool wait_for_stdout_lines(std::size_t lines, std::chrono::milliseconds timeout);
    bool wait_for_stdout_text(std::string_view needle, std::chrono::milliseconds timeout);

    // Pumps output for `duration`, or until the child exits.
    void pump_for(std::chrono::milliseconds duration);

    const std::string& stdout_so_far() const noexcept { return out_; }
    const std::string& stderr_so_far() const noexcept { return err_; }

    // Collects the rest of the output and waits for the child to exit. The
    // deadline is the earlier of `timeout` from now and the options' timeout
    // from spawn; on expiry the child's process group is killed. Call once.
    subprocess_result finish(std::optional<std::chrono::milliseconds> timeout = std::nullopt);

private:
    using clock = std::chrono::steady_clock;

    // One round of poll + read/write + reap, waiting at most until `until`.
    void pump_once(clock::time_point until);
    void try_reap();
    void kill_group();
    void close_fd(int& fd);

    subprocess_options options_;
    pid_t pid_ = -1;
    bool reaped_ = false;
    int status_ = 0;
    int stdin_fd_ = -1;
    int stdout_fd_ = -1;
    int stderr_fd_ = -1;
    std::size_t stdin_written_ = 0;
    std::string out_;
    std::string err_;
    clock::time_point started_;
    clock::time_point ended_;
    clock::time_point deadline_;
    bool timed_out_ = false;
    struct rusage usage_ {};
};

// Starts the child, feeds its stdin, collects all output and waits for it
// to exit (or kills it when options.timeout passes).
subprocess_result run_subprocess(const std::string& program, const std::vector<std::string>& args,
                                 const subprocess_options& options = {});

// Splits captured output into lines, without the line terminators. A last
// line without '\n' is kept; a trailing '\n' does not add an empty line.
std::vector<std::string> split_lines(std::string_view text);

// "exit 1", "signal 9 (Killed)", "timed out after 30000 ms", for assertion
// messages.
std::string describe(const subprocess_result& r);

}  // namespace urlcheck::test
