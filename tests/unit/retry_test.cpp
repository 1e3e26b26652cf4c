#include "retry.hpp"

#include <gtest/gtest.h>

namespace urlcheck {
namespace {

using namespace std::chrono_literals;

TEST(Transient, Kinds) {
    EXPECT_TRUE(is_transient(error_kind::timeout, std::nullopt));
    EXPECT_TRUE(is_transient(error_kind::connect, std::nullopt));
    EXPECT_TRUE(is_transient(error_kind::protocol, std::nullopt));
    EXPECT_FALSE(is_transient(error_kind::dns, std::nullopt));
    EXPECT_FALSE(is_transient(error_kind::tls, std::nullopt));
    EXPECT_FALSE(is_transient(error_kind::invalid_url, std::nullopt));
    EXPECT_FALSE(is_transient(error_kind::too_many_redirects, std::nullopt));
    EXPECT_FALSE(is_transient(error_kind::none, 200));
}

TEST(Transient, Statuses) {
    for (int s : {429, 502, 503, 504}) EXPECT_TRUE(is_transient(error_kind::status, s)) << s;
    for (int s : {400, 401, 403, 404, 410, 500, 501, 505}) EXPECT_FALSE(is_transient(error_kind::status, s)) << s;
}

TEST(RetryAfter, Seconds) {
    const auto now = std::chrono::system_clock::now();
    EXPECT_EQ(parse_retry_after("0", now), 0ms);
    EXPECT_EQ(parse_retry_after("2", now), 2000ms);
    EXPECT_EQ(parse_retry_after(" 120 ", now), 120000ms);
    EXPECT_EQ(parse_retry_after("", now), std::nullopt);
    EXPECT_EQ(parse_retry_after("-1", now), std::nullopt);
    EXPECT_EQ(parse_retry_after("1.5", now), std::nullopt);
    EXPECT_EQ(parse_retry_after("soon", now), std::nullopt);
}

TEST(RetryAfter, HttpDate) {
    const auto now = std::chrono::system_clock::from_time_t(784111777);  // Sun, 06 Nov 1994 08:49:37 GMT
    EXPECT_EQ(parse_retry_after("Sun, 06 Nov 1994 08:49:47 GMT", now), 10000ms);
    EXPECT_EQ(parse_retry_after("Sun, 06 Nov 1994 08:00:00 GMT", now), 0ms);  // in the past: now
    EXPECT_EQ(parse_retry_after("Sun, 06 Nov 1994 08:49:47", now), std::nullopt);
    // Found by fuzz_response: a date past 2262 overflowed system_clock's
    // nanoseconds (UBSan). Far-off dates are capped like delta-seconds.
    constexpr auto year = std::chrono::milliseconds(365LL * 24 * 3600 * 1000);
    EXPECT_EQ(parse_retry_after("Wed, 21 Oct 4052 07:28:00 GMT", now), year);
    EXPECT_EQ(parse_retry_after("99999999999", now), year);
    EXPECT_EQ(parse_retry_after("Sun, 06 Nov 0001 08:49:37 GMT", now), 0ms);
}

TEST(NextRetryDelay, BackoffDoubles) {
    const retry_policy p{3, 500ms, 10s};
    EXPECT_EQ(next_retry_delay(p, 1, error_kind::timeout, std::nullopt, std::nullopt), 500ms);
    EXPECT_EQ(next_retry_delay(p, 2, error_kind::timeout, std::nullopt, std::nullopt), 1000ms);
    EXPECT_EQ(next_retry_delay(p, 3, error_kind::timeout, std::nullopt, std::nullopt), 2000ms);
    EXPECT_EQ(next_retry_delay(p, 4, error_kind::timeout, std::nullopt, std::nullopt), std::nullopt);
}

TEST(NextRetryDelay, OnlyTransient) {
    const retry_policy p{1, 500ms, 10s};
    EXPECT_EQ(next_retry_delay(p, 1, error_kind::dns, std::nullopt, std::nullopt), std::nullopt);
    EXPECT_EQ(next_retry_delay(p, 1, error_kind::status, 404, std::nullopt), std::nullopt);
    EXPECT_EQ(next_retry_delay(p, 1, error_kind::status, 503, std::nullopt), 500ms);
}

TEST(NextRetryDelay, HonoursShortRetryAfterOnly) {
    const retry_policy p{1, 500ms, 10s};
    EXPECT_EQ(next_retry_delay(p, 1, error_kind::status, 429, 2000ms), 2000ms);
    EXPECT_EQ(next_retry_delay(p, 1, error_kind::status, 503, 3600s), std::nullopt);
}

TEST(NextRetryDelay, NoRetries) {
    const retry_policy p{0, 500ms, 10s};
    EXPECT_EQ(next_retry_delay(p, 1, error_kind::timeout, std::nullopt, std::nullopt), std::nullopt);
}

TEST(NextRetryDelay, LargeRetryCountStaysBounded) {
    const retry_policy p{100, 500ms, 10s};
    EXPECT_EQ(next_retry_delay(p, 60, error_kind::connect, std::nullopt, std::nullopt), 500ms * 1024);
}

}  // namespace
}  // namespace urlcheck
