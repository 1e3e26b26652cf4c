#include "support/subprocess.hpp"

#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <system_error>
#include <utility>

extern char** environ;

namespace urlcheck::test {
namespace {

using namespace std::chrono_literals;

// How often a child without open pipes is checked for exit. Short enough
// that `elapsed` is accurate to a few tens of ms, long enough not to spin.
constexpr auto reap_interval = 20ms;
constexpr auto exit_poll_interval = 2ms;

// After the child has exited, its pipes normally hit EOF at once; only a
// grandchild that inherited them keeps them open. Give that case this long
// and then stop reading, so a stray daemon cannot hang the test.
constexpr auto drain_grace = 500ms;

[[noreturn]] void throw_errno(int error, const char* what) {
    throw std::system_error(error, std::generic_category(), what);
}

struct pipe_pair {
    int read = -1;
    int write = -1;
};

pipe_pair make_pipe() {
    std::array<int, 2> fds{};
    // O_CLOEXEC: other children spawned concurrently (e.g. by another test
    // thread) must not inherit these ends, or EOF would never arrive.
    if (::pipe2(fds.data(), O_CLOEXEC) != 0) throw_errno(errno, "pipe2");
    return {fds[0], fds[1]};
}

void set_nonblocking(int fd) {
    const int flags = ::fcntl(fd, F_GETFL);
    if (flags < 0 || ::fcntl(fd, F_SETFL, flags | O_NONBLOCK) != 0) throw_errno(errno, "fcntl(O_NONBLOCK)");
}

// write() that turns a closed reader into EPIPE for this call only, instead
// of a process-wide SIGPIPE that would kill the test binary. Blocking the
// signal in this thread and consuming it afterwards leaves the process's
// disposition alone.
ssize_t write_no_sigpipe(int fd, const char* data, std::size_t size) {
    sigset_t pipe_set;
    sigset_t old_mask;
    sigemptyset(&pipe_set);
    sigaddset(&pipe_set, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipe_set, &old_mask);

    sigset_t pending;
    sigpending(&pending);
    const bool was_pending = sigismember(&pending, SIGPIPE) == 1;

    const ssize_t n = ::write(fd, data, size);
    const int saved_errno = errno;
    if (n < 0 && saved_errno == EPIPE && !was_pending) {
        const timespec zero{};
        while (sigtimedwait(&pipe_set, nullptr, &zero) < 0 && errno == EINTR) {
        }
    }
    pthread_sigmask(SIG_SETMASK, &old_mask, nullptr);
    errno = saved_errno;
    return n;
}

// Owns the storage behind an envp array.
class environment {
public:
    explicit environment(const subprocess_options& options) {
        if (options.inherit_env) {
            for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
                std::string_view entry(*e);
                const auto eq = entry.find('=');
                const auto name = entry.substr(0, eq);
                const bool unset = std::find(options.unset_env.begin(), options.unset_env.end(), name) !=
                                   options.unset_env.end();
                if (unset || options.env.contains(std::string(name))) continue;
                entries_.emplace_back(entry);
            }
        }
        for (const auto& [name, value] : options.env) entries_.push_back(name + "=" + value);
        for (auto& e : entries_) pointers_.push_back(e.data());
        pointers_.push_back(nullptr);
    }

    char* const* envp() { return pointers_.data(); }

private:
    std::vector<std::string> entries_;
    std::vector<char*> pointers_;
};

// RAII for the posix_spawn attribute objects, which need explicit destroy.
struct spawn_setup {
    posix_spawn_file_actions_t actions{};
    posix_spawnattr_t attr{};

    spawn_setup() {
        if (int e = posix_spawn_file_actions_init(&actions); e != 0) throw_errno(e, "posix_spawn_file_actions_init");
        if (int e = posix_spawnattr_init(&attr); e != 0) {
            posix_spawn_file_actions_destroy(&actions);
            throw_errno(e, "posix_spawnattr_init");
        }
    }
    ~spawn_setup() {
        posix_spawnattr_destroy(&attr);
        posix_spawn_file_actions_destroy(&actions);
    }
    spawn_setup(const spawn_setup&) = delete;
    spawn_setup& operator=(const spawn_setup&) = delete;
};

void check(int error, const char* what) {
    if (error != 0) throw_errno(error, what);
}

}  // namespace

