// -o FILE: the report is written to a temporary file next to FILE and renamed
// over it only once complete, so readers never see a half-written report and
// a failed run leaves the previous report in place. The temporary has no name
// until commit() (O_TMPFILE, where the file system has it), so a killed run
// leaves nothing behind; termination signals wait during link and rename.
// A symlink at FILE is replaced by the report, not written through, unless
// it leads to a device or FIFO (/dev/stdout).
#pragma once

#include <cstdio>
#include <memory>
#include <string>

namespace urlcheck {

class output_file {
public:
    // Creates the temporary file. On failure returns null and sets `error` to
    // a message naming the file and the reason.
    static std::unique_ptr<output_file> open(const std::string& path, std::string& error);

    output_file(const output_file&) = delete;
    output_file& operator=(const output_file&) = delete;
    // Removes the temporary file unless commit() succeeded.
    ~output_file();

    std::FILE* stream() const noexcept { return file_; }

    // Flushes, syncs and renames the temporary file over the target. Returns
    // false with `error` set when anything fails; the temporary is removed.
    bool commit(std::string& error);

private:
    output_file(std::string path, std::string temp_path, std::FILE* file, bool replace);

    void discard() noexcept;

    std::string path_;
    std::string temp_path_;  // empty when writing in place (see open())
    std::FILE* file_ = nullptr;
    bool replace_ = true;
    bool unnamed_ = false;  // an O_TMPFILE file, linked under temp_path_ only in commit()
};

}  // namespace urlcheck
