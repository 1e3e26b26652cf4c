// --shard K/N: which entries of a list one of N runs checks (README
// "Sharding"). Entries are split by host, so that every URL of a host is
// checked by one run and --per-host and --host-interval hold across
// machines. The split is a pure function of the host name, defined below
// once and for all: shard reports made by different versions and on
// different platforms must fit together (urlcheck merge).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "urlcheck/options.hpp"
#include "urlcheck/url_list.hpp"

namespace urlcheck {

// FNV-1a, 64 bits (offset basis 14695981039346656037, prime
// 1099511628211), over the bytes of `text`. Written down rather than
// std::hash, which may differ between standard libraries and versions.
std::uint64_t fnv1a_64(std::string_view text) noexcept;

// The shard (1..count) of a host: fnv1a_64 of the host as it is looked up
// (its A-label, lower case, no trailing dot; an IPv6 address without
// brackets), modulo count, plus 1.
std::uint32_t shard_of_host(std::string_view host, std::uint32_t count) noexcept;

// The shard of an entry: its host's (the port does not count). An invalid
// entry has no host and is shard 1's, so it is reported exactly once.
std::uint32_t shard_of(const entry& e, std::uint32_t count);

// "K/N" (1 <= K <= N) or "auto" into `into`; the message after "--shard: "
// when it is neither.
std::optional<std::string> parse_shard(std::string_view text, shard_options& into);

// --shard auto: K and N from the environment read into `shard.environment`:
// a Kubernetes Indexed Job (JOB_COMPLETION_INDEX, from 0, with --shards N),
// GitLab (CI_NODE_INDEX from 1, CI_NODE_TOTAL), a SLURM job array
// (SLURM_ARRAY_TASK_ID counted from SLURM_ARRAY_TASK_MIN, of
// SLURM_ARRAY_TASK_COUNT). Also checks --shards against --shard K/N.
// The message when it cannot (a usage error, exit 2).
std::optional<std::string> resolve_shard(shard_options& shard);

// "2/4"; empty when not sharded.
std::string shard_name(const shard_options& shard);

}  // namespace urlcheck
