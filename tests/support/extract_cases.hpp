// What the tables of the link extractors share: a row (a document and the
// links expected of it), the row's name for GoogleTest, and how a link
// prints in a failure ("url" @ line:column).
#pragma once

#include <gtest/gtest.h>

#include <ostream>
#include <string>
#include <vector>

#include "extract/links.hpp"

namespace urlcheck::extract {

inline void PrintTo(const link& l, std::ostream* os) { *os << '"' << l.url << "\" @ " << l.line << ':' << l.column; }

struct extract_case {
    const char* name;
    std::string document;
    std::vector<link> links;
};

inline std::string case_name(const testing::TestParamInfo<extract_case>& info) { return info.param.name; }

}  // namespace urlcheck::extract
