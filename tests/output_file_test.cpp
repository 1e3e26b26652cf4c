#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

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
    EXPECT_EQ(entries(), 1u);          // just the temporary
    ASSERT_TRUE(file->commit(error)) << error;
    EXPECT_EQ(read(target), "{}\n");
    EXPECT_EQ(mode_of(target), 0644u);
    EXPECT_EQ(entries(), 1u);  // temporary renamed, not copied
    ::umask(077);
    const std::string second = path("second.txt");
    auto f2 = output_file::open(second, error);
    ASSERT_TRUE(f2) << error;
    ASSERT_TRUE(f2->commit(error)) << error;
    EXPECT_EQ(mode_of(second), 0600u);
    ::umask(old);
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
