#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <csignal>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "report/output_file.hpp"

namespace {

namespace fs = std::filesystem;
using urlcheck::output_file;

class OutputFile : public ::testing::Test {
protected:
    void SetUp() override {
        std::string tpl = (fs::temp_directory_path() / "urlcheck-output-XXXXXX").string();
        ASSERT_NE(::mkdtemp(tpl.data()), nullptr);
        dir_ = tpl;
    }
    void TearDown() override { fs::remove_all(dir_); }

    std::string path(const std::string& name) const { return (dir_ / name).string(); }

    static std::string read(const std::string& p) {
        std::ifstream in(p, std::ios::binary);
        std::ostringstream s;
        s << in.rdbuf();
        return s.str();
    }
    static void write(const std::string& p, const std::string& text) { std::ofstream(p, std::ios::binary) << text; }

    std::size_t entries() const {
        return static_cast<std::size_t>(std::distance(fs::directory_iterator(dir_), fs::directory_iterator{}));
    }

    // Whether the test directory's file system has O_TMPFILE (then the
    // temporary has no name before commit).
    bool unnamed_temporaries() const {
        const int fd = ::open(dir_.c_str(), O_TMPFILE | O_WRONLY | O_CLOEXEC, 0600);
        if (fd < 0) return false;
        ::close(fd);
        return ::access("/proc/self/fd", X_OK) == 0;
    }

    static bool is_symlink(const std::string& p) {
        struct stat st{};
        return ::lstat(p.c_str(), &st) == 0 && S_ISLNK(st.st_mode);
    }

    static mode_t mode_of(const std::string& p) {
        struct stat st{};
        EXPECT_EQ(::stat(p.c_str(), &st), 0);
        return st.st_mode & 07777;
    }

