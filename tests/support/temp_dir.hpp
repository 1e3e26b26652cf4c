// A temporary directory for a unit test's input files, removed with all in
// it when the test ends.
#pragma once

#include <stdlib.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "unique_file.hpp"

namespace urlcheck::test {

struct temp_dir {
    temp_dir() {
        std::string templ = (std::filesystem::temp_directory_path() / "urlcheck-test-XXXXXX").string();
        path = ::mkdtemp(templ.data());
    }
    ~temp_dir() { std::filesystem::remove_all(path); }
    temp_dir(const temp_dir&) = delete;
    temp_dir& operator=(const temp_dir&) = delete;
    // Writes `content` to PATH/name and returns that path.
    std::string file(const std::string& name, const std::string& content) const {
        const std::string p = path + "/" + name;
        std::ofstream(p, std::ios::binary) << content;
        return p;
    }
    std::string path;
};

using urlcheck::file_closer;

}  // namespace urlcheck::test
