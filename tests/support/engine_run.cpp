#include "support/engine_run.hpp"

#include <gtest/gtest.h>

#include "support/test_ca.hpp"

namespace urlcheck::test {

check_options fast_check_options() {
    using namespace std::chrono_literals;
    check_options o;
    o.concurrency = 16;
    o.per_host = 16;
    o.connect_timeout = 1000ms;
    o.timeout = 1500ms;
    o.retries = 0;
    o.retry_wait = 50ms;
    o.max_retry_after = 1000ms;
    // Confirm before fail waits seconds by default: tests that are about it
    // turn it on with a short --confirm-wait.
    o.confirm = false;
    return o;
}

check_options fast_tls_check_options() {
    check_options o = fast_check_options();
    o.cacert = root_ca_file();
    return o;
}

engine_run run_entries(const std::vector<entry>& entries, const check_options& options) {
    engine_run out;
    out.results.resize(entries.size());
    out.calls.resize(entries.size());
    run_hooks hooks;
    hooks.on_result = [&](std::size_t index, const result& r) {
        EXPECT_LT(index, entries.size());
        if (index >= entries.size()) return report_status::keep_going;
        out.results[index] = r;
        ++out.calls[index];
        out.order.push_back(index);
        return report_status::keep_going;
    };
    hooks.on_progress = [&](const progress& p) {
        out.progress_seen.push_back(p);
        return report_status::keep_going;
    };
    hooks.on_notice = [&](const std::string& message) { out.notices.push_back(message); };
    hooks.on_detail = [&](const std::string& message) { out.details.push_back(message); };
    const auto start = std::chrono::steady_clock::now();
    out.outcome = run_checks(entries, options, hooks);
    out.wall = std::chrono::steady_clock::now() - start;
    return out;
}

std::vector<entry> entries_for(const std::vector<std::string>& urls, const std::string& prefix) {
    std::vector<entry> entries;
    for (std::size_t i = 0; i < urls.size(); ++i)
        entries.push_back(make_entry(urls[i], prefix + ":" + std::to_string(i + 1)));
    return entries;
}

}  // namespace urlcheck::test
