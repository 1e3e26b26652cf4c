// A temporary directory for a unit test's files, removed with everything
// in it when the test ends.
#pragma once

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace urlcheck::test {

struct temp_dir {
    temp_dir() {
        char templ[] = "/tmp/urlcheck-test-XXXXXX";
        path = ::mkdtemp(templ);
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

}  // namespace urlcheck::test
