#include "descriptor_limit.hpp"

#include <sys/resource.h>

#include <algorithm>

#include <fmt/format.h>

namespace urlcheck {

descriptor_fit fit_descriptors(const check_options& options, std::optional<std::uint64_t> limit) {
    constexpr std::uint64_t reserved = 64;  // stdio, the report file, DNS, epoll, timers
    // Per check: its connection, a second Happy Eyeballs attempt or the new
    // connection replacing a stale pooled one, and an idle pooled connection.
    const std::uint64_t needed = 3 * static_cast<std::uint64_t>(options.concurrency) + reserved;
    if (!limit || needed <= *limit) return {options, {}};
    descriptor_fit fit{options, {}};
    fit.options.concurrency = static_cast<int>(std::max<std::uint64_t>((*limit - std::min(*limit, reserved)) / 3, 1));
    fit.options.per_host = std::min(fit.options.per_host, fit.options.concurrency);
    fit.notice = fmt::format("--concurrency {} needs {} file descriptors but the limit is {}; using {}",
                             options.concurrency, needed, *limit, fit.options.concurrency);
    return fit;
}

std::size_t concurrency_after_running_out(std::size_t others) noexcept {
    return std::max<std::size_t>(others - others / 4, 1);
}

std::string running_out_notice(const std::string& message, std::size_t others, std::size_t limit) {
    return fmt::format("{} with {} check{} running: lowering --concurrency to {} (further if it happens again) and "
                       "checking those entries again",
                       message, others + 1, others == 0 ? "" : "s", limit);
}

check_options fit_descriptor_limit(const check_options& options,
                                   const std::function<void(const std::string&)>& on_notice) {
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return options;
    if (limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        if (setrlimit(RLIMIT_NOFILE, &limit) != 0) getrlimit(RLIMIT_NOFILE, &limit);
    }
    descriptor_fit fit = fit_descriptors(
        options, limit.rlim_cur == RLIM_INFINITY ? std::nullopt : std::optional<std::uint64_t>(limit.rlim_cur));
    if (!fit.notice.empty() && on_notice) on_notice(fit.notice);
    return std::move(fit.options);
}

}  // namespace urlcheck
