// A timeout's message says how many tries it took and whether a second look
// confirmed it (say_tries in src/classify.hpp), so the message agrees with
// the time column.
#include <gtest/gtest.h>

#include "classify.hpp"

namespace {

using namespace urlcheck;

result timed_out(int attempts, bool confirmed) {
    result r;
    r.error = error_kind::timeout;
    r.message = "timed out after 10 s waiting for the response header";
    r.reasons = {"timeout: " + r.message};
    r.attempts = attempts;
    r.confirmed = confirmed;
    return r;
}

TEST(SayTries, RetriedAndConfirmed) {
    result r = timed_out(3, true);
    say_tries(r);
    EXPECT_EQ(r.message, "timed out after 10 s waiting for the response header (3 tries, confirmed)");
    EXPECT_EQ(r.reasons.front(), "timeout: timed out after 10 s waiting for the response header (3 tries, confirmed)");
}

TEST(SayTries, RetriedOnly) {
    result r = timed_out(2, false);
    say_tries(r);
    EXPECT_EQ(r.message, "timed out after 10 s waiting for the response header (2 tries)");
}

TEST(SayTries, OneTryIsTheTimeItself) {
    result r = timed_out(1, false);
    say_tries(r);
    EXPECT_EQ(r.message, "timed out after 10 s waiting for the response header");
    EXPECT_EQ(r.reasons.front(), "timeout: timed out after 10 s waiting for the response header");
}

TEST(SayTries, OtherErrorsAreLeftAlone) {
    result r = timed_out(3, true);
    r.error = error_kind::connect;
    r.message = "connection refused";
    say_tries(r);
    EXPECT_EQ(r.message, "connection refused");
}

}  // namespace
