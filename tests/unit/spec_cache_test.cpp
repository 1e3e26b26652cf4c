#include "spec_cache.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

namespace urlcheck {
namespace {

using namespace std::chrono_literals;

line_options with_timeout(std::chrono::milliseconds t) {
    line_options o;
    o.timeout = t;
    return o;
}

TEST(SpecCache, LinesWithoutOptionsShareTheCommandLines) {
    check_options options;
    options.timeout = 7s;
    spec_cache cache(options);
    const auto spec = cache.get(line_options{}, "");
    EXPECT_EQ(spec.get(), cache.defaults());
    EXPECT_EQ(spec->timeout, 7s);
    EXPECT_EQ(cache.size(), 0u);
}

TEST(SpecCache, OneSpecPerFingerprintWhileInUse) {
    check_options options;
    spec_cache cache(options);
    const line_options three = with_timeout(3s);
    const line_options five = with_timeout(5s);
    auto a = cache.get(three, spec_key(three));
    auto b = cache.get(three, spec_key(three));
    auto c = cache.get(five, spec_key(five));
    EXPECT_EQ(a, b);
    EXPECT_NE(a, c);
    EXPECT_EQ(a->timeout, 3s);
    EXPECT_EQ(c->timeout, 5s);
    // Once no check holds it, the next line with those options builds it again.
    const check_spec* old = a.get();
    a.reset();
    b.reset();
    auto again = cache.get(three, spec_key(three));
    EXPECT_EQ(again->timeout, 3s);
    (void)old;
}

TEST(SpecCache, ForgottenSpecsArePruned) {
    check_options options;
    spec_cache cache(options);
    std::vector<std::shared_ptr<const check_spec>> held;
    for (int i = 1; i <= 2000; ++i) {
        const line_options o = with_timeout(std::chrono::milliseconds(i));
        auto spec = cache.get(o, spec_key(o));
        if (i % 100 == 0) held.push_back(spec);  // the rest are forgotten at once
    }
    // Pruned at 1024 remembered, down to those in use (the 10 held then),
    // then growing again from there.
    EXPECT_LT(cache.size(), 1024u);
    EXPECT_GE(cache.size(), held.size());
    for (const auto& spec : held) {
        const line_options o = with_timeout(spec->timeout);
        EXPECT_EQ(cache.get(o, spec_key(o)), spec);
    }
}

}  // namespace
}  // namespace urlcheck
