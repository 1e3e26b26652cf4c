#include "shard.hpp"

#include <boost/url/parse.hpp>
#include <fmt/format.h>

#include <charconv>

#include "text.hpp"

namespace urlcheck {

namespace {

// A whole number from 0 to 2^32 - 1, nothing around it.
std::optional<std::uint32_t> whole_number(std::string_view text) {
    std::uint32_t n = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (text.empty() || error != std::errc() || end != text.data() + text.size()) return std::nullopt;
    return n;
}

// K/N from a CI's index (counted from `base`) and count, the variables
// named in messages.
std::optional<std::string> from_index(shard_options& shard, std::string_view index_name, std::string_view index,
                                      std::string_view count_name, std::string_view count, std::uint32_t base) {
    const auto i = whole_number(index);
    if (!i || *i < base)
        return fmt::format("--shard auto: {}={} is no index from {}", index_name, printable(index), base);
    const auto n = whole_number(count);
    if (!n || *n == 0) return fmt::format("--shard auto: {}={} is no shard count", count_name, printable(count));
    if (*i - base >= *n)
        return fmt::format("--shard auto: {}={} is past the last of {}={} shards", index_name, *i, count_name, *n);
    shard.index = *i - base + 1;
    shard.count = *n;
    return std::nullopt;
}

}  // namespace

std::uint64_t fnv1a_64(std::string_view text) noexcept {
    std::uint64_t hash = 14695981039346656037ULL;
    for (const char c : text) {
        hash ^= static_cast<unsigned char>(c);
        hash *= 1099511628211ULL;
    }
    return hash;
}

std::uint32_t shard_of_host(std::string_view host, std::uint32_t count) noexcept {
    if (count <= 1) return 1;
    return static_cast<std::uint32_t>(fnv1a_64(host) % count) + 1;
}

std::uint32_t shard_of(const entry& e, std::uint32_t count) {
    if (count <= 1 || !e.error.empty() || e.target.empty()) return 1;
    const auto url = boost::urls::parse_absolute_uri(e.target);
    if (!url) return 1;
    // host_address(): an IPv6 address without its brackets, a name decoded
    // (make_entry has made it the A-label already).
    return shard_of_host(normalise_host(url->host_address()), count);
}

std::optional<std::string> parse_shard(std::string_view text, shard_options& into) {
    if (text == "auto") {
        into.automatic = true;
        into.index = into.count = 0;
        return std::nullopt;
    }
    const std::size_t slash = text.find('/');
    const auto k = whole_number(text.substr(0, slash));
    const auto n = slash == std::string_view::npos ? std::nullopt : whole_number(text.substr(slash + 1));
    if (!k || !n) return fmt::format("'{}' is not K/N (the K-th of N shards, e.g. 1/4) or auto", printable(text));
    if (*n == 0) return fmt::format("'{}': there must be at least one shard", printable(text));
    if (*k == 0 || *k > *n)
        return fmt::format("'{}': K counts from 1 to N ({}/{} is the first shard, {}/{} the last)", printable(text), 1,
                           *n, *n, *n);
    into.automatic = false;
    into.index = *k;
    into.count = *n;
    return std::nullopt;
}

std::optional<std::string> resolve_shard(shard_options& shard) {
    if (!shard.automatic) {
        if (shard.shards == 0 || shard.shards == shard.count) return std::nullopt;
        if (shard.count == 0) return std::string("--shards is for --shard auto (a Kubernetes job's completions)");
        return fmt::format("--shards {} disagrees with --shard {}", shard.shards, shard_name(shard));
    }
    const shard_environment& env = shard.environment;
    std::optional<std::string> why;
    if (!env.job_completion_index.empty()) {
        // A Kubernetes job says its index, not how many completions it has.
        if (shard.shards == 0)
            return std::string(
                "--shard auto: JOB_COMPLETION_INDEX (a Kubernetes Indexed Job) needs --shards N, the job's "
                "completions");
        why = from_index(shard, "JOB_COMPLETION_INDEX", env.job_completion_index, "--shards",
                         std::to_string(shard.shards), 0);
    } else if (!env.ci_node_index.empty() || !env.ci_node_total.empty()) {
        why = from_index(shard, "CI_NODE_INDEX", env.ci_node_index, "CI_NODE_TOTAL", env.ci_node_total, 1);
    } else if (!env.slurm_array_task_id.empty()) {
        // A job array may start anywhere (--array=0-3, --array=1-4): the
        // index counts from its MIN. One with gaps or a step (--array=1,5 or
        // 0-6:2) has no K/N of its own.
        const auto min = whole_number(env.slurm_array_task_min);
        const auto max = whole_number(env.slurm_array_task_max);
        const auto count = whole_number(env.slurm_array_task_count);
        if (!min) return std::string("--shard auto: SLURM_ARRAY_TASK_ID is set but not SLURM_ARRAY_TASK_MIN");
        if (max && count && *max >= *min && *max - *min + 1 != *count)
            return fmt::format(
                "--shard auto: the SLURM job array {}-{} has {} tasks: give --array without gaps "
                "or steps",
                *min, *max, *count);
        why = from_index(shard, "SLURM_ARRAY_TASK_ID", env.slurm_array_task_id, "SLURM_ARRAY_TASK_COUNT",
                         env.slurm_array_task_count, *min);
    } else {
        return std::string(
            "--shard auto: no shard in the environment (looked for JOB_COMPLETION_INDEX, CI_NODE_INDEX and "
            "CI_NODE_TOTAL, SLURM_ARRAY_TASK_ID and SLURM_ARRAY_TASK_COUNT)");
    }
    if (why) return why;
    if (shard.shards != 0 && shard.shards != shard.count)
        return fmt::format("--shards {} disagrees with the environment's {} shards", shard.shards, shard.count);
    return std::nullopt;
}

std::string shard_name(const shard_options& shard) {
    return shard.count == 0 ? std::string() : fmt::format("{}/{}", shard.index, shard.count);
}

}  // namespace urlcheck
