// What most tests of the built binary start from: cli_fixture with the
// routes they share (/ok, /late, /missing, /redirect, /hang, ...) and readers
// of the text report (its summary line, the lines naming a URL). The binary
// runs as a child process whose stdin, stdout and stderr are pipes or
// /dev/null, never a terminal. Time bounds are deliberately generous (a loaded
// 2-core CI box, sanitizer builds); a test that only waits for a bound to pass
// is a test that failed.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <optional>
#include <regex>
#include <string>
#include <string_view>
#include <vector>

#include "support/cli_fixture.hpp"
#include "support/subprocess.hpp"
#include "support/test_server.hpp"

#ifndef URLCHECK_BINARY
#error "URLCHECK_BINARY must name the urlcheck executable under test"
#endif

namespace urlcheck::test {

// "3 checked in 0.04 s: 2 up, 1 down" (and ", N not checked ..." after an
// interruption).
struct summary_counts {
    int checked = 0;
    int up = 0;
    int down = 0;
};

inline std::optional<summary_counts> parse_summary(const std::string& line) {
    static const std::regex pattern(R"(^(\d+) checked in [0-9]+(\.[0-9]+)? s: (\d+) up, (\d+) down\b)");
    std::smatch m;
    if (!std::regex_search(line, m, pattern)) return std::nullopt;
    return summary_counts{std::stoi(m[1]), std::stoi(m[3]), std::stoi(m[4])};
}

// The lines of `text` that contain `needle`.
inline std::vector<std::string> lines_with(const std::string& text, std::string_view needle) {
    std::vector<std::string> found;
    for (auto& line : split_lines(text)) {
        if (line.find(needle) != std::string::npos) found.push_back(std::move(line));
    }
    return found;
}

inline bool contains(std::string_view text, std::string_view needle) {
    return text.find(needle) != std::string_view::npos;
}

inline std::size_t occurrences(const std::string& text, std::string_view needle) {
    std::size_t n = 0;
    for (auto pos = text.find(needle); pos != std::string::npos; pos = text.find(needle, pos + 1)) ++n;
    return n;
}

inline bool has_escape(const std::string& text) { return text.find('\x1b') != std::string::npos; }

class cli_binary : public cli_fixture {
protected:
    void SetUp() override {
        using namespace std::chrono_literals;
        cli_fixture::SetUp();
        server_.route("/ok", serve::respond(200, {}, "ok"));
        server_.route("/ok2", serve::respond(200, {}, "also ok"));
        server_.route("/ok3", serve::respond(200, {}, "ok as well"));
        // Slower than everything else, so completion order differs from
        // input order when it comes first.
        server_.route("/late", serve::respond(200, {}, "late but ok", 400ms));
        server_.route("/missing", serve::respond(404, {}, "not here"));
        server_.route("/redirect", serve::redirect(301, "/ok"));
        server_.route("/hang", serve::never_answer());
        server_.route("/hang2", serve::never_answer());
    }
};

}  // namespace urlcheck::test