    fs::path dir_;
};

TEST_F(OutputFile, CreatesNewFileWithUmaskMode) {
    const mode_t old = ::umask(022);
    const std::string target = path("report.json");
    std::string error;
    auto file = output_file::open(target, error);
    ASSERT_TRUE(file) << error;
    std::fputs("{}\n", file->stream());
    EXPECT_FALSE(fs::exists(target));  // nothing visible before commit
    EXPECT_LE(entries(), 1u);          // at most the temporary
    ASSERT_TRUE(file->commit(error)) << error;
    EXPECT_EQ(read(target), "{}\n");
    EXPECT_EQ(mode_of(target), 0644u);  // 0666 & ~022, not mkstemp's 0600
    EXPECT_EQ(entries(), 1u);  // temporary renamed, not copied
    // 0666 less the umask, as a shell's '>' gives.
    for (auto [mask, expected] : {std::pair<mode_t, mode_t>{077, 0600}, {002, 0664}, {0, 0666}, {027, 0640}}) {
        ::umask(mask);
        const std::string other = path("mask" + std::to_string(mask) + ".txt");
        auto f = output_file::open(other, error);
        ASSERT_TRUE(f) << error;
        ASSERT_TRUE(f->commit(error)) << error;
        EXPECT_EQ(mode_of(other), expected) << "umask " << mask;
    }
    ::umask(old);
}

TEST_F(OutputFile, TemporaryHasNoNameBeforeCommit) {
    if (!unnamed_temporaries()) GTEST_SKIP() << "no O_TMPFILE here: the named fallback is used";
    std::string error;
    auto file = output_file::open(path("report.json"), error);
    ASSERT_TRUE(file) << error;
    std::fputs("{\"results\":[", file->stream());
    std::fflush(file->stream());
    EXPECT_EQ(entries(), 0u);
    ASSERT_TRUE(file->commit(error)) << error;
    EXPECT_EQ(entries(), 1u);
}

// A second Ctrl-C while the report is being written ends the process at once
// (the default action): no temporary may stay behind, the old report stays.
TEST_F(OutputFile, KilledWhileWritingLeavesNoTemporary) {
    if (!unnamed_temporaries()) GTEST_SKIP() << "no O_TMPFILE here: a kill can leave the named temporary";
    const std::string target = path("report.txt");
    write(target, "old report\n");
    // The "fast" death-test style forks here, so the child writes into this
    // test's directory (no threads in this test binary).
    for (int sig : {SIGINT, SIGTERM, SIGKILL}) {
        EXPECT_EXIT(
            {
                std::signal(SIGINT, SIG_DFL);  // a backgrounded ctest may have it ignored
                std::signal(SIGTERM, SIG_DFL);
                std::string error;
                auto file = output_file::open(target, error);
                if (!file) std::_Exit(3);
                std::fputs("partial report", file->stream());
                std::fflush(file->stream());
                std::raise(sig);
                std::_Exit(4);
            },
            ::testing::KilledBySignal(sig), "");
        EXPECT_EQ(read(target), "old report\n") << sig;
        EXPECT_EQ(entries(), 1u) << "signal " << sig << " left a temporary";
    }
}

// -o in a shared directory: a symlink someone planted at FILE must not make
// urlcheck overwrite the file it points to.
TEST_F(OutputFile, SymlinkAtTargetIsReplacedNotWrittenThrough) {
    const std::string victim = path("victim.txt");
    write(victim, "precious\n");
    ASSERT_EQ(::chmod(victim.c_str(), 0600), 0);
    const std::string target = path("report.txt");
    fs::create_symlink(victim, target);
    const std::string dangling = path("dangling.txt");
    fs::create_symlink(path("nowhere.txt"), dangling);
    const mode_t old = ::umask(022);
    for (const auto& p : {target, dangling}) {
        std::string error;
        auto file = output_file::open(p, error);
        ASSERT_TRUE(file) << error;
        std::fputs("report\n", file->stream());
        ASSERT_TRUE(file->commit(error)) << error;
        EXPECT_FALSE(is_symlink(p)) << p;
        EXPECT_EQ(read(p), "report\n");
        EXPECT_EQ(mode_of(p), 0644u) << "a new file's mode, not the link target's";
    }
    ::umask(old);
    EXPECT_EQ(read(victim), "precious\n");
    EXPECT_FALSE(fs::exists(path("nowhere.txt")));
    EXPECT_EQ(entries(), 3u);  // victim, report, dangling: no temporaries
}

TEST_F(OutputFile, SymlinkToADeviceIsWrittenThrough) {
    const std::string link = path("out");
    fs::create_symlink("/dev/null", link);
    std::string error;
    auto file = output_file::open(link, error);
    ASSERT_TRUE(file) << error;
    std::fputs("discarded\n", file->stream());
    ASSERT_TRUE(file->commit(error)) << error;
    EXPECT_TRUE(is_symlink(link));  // like -o /dev/stdout
    EXPECT_EQ(entries(), 1u);
}

TEST_F(OutputFile, SymlinkToADirectoryIsAnError) {
    const std::string link = path("out");
    fs::create_symlink(dir_, link);
    std::string error;
    EXPECT_FALSE(output_file::open(link, error));
    EXPECT_EQ(error, "cannot write " + link + ": Is a directory");
}

TEST_F(OutputFile, ReplacesExistingAtomicallyKeepingItsMode) {
    const std::string target = path("report.txt");
    write(target, "old report\n");
    ASSERT_EQ(::chmod(target.c_str(), 0640), 0);
    std::string error;
    auto file = output_file::open(target, error);
    ASSERT_TRUE(file) << error;
    std::fputs("new report\n", file->stream());
    std::fflush(file->stream());
    EXPECT_EQ(read(target), "old report\n");  // readers still see the old one
    ASSERT_TRUE(file->commit(error)) << error;
    EXPECT_EQ(read(target), "new report\n");
    EXPECT_EQ(mode_of(target), 0640u);
    EXPECT_EQ(entries(), 1u);
}

TEST_F(OutputFile, AbandonedRunLeavesTargetAndNoTemporary) {
    const std::string target = path("report.txt");
    write(target, "old report\n");
    {
        std::string error;
        auto file = output_file::open(target, error);
        ASSERT_TRUE(file) << error;
        std::fputs("partial", file->stream());
    }
    EXPECT_EQ(read(target), "old report\n");
    EXPECT_EQ(entries(), 1u);
}

TEST_F(OutputFile, MissingDirectoryIsAnError) {
    const std::string target = path("no/such/dir/report.txt");
    std::string error;
    EXPECT_FALSE(output_file::open(target, error));
    EXPECT_EQ(error, "cannot write " + target + ": No such file or directory");
}

TEST_F(OutputFile, DirectoryIsAnError) {
    std::string error;
    EXPECT_FALSE(output_file::open(dir_.string(), error));
    EXPECT_EQ(error, "cannot write " + dir_.string() + ": Is a directory");
    EXPECT_FALSE(output_file::open(dir_.string() + "/", error));
}

TEST_F(OutputFile, RenameFailureRemovesTemporary) {
    const std::string target = path("report.txt");
    std::string error;
    auto file = output_file::open(target, error);
    ASSERT_TRUE(file) << error;
    std::fputs("x", file->stream());
    // Something else takes the name meanwhile; rename() over a non-empty directory fails.
    fs::create_directories(target + "/inside");
    EXPECT_FALSE(file->commit(error));
    EXPECT_EQ(error.rfind("cannot write " + target + ": ", 0), 0u) << error;
    EXPECT_EQ(entries(), 1u);  // just the directory
}

TEST_F(OutputFile, DevicesAreWrittenInPlace) {
    std::string error;
    auto null = output_file::open("/dev/null", error);
    ASSERT_TRUE(null) << error;
    std::fputs("discarded\n", null->stream());
    ASSERT_TRUE(null->commit(error)) << error;
    struct stat st{};
    ASSERT_EQ(::stat("/dev/null", &st), 0);
    EXPECT_TRUE(S_ISCHR(st.st_mode));
}

TEST_F(OutputFile, WriteErrorIsReported) {
    if (!fs::exists("/dev/full")) GTEST_SKIP() << "no /dev/full";
    std::string error;
    auto full = output_file::open("/dev/full", error);
    ASSERT_TRUE(full) << error;
    std::fputs("cannot fit\n", full->stream());
    EXPECT_FALSE(full->commit(error));
    EXPECT_EQ(error, "cannot write /dev/full: No space left on device");
}

TEST_F(OutputFile, RelativePathInCurrentDirectory) {
    const fs::path previous = fs::current_path();
    fs::current_path(dir_);
    std::string error;
    auto file = output_file::open("plain.txt", error);
    ASSERT_TRUE(file) << error;
    std::fputs("ok\n", file->stream());
    EXPECT_TRUE(file->commit(error)) << error;
    fs::current_path(previous);
    EXPECT_EQ(read(path("plain.txt")), "ok\n");
}

}  // namespace
