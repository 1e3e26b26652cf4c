// --ack's pure decisions (src/ack): which entry an ack covers (url, regex,
// tag; active or expired at the time given), what it does to a result, and
// the source that remembers the covered entries by index.
#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ack.hpp"
#include "urlcheck/summary.hpp"

namespace {

using namespace urlcheck;

constexpr std::int64_t now = 1'798'135'200'000;  // 2026-12-24T18:00:00Z
constexpr std::int64_t hour = 3'600'000;

ack_rule rule(ack_rule::match_by by, std::string pattern, std::optional<std::int64_t> until = std::nullopt,
              std::string source = "acks.toml:1") {
    ack_rule r;
    r.by = by;
    r.pattern = std::move(pattern);
    r.reason = "known";
    r.until_unix_ms = until;
    r.until = until ? "2026-12-24T18:00:00Z" : "";
    r.source = std::move(source);
    return r;
}

entry line(const std::string& text) { return make_list_entry(text, "urls.txt:1"); }

struct match_row {
    const char* name;
    ack_rule rule;
    const char* line;
    bool matches;
};

class AckMatch : public testing::TestWithParam<match_row> {};

TEST_P(AckMatch, Table) {
    const auto matcher = ack_matcher::make({GetParam().rule});
    ASSERT_NE(matcher, nullptr);
    EXPECT_EQ(matcher->match(line(GetParam().line), now).has_value(), GetParam().matches) << GetParam().line;
}

using by = ack_rule::match_by;

INSTANTIATE_TEST_SUITE_P(
    Table, AckMatch,
    testing::Values(
        match_row{"UrlAsWritten", rule(by::url, "https://x.test/a"), "https://x.test/a", true},
        match_row{"UrlNormalised", rule(by::url, "x.test/a"), "https://x.test/a", true},
        match_row{"UrlNormalisedInList", rule(by::url, "https://x.test/a"), "x.test/a", true},
        match_row{"UrlOtherPath", rule(by::url, "https://x.test/a"), "https://x.test/b", false},
        match_row{"UrlIsNoPrefix", rule(by::url, "https://x.test/a"), "https://x.test/ab", false},
        match_row{"InvalidEntryByItsText", rule(by::url, "ht tp://bad"), "ht tp://bad", true},
        match_row{"RegexSearches", rule(by::regex, "legacy\\.x\\.test"), "https://legacy.x.test/p", true},
        match_row{"RegexOnTheNormalisedUrl", rule(by::regex, "^https://legacy"), "legacy.x.test/p", true},
        match_row{"RegexMisses", rule(by::regex, "^https://legacy"), "https://x.test/legacy", false},
        match_row{"Tag", rule(by::tag, "partner"), "https://x.test/ tag=docs tag=partner", true},
        match_row{"TagMisses", rule(by::tag, "partner"), "https://x.test/ tag=docs", false},
        match_row{"Untagged", rule(by::tag, "partner"), "https://x.test/", false},
        // An expired ack still matches: its expiry is told, once.
        match_row{"Expired", rule(by::url, "https://x.test/", now - 1), "https://x.test/", true}),
    [](const testing::TestParamInfo<match_row>& info) { return std::string(info.param.name); });

TEST(AckMatcher, PrefersAnActiveAckToAnExpiredOne) {
    const auto matcher = ack_matcher::make({rule(by::tag, "t", now - hour, "acks.toml:1"),
                                            rule(by::url, "https://x.test/", now + hour, "acks.toml:5")});
    ASSERT_NE(matcher, nullptr);
    EXPECT_EQ(matcher->match(line("https://x.test/ tag=t"), now), 1u);
    // Once the second has expired too, the first expired one is told.
    EXPECT_EQ(matcher->match(line("https://x.test/ tag=t"), now + 2 * hour), 0u);
}

TEST(AckMatcher, BadRegexIsNamedByItsAck) {
    std::string error;
    EXPECT_EQ(ack_matcher::make({rule(by::regex, "(unclosed", std::nullopt, "acks.toml:7")}, &error), nullptr);
    EXPECT_EQ(error.rfind("acks.toml:7: regex: invalid regex '(unclosed': ", 0), 0u) << error;
}

TEST(AckActive, UntilIsTheFirstInstantItNoLongerApplies) {
    EXPECT_TRUE(is_active(rule(by::url, "u"), now));
    EXPECT_TRUE(is_active(rule(by::url, "u", now + 1), now));
    EXPECT_FALSE(is_active(rule(by::url, "u", now), now));
    EXPECT_FALSE(is_active(rule(by::url, "u", now - hour), now));
}

result down_result() {
    result r;
    r.url = "https://x.test/";
    r.state = verdict::down;
    r.status = 503;
    r.error = error_kind::status;
    r.message = "503 Service Unavailable";
    return r;
}

TEST(Acknowledge, DownBecomesAcknowledgedKeepingTheError) {
    result r = down_result();
    const ack_rule a = rule(by::url, "https://x.test/", now + hour, "acks.toml:3");
    EXPECT_EQ(acknowledge(r, a, now, {}), ack_outcome::acknowledged);
    EXPECT_EQ(r.state, verdict::acknowledged);
    EXPECT_EQ(r.error, error_kind::status);
    EXPECT_EQ(r.status, 503);
    EXPECT_EQ(r.message, "503 Service Unavailable");
    ASSERT_TRUE(r.ack.has_value());
    EXPECT_EQ(r.ack->reason, "known");
    EXPECT_EQ(r.ack->until, "2026-12-24T18:00:00Z");
    EXPECT_EQ(r.ack->source, "acks.toml:3");
    EXPECT_FALSE(fails_run(r.state, {}));

    summary s;
    s.add(r);
    EXPECT_EQ(s.acknowledged, 1u);
    EXPECT_EQ(s.checked, 1u);
    EXPECT_EQ(s.down, 0u);
    EXPECT_EQ(exit_code_for(s), 0);
}

TEST(Acknowledge, ExpiredLeavesTheResultFailing) {
    result r = down_result();
    EXPECT_EQ(acknowledge(r, rule(by::url, "https://x.test/", now - hour), now, {}), ack_outcome::failing);
    EXPECT_EQ(r.state, verdict::down);
    EXPECT_FALSE(r.ack.has_value());
}

TEST(Acknowledge, OnlyWhatFailsTheRun) {
    const ack_rule a = rule(by::url, "https://x.test/");
    for (const verdict state : {verdict::up, verdict::degraded, verdict::unverifiable, verdict::skipped}) {
        result r;
        r.state = state;
        EXPECT_EQ(acknowledge(r, a, now, {}), ack_outcome::passing) << to_string(state);
        EXPECT_EQ(r.state, state);
        EXPECT_FALSE(r.ack.has_value());
    }
    // A state --fail-on names fails the run, so an ack covers it.
    result r;
    r.state = verdict::degraded;
    fail_on_states fail_on;
    fail_on.degraded = true;
    EXPECT_EQ(acknowledge(r, a, now, fail_on), ack_outcome::acknowledged);
    EXPECT_EQ(r.state, verdict::acknowledged);
}

TEST(Acknowledge, ExpiredNoticeNamesTheAck) {
    ack_rule a = rule(by::url, "https://x.test/", now - hour, "acks.toml:4");
    EXPECT_EQ(expired_notice(a),
              "acks.toml:4: ack for https://x.test/ expired at 2026-12-24T18:00:00Z; the entry counts again");
    a.by = by::tag;
    a.pattern = "partner";
    EXPECT_EQ(expired_notice(a),
              "acks.toml:4: ack for tag 'partner' expired at 2026-12-24T18:00:00Z; its entries count again");
}

class list_source final : public entry_source {
public:
    explicit list_source(std::vector<entry> entries) : entries_(std::move(entries)) {}
    bool next(entry& out) override {
        if (at_ == entries_.size()) return false;
        out = entries_[at_++];
        return true;
    }

private:
    std::vector<entry> entries_;
    std::size_t at_ = 0;
};

result result_of(const std::string& url) {
    result r;
    r.url = url;
    r.source = "urls.txt:1";
    return r;
}

TEST(AckSource, RemembersCoveredEntriesUntilTheirResultIsTaken) {
    list_source list({line("https://a.test/"), line("https://b.test/ tag=t"), line("https://c.test/"),
                      line("https://d.test/ tag=t")});
    const auto matcher = ack_matcher::make({rule(by::url, "https://c.test/"), rule(by::tag, "t")});
    ASSERT_NE(matcher, nullptr);
    ack_source source(list, *matcher, now);
    entry e;
    std::vector<std::string> seen;
    while (source.next(e)) seen.push_back(e.url);
    EXPECT_EQ(seen, (std::vector<std::string>{"https://a.test/", "https://b.test/", "https://c.test/",
                                              "https://d.test/"}));
    EXPECT_EQ(source.take(result_of("https://a.test/")), std::nullopt);
    EXPECT_EQ(source.take(result_of("https://d.test/")), 1u) << "in any order";
    EXPECT_EQ(source.take(result_of("https://b.test/")), 1u);
    EXPECT_EQ(source.take(result_of("https://c.test/")), 0u);
    EXPECT_EQ(source.take(result_of("https://c.test/")), std::nullopt) << "forgotten once taken";
}

}  // namespace
