// A FILE* whose contents can be read back as a string: what the reporters
// wrote, without touching the disk.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <string>

namespace urlcheck::test {

class memory_file {
public:
    memory_file() : file_(open_memstream(&buffer_, &size_)) {}
    ~memory_file() {
        if (file_ != nullptr) std::fclose(file_);
        std::free(buffer_);
    }
    memory_file(const memory_file&) = delete;
    memory_file& operator=(const memory_file&) = delete;

    std::FILE* get() const { return file_; }
    std::string text() {
        std::fflush(file_);
        return std::string(buffer_, size_);
    }

private:
    char* buffer_ = nullptr;
    std::size_t size_ = 0;
    std::FILE* file_;
};

}  // namespace urlcheck::test
