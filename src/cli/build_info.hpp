// What `urlcheck --version` prints: the first thing a bug report needs.
#pragma once

#include <string>

namespace urlcheck::cli {

// "urlcheck X.Y.Z" and then the commit and the libraries, one per line (no
// final newline).
// The first line stays exactly "urlcheck X.Y.Z" for scripts that match it.
std::string version_text();

}  // namespace urlcheck::cli