subprocess::subprocess(std::string program, std::vector<std::string> args, subprocess_options options)
    : options_(std::move(options)) {
    std::vector<std::string> argv_storage;
    argv_storage.reserve(args.size() + 1);
    argv_storage.push_back(program);
    for (auto& a : args) argv_storage.push_back(std::move(a));
    std::vector<char*> argv;
    for (auto& a : argv_storage) argv.push_back(a.data());
    argv.push_back(nullptr);

    environment env(options_);
    spawn_setup setup;

    // Every fd created here is closed on every path: the child's ends right
    // after the spawn, the parent's ends by the destructor (members).
    pipe_pair in;
    pipe_pair out;
    pipe_pair err;
    auto close_all = [&] {
        for (int* fd : {&in.read, &in.write, &out.read, &out.write, &err.read, &err.write}) close_fd(*fd);
    };

    try {
        out = make_pipe();
        err = make_pipe();
        switch (options_.input) {
            case stdin_mode::null_device:
                check(posix_spawn_file_actions_addopen(&setup.actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0),
                      "posix_spawn_file_actions_addopen");
                break;
            case stdin_mode::data:
                in = make_pipe();
                check(posix_spawn_file_actions_adddup2(&setup.actions, in.read, STDIN_FILENO),
                      "posix_spawn_file_actions_adddup2");
                break;
            case stdin_mode::closed:
                check(posix_spawn_file_actions_addclose(&setup.actions, STDIN_FILENO),
                      "posix_spawn_file_actions_addclose");
                break;
        }
        check(posix_spawn_file_actions_adddup2(&setup.actions, out.write, STDOUT_FILENO),
              "posix_spawn_file_actions_adddup2");
        check(posix_spawn_file_actions_adddup2(&setup.actions, err.write, STDERR_FILENO),
              "posix_spawn_file_actions_adddup2");
        if (!options_.working_directory.empty()) {
            check(posix_spawn_file_actions_addchdir_np(&setup.actions, options_.working_directory.c_str()),
                  "posix_spawn_file_actions_addchdir_np");
        }

        // Own process group: a timeout can kill everything the child started,
        // and a Ctrl-C at the terminal running the tests is not also
        // delivered to the child, which would confuse the signal tests.
        check(posix_spawnattr_setpgroup(&setup.attr, 0), "posix_spawnattr_setpgroup");
        sigset_t defaults;
        sigemptyset(&defaults);
        for (int sig : {SIGINT, SIGTERM, SIGQUIT, SIGHUP, SIGPIPE, SIGCHLD, SIGALRM, SIGUSR1, SIGUSR2}) {
            sigaddset(&defaults, sig);
        }
        check(posix_spawnattr_setsigdefault(&setup.attr, &defaults), "posix_spawnattr_setsigdefault");
        sigset_t empty_mask;
        sigemptyset(&empty_mask);
        check(posix_spawnattr_setsigmask(&setup.attr, &empty_mask), "posix_spawnattr_setsigmask");
        check(posix_spawnattr_setflags(&setup.attr, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF |
                                                          POSIX_SPAWN_SETSIGMASK),
              "posix_spawnattr_setflags");

        started_ = clock::now();
        check(posix_spawn(&pid_, argv_storage.front().c_str(), &setup.actions, &setup.attr, argv.data(),
                          env.envp()),
              "posix_spawn");
    } catch (...) {
        close_all();
        pid_ = -1;
        throw;
    }

    deadline_ = started_ + options_.timeout;
    close_fd(in.read);
    close_fd(out.write);
    close_fd(err.write);
    stdin_fd_ = std::exchange(in.write, -1);
    stdout_fd_ = std::exchange(out.read, -1);
    stderr_fd_ = std::exchange(err.read, -1);
    for (int fd : {stdin_fd_, stdout_fd_, stderr_fd_}) {
        if (fd >= 0) set_nonblocking(fd);
    }
    if (options_.input == stdin_mode::data && options_.stdin_data.empty()) close_fd(stdin_fd_);
}

