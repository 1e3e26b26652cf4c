#include "cli/build_info.hpp"

#include <ares.h>
#include <boost/version.hpp>
#include <fmt/format.h>
#include <openssl/crypto.h>
#include <openssl/opensslv.h>

#include "urlcheck/version.hpp"

// Set on this file alone (src/CMakeLists.txt) so that a new commit
// recompiles one file, not everything that includes version.hpp.
#ifndef URLCHECK_GIT_COMMIT
#define URLCHECK_GIT_COMMIT "unknown"
#endif

namespace urlcheck::cli {

std::string version_text() {
    // OpenSSL and c-ares are shared libraries whose run-time version can
    // differ from the headers this was built with, and a bug report needs
    // both; Boost and fmt have no run-time query, so theirs is the build's.
    constexpr int fmt_major = FMT_VERSION / 10000;
    constexpr int fmt_minor = FMT_VERSION / 100 % 100;
    constexpr int fmt_patch = FMT_VERSION % 100;
    std::string boost(BOOST_LIB_VERSION);
    for (char& c : boost)
        if (c == '_') c = '.';
    return fmt::format(
        "urlcheck {}\n"
        "commit: {}\n"
        "OpenSSL: {} (built with {})\n"
        "Boost: {}\n"
        "c-ares: {} (built with {})\n"
        "fmt: {}.{}.{}",
        version, URLCHECK_GIT_COMMIT, OpenSSL_version(OPENSSL_VERSION), OPENSSL_VERSION_TEXT, boost,
        ares_version(nullptr), ARES_VERSION_STR, fmt_major, fmt_minor, fmt_patch);
}

}  // namespace urlcheck::cli
