#include "report/output_file.hpp"

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <random>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

namespace urlcheck {

namespace {

std::string reason(int err) { return std::strerror(err != 0 ? err : EIO); }

std::string directory_of(const std::string& path) {
    const std::size_t slash = path.find_last_of('/');
    if (slash == std::string::npos) return ".";
    if (slash == 0) return "/";
    return path.substr(0, slash);
}

// The mode a shell's `> FILE` would give: 0666 less the umask (0644 under
// the usual 022), not mkstemp's 0600. The process umask is only readable by
// setting it, so it is set and restored at once (one thread at this point).
mode_t new_file_mode() {
    const mode_t mask = ::umask(0);
    ::umask(mask);
    return static_cast<mode_t>(0666 & ~mask);
}

// An unnamed file in `dir` (O_TMPFILE): until commit() links it, there is no
// name a kill, a crash or a second Ctrl-C could leave behind. -1 where the
// file system cannot (then a named temporary is the fallback), or where
// /proc, which linkat() needs to name the file, is missing.
int open_unnamed(const std::string& dir) {
    if (::access("/proc/self/fd", X_OK) != 0) return -1;
    return ::open(dir.c_str(), O_TMPFILE | O_WRONLY | O_CLOEXEC, 0600);
}

// "DIR/.NAME.XXXXXX" with six random letters or digits.
std::string temporary_name(const std::string& dir, const std::string& base) {
    static constexpr std::string_view letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    static std::mt19937 random{std::random_device{}()};
    std::uniform_int_distribution<std::size_t> pick(0, letters.size() - 1);
    std::string name = (dir == "/" ? "/" : dir + "/") + "." + base + ".";
    for (int i = 0; i < 6; ++i) name.push_back(letters[pick(random)]);
    return name;
}

// Links the unnamed file `fd` under a fresh temporary name. linkat() never
// follows or replaces what is at the new name (EEXIST, symlinks included),
// so a name planted by someone else is skipped, never written through.
int link_unnamed(int fd, const std::string& dir, const std::string& base, std::string& linked) {
    const std::string self = fmt::format("/proc/self/fd/{}", fd);
    for (int attempt = 0; attempt < 100; ++attempt) {
        std::string name = temporary_name(dir, base);
        if (::linkat(AT_FDCWD, self.c_str(), AT_FDCWD, name.c_str(), AT_SYMLINK_FOLLOW) == 0) {
            linked = std::move(name);
            return 0;
        }
        if (errno != EEXIST) return errno;
    }
    return EEXIST;
}

// Termination signals held back while the report gets its name (link and
// rename): one arriving then is delivered once the rename is done, so it
// ends the process with the report in place and no temporary left.
class termination_signals_held {
public:
    termination_signals_held() {
        sigset_t held;
        sigemptyset(&held);
        for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGQUIT}) sigaddset(&held, sig);
        ::pthread_sigmask(SIG_BLOCK, &held, &previous_);
    }
    ~termination_signals_held() { ::pthread_sigmask(SIG_SETMASK, &previous_, nullptr); }
    termination_signals_held(const termination_signals_held&) = delete;
    termination_signals_held& operator=(const termination_signals_held&) = delete;

private:
    sigset_t previous_{};
};

// Makes the rename itself durable; best effort, as some file systems
// refuse fsync on directories.
void sync_directory(const std::string& dir) {
    const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return;
    (void)::fsync(fd);
    ::close(fd);
}

}  // namespace

output_file::output_file(std::string path, std::string temp_path, std::FILE* file, bool replace)
    : path_(std::move(path)), temp_path_(std::move(temp_path)), file_(file), replace_(replace) {
    unnamed_ = replace_ && temp_path_.empty();
}

output_file::~output_file() { discard(); }

void output_file::discard() noexcept {
    if (file_ != nullptr) {
        std::fclose(file_);
        file_ = nullptr;
    }
    if (!temp_path_.empty()) {
        ::unlink(temp_path_.c_str());
        temp_path_.clear();
    }
}

