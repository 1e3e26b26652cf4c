// expectations: a line's contains=, not-contains=, regex= and
// expect-header= against the final response, and the message of the first
// that fails.
#include "expectations.hpp"

#include <gtest/gtest.h>

#include <string>
#include <variant>
#include <vector>

namespace {

using urlcheck::error_kind;

std::shared_ptr<const urlcheck::expectations> expecting(std::string_view options) {
    auto parsed = urlcheck::parse_line_options(options);
    const auto* line = std::get_if<urlcheck::line_options>(&parsed);
    EXPECT_NE(line, nullptr) << options;
    return line != nullptr ? urlcheck::make_expectations(*line) : nullptr;
}

TEST(Expectations, NoneForALineThatExpectsNothingBeyondTheStatus) {
    EXPECT_EQ(expecting(""), nullptr);
    EXPECT_EQ(expecting("status=200 timeout=2s tag=x"), nullptr);
    EXPECT_NE(expecting("contains=ok"), nullptr);
}

TEST(Expectations, WhatTheyNeedToSee) {
    EXPECT_TRUE(urlcheck::needs_body(*expecting("contains=a")));
    EXPECT_TRUE(urlcheck::needs_body(*expecting("not-contains=a")));
    EXPECT_TRUE(urlcheck::needs_body(*expecting("regex=a")));
    EXPECT_FALSE(urlcheck::needs_body(*expecting("expect-header=ETag")));
    EXPECT_TRUE(urlcheck::needs_headers(*expecting("expect-header=ETag")));
    EXPECT_FALSE(urlcheck::needs_headers(*expecting("contains=a")));
}

struct row {
    std::string options;
    std::string body;
    bool truncated;
    std::string message;  // empty: every expectation holds
};

TEST(Expectations, FirstFailureNamed) {
    const std::vector<urlcheck::header_field> headers = {
        {"ETag", "\"v1\""}, {"Cache-Control", "no-store"}, {"Cache-Control", "max-age=0"}};
    const std::vector<row> rows = {
        {"contains=ok", "all ok", false, ""},
        {"contains=ok", "fine", false, "body does not contain \"ok\""},
        {"contains=ok", "fine", true, "body does not contain \"ok\" in its first 64 KiB"},
        {"not-contains=error", "an error", false, "body contains \"error\""},
        {"not-contains=error", "fine", false, ""},
        {"regex=^v[0-9]+$", "v12", false, ""},
        {"regex=^v[0-9]+$", "v1x", false, "body does not match /^v[0-9]+$/"},
        {"expect-header=etag", "", false, ""},  // names in any case
        {"expect-header=X-Missing", "", false, "no X-Missing header in the response"},
        {"expect-header=Cache-Control:max-age", "", false, ""},  // one of several fields is enough
        {"expect-header=ETag:v2", "", false, "header ETag: \"\\\"v1\\\"\" does not match /v2/"},
        {"contains=a expect-header=X-Missing", "zzz", false, "no X-Missing header in the response"},  // headers first
    };
    for (const auto& r : rows) {
        const auto e = expecting(r.options);
        ASSERT_NE(e, nullptr) << r.options;
        urlcheck::response_view view;
        view.headers = &headers;
        view.body = r.body;
        view.body_truncated = r.truncated;
        view.body_limit = 64 * 1024;
        const auto f = urlcheck::check_expectations(*e, view);
        EXPECT_EQ(f.kind, r.message.empty() ? error_kind::none : error_kind::expectation) << r.options;
        EXPECT_EQ(f.message, r.message) << r.options;
    }
}

}  // namespace