subprocess::~subprocess() {
    if (pid_ > 0 && !reaped_) {
        kill_group();
        int status = 0;
        while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
        }
    }
    close_fd(stdin_fd_);
    close_fd(stdout_fd_);
    close_fd(stderr_fd_);
}

void subprocess::close_fd(int& fd) {
    if (fd >= 0) {
        ::close(fd);
        fd = -1;
    }
}

bool subprocess::send_signal(int sig) {
    try_reap();
    if (reaped_) return false;
    return ::kill(pid_, sig) == 0;
}

void subprocess::kill_group() {
    // The group id is the child's pid (setpgroup 0). Also signal the pid
    // itself in case the group is already gone but the child is not.
    ::kill(-pid_, SIGKILL);
    ::kill(pid_, SIGKILL);
}

void subprocess::try_reap() {
    if (reaped_) return;
    int status = 0;
    pid_t r;
    do {
        r = ::wait4(pid_, &status, WNOHANG, &usage_);
    } while (r < 0 && errno == EINTR);
    if (r == pid_) {
        reaped_ = true;
        status_ = status;
        ended_ = clock::now();
    } else if (r < 0 && errno == ECHILD) {
        // Someone else reaped it (SIGCHLD ignored in this process): the
        // status is lost; report "killed by nothing", i.e. exit -1.
        reaped_ = true;
        status_ = -1;
        ended_ = clock::now();
    }
}

void subprocess::pump_once(clock::time_point until) {
    if (reaped_) close_fd(stdin_fd_);  // nobody left to read it

    std::array<pollfd, 3> fds{};
    std::size_t count = 0;
    if (stdin_fd_ >= 0) fds[count++] = {stdin_fd_, POLLOUT, 0};
    if (stdout_fd_ >= 0) fds[count++] = {stdout_fd_, POLLIN, 0};
    if (stderr_fd_ >= 0) fds[count++] = {stderr_fd_, POLLIN, 0};

    auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(until - clock::now());
    // A child that exits wakes poll via EOF on its pipes, but one that has
    // closed them (or whose grandchild holds them) does not: look at
    // waitpid regularly regardless.
    // With no pipes left open the child is usually a moment from exiting,
    // so look more often then.
    if (!reaped_) wait = std::min<std::chrono::milliseconds>(wait, count == 0 ? exit_poll_interval : reap_interval);
    wait = std::max<std::chrono::milliseconds>(wait, 0ms);

    const int ready = ::poll(fds.data(), count, static_cast<int>(wait.count()));
    if (ready < 0 && errno != EINTR) throw_errno(errno, "poll");

    for (std::size_t i = 0; ready > 0 && i < count; ++i) {
        const auto& p = fds[i];
        if (p.revents == 0) continue;
        if (p.fd == stdin_fd_) {
            if (p.revents & (POLLERR | POLLHUP)) {
                close_fd(stdin_fd_);
                continue;
            }
            const auto& data = options_.stdin_data;
            const ssize_t n =
                write_no_sigpipe(stdin_fd_, data.data() + stdin_written_, data.size() - stdin_written_);
            if (n > 0) stdin_written_ += static_cast<std::size_t>(n);
            // EPIPE: the child stopped reading early, which is its right.
            if ((n < 0 && errno != EAGAIN && errno != EINTR) || stdin_written_ == data.size()) close_fd(stdin_fd_);
            continue;
        }
        int& fd = p.fd == stdout_fd_ ? stdout_fd_ : stderr_fd_;
        std::string& sink = p.fd == stdout_fd_ ? out_ : err_;
        std::array<char, 16 * 1024> buffer{};
        for (;;) {
            const ssize_t n = ::read(fd, buffer.data(), buffer.size());
            if (n > 0) {
                sink.append(buffer.data(), static_cast<std::size_t>(n));
                continue;
            }
            if (n < 0 && errno == EINTR) continue;
            if (n < 0 && errno == EAGAIN) break;
            close_fd(fd);  // EOF or a real error: nothing more will come
            break;
        }
    }
    try_reap();
}