std::unique_ptr<output_file> output_file::open(const std::string& path, std::string& error) {
    struct stat st{};
    const bool exists = ::stat(path.c_str(), &st) == 0;  // what a symlink leads to
    struct stat link{};
    const bool is_symlink = ::lstat(path.c_str(), &link) == 0 && S_ISLNK(link.st_mode);

    // Devices, FIFOs and the like (/dev/stdout, /dev/null, a named pipe) are
    // written in place, also through a symlink (/dev/stdout is one): renaming
    // over them would replace the node itself.
    if (exists && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode)) {
        std::FILE* file = std::fopen(path.c_str(), "w");
        if (file == nullptr) {
            error = "cannot write " + path + ": " + reason(errno);
            return nullptr;
        }
        return std::unique_ptr<output_file>(new output_file(path, {}, file, false));
    }
    if (exists && S_ISDIR(st.st_mode)) {
        error = "cannot write " + path + ": " + reason(EISDIR);
        return nullptr;
    }
    const std::size_t slash = path.find_last_of('/');
    const std::string base = slash == std::string::npos ? path : path.substr(slash + 1);
    if (base.empty()) {
        error = "cannot write " + path + ": " + reason(EISDIR);
        return nullptr;
    }

    // Same directory as the target, so rename() is atomic (same file system).
    // Unnamed where the file system allows; otherwise mkostemp creates the
    // name with O_EXCL, which never follows or reuses what is there.
    const std::string dir = directory_of(path);
    std::string temp;
    int fd = open_unnamed(dir);
    if (fd < 0) {
        temp = temporary_name(dir, base);
        temp.replace(temp.size() - 6, 6, "XXXXXX");
        fd = ::mkostemp(temp.data(), O_CLOEXEC);
        if (fd < 0) {
            error = "cannot write " + path + ": " + reason(errno);
            return nullptr;
        }
    }
    // Keep an existing report's permissions; otherwise (also when replacing a
    // symlink, whose target is not ours) what a plain create would give.
    const mode_t mode = exists && !is_symlink ? static_cast<mode_t>(st.st_mode & 07777) : new_file_mode();
    std::FILE* file = nullptr;
    if (::fchmod(fd, mode) != 0 || (file = ::fdopen(fd, "w")) == nullptr) {
        const int err = errno;
        ::close(fd);
        if (!temp.empty()) ::unlink(temp.c_str());
        error = "cannot write " + path + ": " + reason(err);
        return nullptr;
    }
    return std::unique_ptr<output_file>(new output_file(path, std::move(temp), file, true));
}

bool output_file::commit(std::string& error) {
    if (file_ == nullptr) {
        error = "cannot write " + path_ + ": already closed";
        return false;
    }
    auto fail = [&](int err) {
        error = "cannot write " + path_ + ": " + reason(err);
        discard();
        return false;
    };

    errno = 0;
    if (std::fflush(file_) != 0 || std::ferror(file_)) return fail(errno);
    // fsync means nothing for a pipe or a terminal written in place.
    if (replace_ && ::fsync(::fileno(file_)) != 0) return fail(errno);

    std::optional<termination_signals_held> held;
    if (replace_) held.emplace();
    if (unnamed_) {
        const std::size_t slash = path_.find_last_of('/');
        const std::string base = slash == std::string::npos ? path_ : path_.substr(slash + 1);
        if (const int err = link_unnamed(::fileno(file_), directory_of(path_), base, temp_path_); err != 0)
            return fail(err);
    }
    const int closed = std::fclose(file_);
    file_ = nullptr;
    if (closed != 0) return fail(errno);

    if (replace_) {
        // rename() replaces a symlink at the target, never writes through it.
        if (::rename(temp_path_.c_str(), path_.c_str()) != 0) return fail(errno);
        temp_path_.clear();
        held.reset();
        sync_directory(directory_of(path_));
    }
    return true;
}

}  // namespace urlcheck
