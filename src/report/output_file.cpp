#include "report/output_file.hpp"

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace urlcheck {

namespace {

std::string reason(int err) { return std::strerror(err != 0 ? err : EIO); }

std::string directory_of(const std::string& path) {
    const std::size_t slash = path.find_last_of('/');
    if (slash == std::string::npos) return ".";
    if (slash == 0) return "/";
    return path.substr(0, slash);
}

// The mode a plain open(path, O_CREAT, 0644) would give: the process umask
// is only readable by setting it, so it is set and restored at once.
mode_t new_file_mode() {
    const mode_t mask = ::umask(0);
    ::umask(mask);
    return static_cast<mode_t>(0644 & ~mask);
}

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
    : path_(std::move(path)), temp_path_(std::move(temp_path)), file_(file), replace_(replace) {}

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
    const bool exists = ::stat(path.c_str(), &st) == 0;

    // Devices, FIFOs and the like (/dev/stdout, /dev/null, a named pipe) are
    // written in place: renaming over them would replace the node itself.
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

    // Same directory as the target, so rename() is atomic (same file system);
    // mkostemp creates it with O_EXCL, so an existing file is never reused.
    const std::string dir = directory_of(path);
    std::string temp = (dir == "/" ? "/" : dir + "/") + "." + base + ".XXXXXX";
    const int fd = ::mkostemp(temp.data(), O_CLOEXEC);
    if (fd < 0) {
        error = "cannot write " + path + ": " + reason(errno);
        return nullptr;
    }
    // Keep an existing report's permissions; otherwise what a plain create would give.
    const mode_t mode = exists ? static_cast<mode_t>(st.st_mode & 07777) : new_file_mode();
    if (::fchmod(fd, mode) != 0) {
        const int err = errno;
        ::close(fd);
        ::unlink(temp.c_str());
        error = "cannot write " + path + ": " + reason(err);
        return nullptr;
    }
    std::FILE* file = ::fdopen(fd, "w");
    if (file == nullptr) {
        const int err = errno;
        ::close(fd);
        ::unlink(temp.c_str());
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
    const int closed = std::fclose(file_);
    file_ = nullptr;
    if (closed != 0) return fail(errno);

    if (replace_) {
        if (::rename(temp_path_.c_str(), path_.c_str()) != 0) return fail(errno);
        temp_path_.clear();
        sync_directory(directory_of(path_));
    }
    return true;
}

}  // namespace urlcheck
