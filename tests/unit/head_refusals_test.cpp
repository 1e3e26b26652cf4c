// Which HEAD answers count as a refusal, and when an origin goes GET only.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "head_refusals.hpp"

namespace {

using urlcheck::error_kind;
using urlcheck::head_refusals;
using urlcheck::head_was_refused;
using urlcheck::origin_of;

struct row {
    const char* name;
    error_kind head_kind;
    std::optional<int> head_status;
    error_kind get_kind;
    std::optional<int> get_status;
    bool refused;
};

TEST(HeadRefusals, WhatCountsAsARefusal) {
    const std::vector<row> rows = {
        {"405 on HEAD, 200 on GET", error_kind::status, 405, error_kind::none, 200, true},
        {"501 on HEAD, 200 on GET", error_kind::status, 501, error_kind::none, 200, true},
        {"405 on HEAD, 404 on GET: HEAD is refused all the same", error_kind::status, 405, error_kind::status, 404,
         true},
        {"405 on both: the resource refuses both", error_kind::status, 405, error_kind::status, 405, false},
        {"dropped on HEAD, 200 on GET", error_kind::protocol, std::nullopt, error_kind::none, 200, true},
        {"dropped on HEAD, 500 on GET", error_kind::protocol, std::nullopt, error_kind::status, 500, true},
        {"dropped on HEAD, dropped on GET: the server is broken", error_kind::protocol, std::nullopt,
         error_kind::protocol, std::nullopt, false},
        {"404 on HEAD, 200 on GET: HEAD lies", error_kind::status, 404, error_kind::none, 200, true},
        {"404 on both: HEAD works", error_kind::status, 404, error_kind::status, 404, false},
        {"500 on HEAD, 503 on GET", error_kind::status, 500, error_kind::status, 503, false},
        {"405 on HEAD, GET timed out", error_kind::status, 405, error_kind::timeout, std::nullopt, false},
    };
    for (const auto& r : rows)
        EXPECT_EQ(head_was_refused(r.head_kind, r.head_status, r.get_kind, r.get_status), r.refused) << r.name;
}

TEST(HeadRefusals, ThreeInARowMakeAnOriginGetOnlyOnce) {
    head_refusals h;
    const std::string o = "http://a.test:80";
    EXPECT_FALSE(h.note(o, true));
    EXPECT_FALSE(h.note(o, true));
    EXPECT_FALSE(h.get_only(o));
    EXPECT_TRUE(h.note(o, true)) << "the third refusal decides, and says so";
    EXPECT_TRUE(h.get_only(o));
    EXPECT_FALSE(h.note(o, true)) << "said once";
    EXPECT_FALSE(h.note(o, false)) << "a HEAD answered by a check started earlier changes nothing";
    EXPECT_TRUE(h.get_only(o));
    EXPECT_FALSE(h.get_only("http://b.test:80"));
}

TEST(HeadRefusals, AnAnswerInBetweenStartsTheCountAgain) {
    head_refusals h;
    const std::string o = "https://a.test:443";
    h.note(o, true);
    h.note(o, true);
    h.note(o, false);
    EXPECT_FALSE(h.note(o, true));
    EXPECT_FALSE(h.note(o, true));
    EXPECT_FALSE(h.get_only(o));
    EXPECT_TRUE(h.note(o, true));
}

TEST(HeadRefusals, TracksABoundedNumberOfOrigins) {
    head_refusals h;
    const auto name = [](std::size_t i) { return "http://h" + std::to_string(i) + ":80"; };
    // A list of many one-URL hosts that refuse HEAD once each fills the
    // table with counts under way: they make room for a new origin.
    for (std::size_t i = 0; i < head_refusals::max_origins; ++i) h.note(name(i), true);
    const std::string busy = "http://busy.test:80";
    EXPECT_FALSE(h.note(busy, true));
    EXPECT_FALSE(h.note(busy, true));
    EXPECT_TRUE(h.note(busy, true)) << "tracked after the table was cleared of counts under way";
    // Decided origins are never forgotten; when they alone fill the table,
    // a new origin is not tracked and keeps HEAD.
    head_refusals full;
    for (std::size_t i = 0; i < head_refusals::max_origins; ++i)
        for (int n = 0; n < head_refusals::threshold; ++n) full.note(name(i), true);
    const std::string late = "http://late.test:80";
    for (int i = 0; i < head_refusals::threshold; ++i) EXPECT_FALSE(full.note(late, true));
    EXPECT_FALSE(full.get_only(late)) << "not tracked: keeps HEAD first";
    EXPECT_TRUE(full.get_only(name(0)));
    EXPECT_FALSE(full.note("", true));
}

TEST(HeadRefusals, OriginOf) {
    EXPECT_EQ(origin_of("http://Example.COM/x?y"), "http://example.com:80");
    EXPECT_EQ(origin_of("https://example.com/"), "https://example.com:443");
    EXPECT_EQ(origin_of("https://example.com:8443/"), "https://example.com:8443");
    EXPECT_EQ(origin_of("http://[::1]:8080/"), "http://[::1]:8080");
    EXPECT_EQ(origin_of("not a url"), "");
}

}  // namespace
