// check_policy: the decisions a check makes between exchanges.
#include "check_policy.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

namespace {

using namespace std::chrono_literals;
using urlcheck::error_kind;
using urlcheck::redirect_policy;

TEST(FollowsRedirect, OnlyARedirectWithSomewhereToGoUnderFollowOrWarn) {
    struct row {
        int status;
        std::string location;
        redirect_policy policy;
        int max_redirects;
        bool follows;
    };
    const std::vector<row> rows = {
        {301, "/next", redirect_policy::follow, 5, true},
        {302, "/next", redirect_policy::warn, 5, true},
        {307, "/next", redirect_policy::follow, 1, true},
        {308, "/next", redirect_policy::follow, 0, false},  // --max-redirects 0
        {301, "", redirect_policy::follow, 5, false},       // nowhere to go
        {301, "/next", redirect_policy::fail, 5, false},
        {301, "/next", redirect_policy::none, 5, false},
        {200, "/next", redirect_policy::follow, 5, false},
        {304, "/next", redirect_policy::follow, 5, false},  // not a redirect
    };
    for (const auto& r : rows)
        EXPECT_EQ(urlcheck::follows_redirect(r.status, r.location, r.policy, r.max_redirects), r.follows)
            << r.status << " " << r.location << " " << static_cast<int>(r.policy) << " " << r.max_redirects;
}

TEST(FinalStatusVerdict, TheRedirectPolicyDecidesWhatAnUnfollowedRedirectMeans) {
    struct row {
        int status;
        redirect_policy policy;
        std::string accept;  // empty: the default list
        error_kind kind;
        std::string message_ends_with;
    };
    const std::vector<row> rows = {
        {200, redirect_policy::follow, "", error_kind::none, ""},
        {404, redirect_policy::follow, "", error_kind::status, "Not Found"},
        {404, redirect_policy::none, "", error_kind::status, "Not Found"},
        {301, redirect_policy::none, "", error_kind::none, ""},  // the redirect is the answer
        {301, redirect_policy::none, "200", error_kind::none, ""},
        {301, redirect_policy::fail, "", error_kind::status, " (--redirect fail)"},
        {301, redirect_policy::fail, "200-399", error_kind::status, " (--redirect fail)"},  // even when accepted
        {200, redirect_policy::fail, "", error_kind::none, ""},
    };
    for (const auto& r : rows) {
        urlcheck::accept_list accept;
        if (!r.accept.empty()) accept = *urlcheck::accept_list::parse(r.accept);
        const auto f = urlcheck::final_status_verdict(r.status, r.status == 404 ? "Not Found" : "Moved", "/x",
                                                      r.policy, accept);
        EXPECT_EQ(f.kind, r.kind) << r.status << " " << static_cast<int>(r.policy) << ": " << f.message;
        if (!r.message_ends_with.empty()) {
            EXPECT_TRUE(f.message.size() >= r.message_ends_with.size() &&
                        f.message.compare(f.message.size() - r.message_ends_with.size(), std::string::npos,
                                          r.message_ends_with) == 0)
                << f.message;
        }
    }
}

TEST(AsksToWait, A429Or503WithAPositiveRetryAfter) {
    struct row {
        error_kind kind;
        std::optional<int> status;
        std::optional<std::chrono::milliseconds> retry_after;
        bool asks;
    };
    const std::vector<row> rows = {
        {error_kind::status, 429, 2000ms, true},
        {error_kind::status, 503, 1ms, true},
        {error_kind::status, 503, 0ms, false},
        {error_kind::status, 429, std::nullopt, false},
        {error_kind::status, 500, 2000ms, false},
        {error_kind::timeout, std::nullopt, 2000ms, false},
        {error_kind::none, 200, 2000ms, false},
    };
    for (const auto& r : rows)
        EXPECT_EQ(urlcheck::asks_to_wait(r.kind, r.status, r.retry_after), r.asks)
            << static_cast<int>(r.kind) << " " << r.status.value_or(-1);
}

TEST(HostHoldUntil, CappedByMaxRetryAfterAndTheRunDeadline) {
    const auto now = std::chrono::steady_clock::time_point{} + 100s;
    const auto never = std::chrono::steady_clock::time_point::max();
    EXPECT_EQ(urlcheck::host_hold_until(now, 2s, 10s, never), now + 2s);
    EXPECT_EQ(urlcheck::host_hold_until(now, 60s, 10s, never), now + 10s);
    EXPECT_EQ(urlcheck::host_hold_until(now, 60s, 10s, now + 3s), now + 3s);
}

TEST(HeadNeedsGet, UnacceptedAnswersAndDroppedConnectionsButNotRateLimitsOrRedirects) {
    struct row {
        error_kind kind;
        std::optional<int> status;
        bool needs;
    };
    const std::vector<row> rows = {
        {error_kind::status, 404, true},
        {error_kind::status, 405, true},
        {error_kind::status, 501, true},
        {error_kind::status, 500, true},
        {error_kind::protocol, std::nullopt, true},  // closed or reset on HEAD
        {error_kind::status, 429, false},
        {error_kind::status, 301, false},
        {error_kind::status, 308, false},
        {error_kind::none, 200, false},
        {error_kind::timeout, std::nullopt, false},
        {error_kind::dns, std::nullopt, false},
        {error_kind::tls, std::nullopt, false},
    };
    for (const auto& r : rows)
        EXPECT_EQ(urlcheck::head_needs_get(r.kind, r.status), r.needs)
            << static_cast<int>(r.kind) << " " << r.status.value_or(-1);
}

}  // namespace
