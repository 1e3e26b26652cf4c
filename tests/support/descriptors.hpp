// Descriptors for tests: how many this process has open, and running out of
// them on purpose.
#pragma once

#include <fcntl.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cstddef>
#include <filesystem>
#include <vector>

namespace urlcheck::test {

// Entries of /proc/self/fd: every open descriptor of this process.
inline std::size_t open_descriptors() {
    std::size_t n = 0;
    for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator("/proc/self/fd")) ++n;
    return n - 1;  // the directory's own, open while it is listed
}

// The soft descriptor limit lowered (to at most 512) and every descriptor
// left under it taken, so that the next socket() fails with EMFILE; both
// undone when the object goes. Other threads of the test must not need new
// descriptors meanwhile.
class descriptors_used_up {
public:
    descriptors_used_up() {
        getrlimit(RLIMIT_NOFILE, &saved_);
        rlimit tight = saved_;
        tight.rlim_cur = std::min<rlim_t>(saved_.rlim_cur, 512);
        setrlimit(RLIMIT_NOFILE, &tight);
        for (;;) {
            const int fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
            if (fd < 0) break;
            fillers_.push_back(fd);
        }
    }
    ~descriptors_used_up() {
        for (int fd : fillers_) ::close(fd);
        setrlimit(RLIMIT_NOFILE, &saved_);
    }
    descriptors_used_up(const descriptors_used_up&) = delete;
    descriptors_used_up& operator=(const descriptors_used_up&) = delete;

private:
    rlimit saved_{};
    std::vector<int> fillers_;
};

}  // namespace urlcheck::test