bool subprocess::wait_for_stdout(const std::function<bool(std::string_view)>& ready,
                                 std::chrono::milliseconds timeout) {
    const auto until = clock::now() + timeout;
    for (;;) {
        if (ready(out_)) return true;
        if (reaped_ && stdout_fd_ < 0) return false;  // no more output can come
        if (clock::now() >= until) return false;
        pump_once(until);
    }
}

bool subprocess::wait_for_stdout_lines(std::size_t lines, std::chrono::milliseconds timeout) {
    return wait_for_stdout(
        [lines](std::string_view text) {
            return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) >= lines;
        },
        timeout);
}

bool subprocess::wait_for_stdout_text(std::string_view needle, std::chrono::milliseconds timeout) {
    std::string wanted(needle);
    return wait_for_stdout([&wanted](std::string_view text) { return text.find(wanted) != std::string_view::npos; },
                           timeout);
}

void subprocess::pump_for(std::chrono::milliseconds duration) {
    const auto until = clock::now() + duration;
    while (clock::now() < until && !(reaped_ && stdout_fd_ < 0 && stderr_fd_ < 0)) pump_once(until);
}

subprocess_result subprocess::finish(std::optional<std::chrono::milliseconds> timeout) {
    auto deadline = deadline_;
    if (timeout) deadline = std::min(deadline, clock::now() + *timeout);

    while (!reaped_ && clock::now() < deadline) pump_once(deadline);

    if (!reaped_) {
        timed_out_ = true;
        kill_group();
        int status = 0;
        pid_t r;
        do {
            r = ::wait4(pid_, &status, 0, &usage_);
        } while (r < 0 && errno == EINTR);
        reaped_ = true;
        status_ = r == pid_ ? status : -1;
        ended_ = clock::now();
    }

    // The child is gone; collect what it left in the pipes.
    const auto drain_until = clock::now() + drain_grace;
    while ((stdout_fd_ >= 0 || stderr_fd_ >= 0) && clock::now() < drain_until) pump_once(drain_until);
    close_fd(stdin_fd_);
    close_fd(stdout_fd_);
    close_fd(stderr_fd_);

    subprocess_result r;
    if (status_ >= 0 && WIFEXITED(status_)) r.exit_code = WEXITSTATUS(status_);
    if (status_ >= 0 && WIFSIGNALED(status_)) r.term_signal = WTERMSIG(status_);
    r.out = std::move(out_);
    r.err = std::move(err_);
    r.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(ended_ - started_);
    r.timed_out = timed_out_;
    r.max_rss_kib = usage_.ru_maxrss;
    out_.clear();
    err_.clear();
    return r;
}

subprocess_result run_subprocess(const std::string& program, const std::vector<std::string>& args,
                                 const subprocess_options& options) {
    subprocess child(program, args, options);
    return child.finish();
}

std::vector<std::string> split_lines(std::string_view text) {
    std::vector<std::string> lines;
    while (!text.empty()) {
        const auto nl = text.find('\n');
        auto line = text.substr(0, nl);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        lines.emplace_back(line);
        if (nl == std::string_view::npos) break;
        text.remove_prefix(nl + 1);
    }
    return lines;
}

std::string describe(const subprocess_result& r) {
    std::string text;
    if (r.timed_out) {
        text = "timed out, killed";
    } else if (r.term_signal != 0) {
        text = "killed by signal " + std::to_string(r.term_signal) + " (" + ::strsignal(r.term_signal) + ")";
    } else {
        text = "exit " + std::to_string(r.exit_code);
    }
    text += " after " + std::to_string(r.elapsed.count()) + " ms";
    return text;
}

}  // namespace urlcheck::test
