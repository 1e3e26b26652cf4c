// Descriptors for tests: how many this process has open, and running out of
// them on purpose.
#pragma once

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cstddef>
#include <filesystem>
#include <vector>

// Defined by the UBSan runtime when its vptr check is built in.
extern "C" __attribute__((weak)) unsigned long __ubsan_vptr_type_cache[];

namespace urlcheck::test {

// UBSan's vptr check (part of -fsanitize=undefined) decides whether memory
// holds an object by write()ing it to a pipe() whenever its cache has no
// answer. With every descriptor taken the pipe fails and the check reports
// "invalid vptr" for a sound object, fatally under -fno-sanitize-recover
// (which also ignores suppressions). Tests that use the descriptors up on
// purpose skip themselves in such builds; the plain build runs them.
inline bool descriptor_exhaustion_breaks_sanitizers() { return __ubsan_vptr_type_cache != nullptr; }

#define URLCHECK_SKIP_IF_SANITIZERS_NEED_DESCRIPTORS()                                                      \
    do {                                                                                                    \
        if (::urlcheck::test::descriptor_exhaustion_breaks_sanitizers())                                    \
            GTEST_SKIP() << "UBSan's vptr check needs a free descriptor (for a pipe) and reports a false "   \
                            "\"invalid vptr\" without one";                                                 \
    } while (false)

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
