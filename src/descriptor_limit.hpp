// How many checks this process can run at once within its descriptor limit:
// the soft RLIMIT_NOFILE is raised to the hard one (ours to take), and a
// --concurrency that still does not fit is lowered, said once rather than as
// a thousand "Too many open files" connect errors.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "urlcheck/options.hpp"

namespace urlcheck {

struct descriptor_fit {
    check_options options;  // the concurrency (and per-host limit) that fit
    std::string notice;     // what was lowered and why; empty if nothing was
};

// Pure: fits `options` under a soft limit of `limit` descriptors (nullopt:
// unlimited).
descriptor_fit fit_descriptors(const check_options& options, std::optional<std::uint64_t> limit);

// Raises the soft limit, then fits `options` under it; a notice goes to
// `on_notice` (may be empty).
check_options fit_descriptor_limit(const check_options& options,
                                   const std::function<void(const std::string&)>& on_notice);

}  // namespace urlcheck
