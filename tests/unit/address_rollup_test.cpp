// --all-addresses: how the looks at every address of a name become the
// entry's verdict (address_rollup.hpp).
#include "address_rollup.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace urlcheck {
namespace {

address_result up_at(std::string addr) {
    address_result a;
    a.remote_addr = std::move(addr);
    a.state = verdict::up;
    a.ok = true;
    a.status = 200;
    return a;
}

address_result down_at(std::string addr, error_kind kind, std::string message, std::optional<int> status = {}) {
    address_result a;
    a.remote_addr = std::move(addr);
    a.state = verdict::down;
    a.error = kind;
    a.message = std::move(message);
    a.status = status;
    a.reasons.push_back(std::string(to_string(kind)) + ": " + a.message);
    return a;
}

address_result with_state(address_result a, verdict state, std::string reason) {
    a.state = state;
    a.reasons = {std::move(reason)};
    if (state == verdict::unverifiable || state == verdict::skipped) {
        a.ok = false;
        a.error = state == verdict::skipped ? error_kind::skipped : error_kind::status;
        a.message = a.reasons.front();
    }
    return a;
}

const address_result refused3 = down_at("10.0.0.3:443", error_kind::connect, "connection refused");
const address_result timeout6 = down_at("[::1]:443", error_kind::timeout, "timed out after 5s connecting");

struct row {
    const char* name;
    std::vector<address_result> addresses;
    all_addresses_mode mode;
    verdict state;
    bool ok;
    error_kind error;
    std::string first_reason;  // empty: no reasons
    std::size_t representative;
};

class AddressRollup : public ::testing::TestWithParam<row> {};

TEST_P(AddressRollup, RollsUp) {
    const row& r = GetParam();
    const address_rollup out = roll_up(r.addresses, r.mode);
    EXPECT_EQ(out.state, r.state) << to_string(out.state);
    EXPECT_EQ(out.ok, r.ok);
    EXPECT_EQ(out.error, r.error) << to_string(out.error);
    if (r.first_reason.empty()) {
        EXPECT_TRUE(out.reasons.empty()) << out.reasons.front();
    } else {
        ASSERT_FALSE(out.reasons.empty());
        EXPECT_EQ(out.reasons.front(), r.first_reason);
    }
    EXPECT_EQ(out.representative, r.representative);
    // The contract: a message exactly when not ok.
    EXPECT_EQ(out.message.empty(), out.ok) << out.message;
}

const auto rollup = all_addresses_mode::rollup;
const auto strict = all_addresses_mode::strict;

INSTANTIATE_TEST_SUITE_P(
    Table, AddressRollup,
    ::testing::Values(
        row{"AllUp", {up_at("10.0.0.1:443"), up_at("10.0.0.2:443")}, rollup, verdict::up, true, error_kind::none, "", 0},
        row{"OneOfFourDown",
            {up_at("10.0.0.1:443"), up_at("10.0.0.2:443"), refused3, up_at("10.0.0.4:443")},
            rollup, verdict::degraded, true, error_kind::none,
            "1 of 4 addresses down: 10.0.0.3:443 refused", 0},
        row{"TwoOfFourDown",
            {up_at("10.0.0.1:443"), refused3, up_at("10.0.0.2:443"), timeout6},
            rollup, verdict::degraded, true, error_kind::none,
            "2 of 4 addresses down: 10.0.0.3:443 refused, [::1]:443 timed out", 0},
        row{"TwoOfFourDownStrict",
            {up_at("10.0.0.1:443"), refused3, up_at("10.0.0.2:443"), timeout6},
            strict, verdict::down, false, error_kind::connect,
            "2 of 4 addresses down: 10.0.0.3:443 refused, [::1]:443 timed out", 1},
        row{"AllDown", {refused3, timeout6}, rollup, verdict::down, false, error_kind::connect,
            "all 2 addresses down: 10.0.0.3:443 refused, [::1]:443 timed out", 0},
        row{"AllDownStrict", {refused3, timeout6}, strict, verdict::down, false, error_kind::connect,
            "all 2 addresses down: 10.0.0.3:443 refused, [::1]:443 timed out", 0},
        row{"StatusNamed",
            {up_at("10.0.0.1:80"), down_at("10.0.0.2:80", error_kind::status, "HTTP 503 Service Unavailable", 503)},
            rollup, verdict::degraded, true, error_kind::none, "1 of 2 addresses down: 10.0.0.2:80 HTTP 503", 0},
        // One address is the entry itself, as without --all-addresses.
        row{"OneAddressIsItself", {refused3}, strict, verdict::down, false, error_kind::connect,
            "connect: connection refused", 0},
        row{"OneAddressUp", {up_at("10.0.0.1:443")}, strict, verdict::up, true, error_kind::none, "", 0},
        // No address down: the worst state wins, said under its address.
        row{"DegradedAddress",
            {up_at("10.0.0.1:443"), with_state(up_at("10.0.0.2:443"), verdict::degraded, "slow: 2s (over 800ms)")},
            strict, verdict::degraded, true, error_kind::none, "10.0.0.2:443: slow: 2s (over 800ms)", 1},
        row{"UnverifiableAddress",
            {with_state(up_at("10.0.0.1:443"), verdict::unverifiable, "rate limited: 429 after 2 attempts"),
             up_at("10.0.0.2:443")},
            rollup, verdict::unverifiable, false, error_kind::status,
            "10.0.0.1:443: rate limited: 429 after 2 attempts", 0},
        // Down beats unverifiable: the summary leads, the rest follow.
        row{"DownAndUnverifiable",
            {with_state(up_at("10.0.0.1:443"), verdict::unverifiable, "rate limited: 429 after 2 attempts"), refused3,
             up_at("10.0.0.2:443")},
            rollup, verdict::degraded, true, error_kind::none, "1 of 3 addresses down: 10.0.0.3:443 refused", 2},
        // Down and the rest unverifiable: none known up, so not "degraded, ok".
        row{"DownAndOnlyUnverifiable",
            {refused3,
             with_state(up_at("10.0.0.1:443"), verdict::unverifiable, "rate limited: 429 after 2 attempts")},
            rollup, verdict::unverifiable, false, error_kind::status, "1 of 2 addresses down: 10.0.0.3:443 refused",
            1},
        // Not looked at (--max-time): no verdict, but no clean bill either.
        row{"SkippedAndUp",
            {up_at("10.0.0.1:443"), with_state(up_at("10.0.0.2:443"), verdict::skipped, "not checked")},
            rollup, verdict::degraded, true, error_kind::none,
            "1 of 2 addresses not checked: the run deadline (--max-time) came first", 0},
        row{"AllSkipped",
            {with_state(up_at("10.0.0.1:443"), verdict::skipped, "not checked"),
             with_state(up_at("10.0.0.2:443"), verdict::skipped, "not checked")},
            rollup, verdict::skipped, false, error_kind::skipped, "not checked", 0}),
    [](const ::testing::TestParamInfo<row>& info) { return std::string(info.param.name); });

TEST(AddressRollup, DownSummaryIsTheMessageWhenDown) {
    const auto out = roll_up({up_at("10.0.0.1:443"), refused3}, strict);
    EXPECT_EQ(out.message, "1 of 2 addresses down: 10.0.0.3:443 refused");
}

TEST(AddressRollup, OtherAddressesReasonsFollowTheSummary) {
    const auto out =
        roll_up({refused3, with_state(up_at("10.0.0.2:443"), verdict::degraded, "slow: 2s (over 800ms)")}, rollup);
    ASSERT_EQ(out.reasons.size(), 2u);
    EXPECT_EQ(out.reasons[1], "10.0.0.2:443: slow: 2s (over 800ms)");
}

TEST(AddressRollup, ShortFailures) {
    EXPECT_EQ(short_failure(refused3), "refused");
    EXPECT_EQ(short_failure(timeout6), "timed out");
    EXPECT_EQ(short_failure(down_at("a", error_kind::connect, "network unreachable")), "network unreachable");
    EXPECT_EQ(short_failure(down_at("a", error_kind::tls, "certificate expired")), "tls");
    EXPECT_EQ(short_failure(down_at("a", error_kind::status, "HTTP 404", 404)), "HTTP 404");
}

}  // namespace
}  // namespace urlcheck
