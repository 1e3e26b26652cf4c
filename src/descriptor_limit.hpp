// How many checks this process can run at once within its descriptor limit:
// the soft RLIMIT_NOFILE is raised to the hard one (ours to take), and a
// --concurrency that still does not fit is lowered, said once rather than as
// a thousand "Too many open files" connect errors.
#pragma once

#include <cstddef>
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

// A check ran out of descriptors (EMFILE/ENFILE) with `others` checks
// still running: from now on a quarter fewer run at once (at least one).
std::size_t concurrency_after_running_out(std::size_t others) noexcept;

// What the user is told then, once: `message` is the check's.
std::string running_out_notice(const std::string& message, std::size_t others, std::size_t limit);

// Raises the soft limit, then fits `options` under it; a notice goes to
// `on_notice` (may be empty).
check_options fit_descriptor_limit(const check_options& options,
                                   const std::function<void(const std::string&)>& on_notice);

}  // namespace urlcheck
