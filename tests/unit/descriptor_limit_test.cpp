#include "descriptor_limit.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <string>

namespace urlcheck {
namespace {

TEST(DescriptorLimit, FitsTheConcurrencyUnderTheLimit) {
    struct row {
        int concurrency;
        int per_host;
        std::optional<std::uint64_t> limit;
        int fitted_concurrency;
        int fitted_per_host;
        std::string notice;
    };
    const row rows[] = {
        {50, 8, std::nullopt, 50, 8, ""},  // unlimited
        {50, 8, 1024, 50, 8, ""},
        {320, 8, 1024, 320, 8, ""},  // 3 x 320 + 64 = 1024: just fits
        {321, 8, 1024, 320, 8, "--concurrency 321 needs 1027 file descriptors but the limit is 1024; using 320"},
        {1000, 8, 1024, 320, 8, "--concurrency 1000 needs 3064 file descriptors but the limit is 1024; using 320"},
        {1000, 1000, 1024, 320, 320, "--concurrency 1000 needs 3064 file descriptors but the limit is 1024; using 320"},
        {10, 10, 40, 1, 1, "--concurrency 10 needs 94 file descriptors but the limit is 40; using 1"},
    };
    for (const row& r : rows) {
        check_options o;
        o.concurrency = r.concurrency;
        o.per_host = r.per_host;
        const descriptor_fit fit = fit_descriptors(o, r.limit);
        EXPECT_EQ(fit.options.concurrency, r.fitted_concurrency) << r.concurrency;
        EXPECT_EQ(fit.options.per_host, r.fitted_per_host) << r.concurrency;
        EXPECT_EQ(fit.notice, r.notice);
    }
}

TEST(DescriptorLimit, RunningOutLowersByAQuarterOfWhatRuns) {
    struct row {
        std::size_t others;
        std::size_t limit;
    };
    for (const row& r : {row{0, 1}, row{1, 1}, row{3, 3}, row{4, 3}, row{100, 75}, row{999, 750}})
        EXPECT_EQ(concurrency_after_running_out(r.others), r.limit) << r.others;
    EXPECT_EQ(running_out_notice("out of file descriptors (EMFILE)", 0, 1),
              "out of file descriptors (EMFILE) with 1 check running: lowering --concurrency to 1 (further if it "
              "happens again) and checking those entries again");
    EXPECT_EQ(running_out_notice("out of file descriptors (EMFILE)", 99, 75),
              "out of file descriptors (EMFILE) with 100 checks running: lowering --concurrency to 75 (further if "
              "it happens again) and checking those entries again");
}

}  // namespace
}  // namespace urlcheck
