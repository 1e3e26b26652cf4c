// A C stdio file that closes itself: the spools, lists and reports that are
// read and written through FILE* (line_reader, fmemopen, tmpfile) rather
// than streams, because getline and fwrite on them are what is fast.
#pragma once

#include <cstdio>
#include <memory>

namespace urlcheck {

struct file_closer {
    void operator()(std::FILE* f) const noexcept {
        if (f != nullptr) std::fclose(f);
    }
};

using unique_file = std::unique_ptr<std::FILE, file_closer>;

}  // namespace urlcheck
