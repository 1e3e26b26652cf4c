#include "report/merge.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <map>

#include "report/common.hpp"
#include "shard.hpp"

namespace urlcheck {

namespace {

struct shard_place {
    std::uint32_t index = 0;
    std::uint32_t count = 0;
};

// Where each input comes in the list: the inputs as the reports in input
// order (json) show them one after another, put in one order (Kahn's
// topological sort; ties by first appearance). A shard may lack an input,
// but it never shows two in the wrong order.
std::map<std::string, std::size_t, std::less<>> input_ranks(const std::vector<shard_report>& shards) {
    std::vector<std::string> nodes;  // in first appearance
    std::map<std::string, std::size_t, std::less<>> id;
    std::vector<std::vector<std::size_t>> after;
    std::vector<std::size_t> before_count;
    const auto node = [&](std::string_view input) {
        auto [it, added] = id.try_emplace(std::string(input), nodes.size());
        if (added) {
            nodes.emplace_back(input);
            after.emplace_back();
            before_count.push_back(0);
        }
        return it->second;
    };
    for (const auto& shard : shards) {
        std::optional<std::size_t> previous;
        for (const auto& r : shard.report.results) {
            const std::size_t current = node(report_detail::locate(r.source).input);
            if (shard.report.in_input_order && previous && *previous != current &&
                std::find(after[*previous].begin(), after[*previous].end(), current) == after[*previous].end()) {
                after[*previous].push_back(current);
                ++before_count[current];
            }
            previous = current;
        }
    }
    std::map<std::string, std::size_t, std::less<>> rank;
    std::vector<bool> placed(nodes.size(), false);
    for (std::size_t round = 0; round < nodes.size(); ++round) {
        // The first input nothing unplaced comes before; with a cycle (the
        // reports disagree: not one list), the first unplaced.
        std::size_t pick = nodes.size();
        for (std::size_t i = 0; i < nodes.size() && pick == nodes.size(); ++i)
            if (!placed[i] && before_count[i] == 0) pick = i;
        for (std::size_t i = 0; i < nodes.size() && pick == nodes.size(); ++i)
            if (!placed[i]) pick = i;
        placed[pick] = true;
        rank[nodes[pick]] = round;
        for (const std::size_t next : after[pick])
            if (before_count[next] > 0) --before_count[next];
    }
    return rank;
}

// The counts of every shard added up; the time is the longest shard's
// (they ran side by side), the start the earliest.
summary add_up(const std::vector<shard_report>& shards) {
    summary total;
    total.started_unix_ms = shards.front().report.totals.started_unix_ms;
    for (const auto& shard : shards) {
        const summary& s = shard.report.totals;
        total.total += s.total;
        total.checked += s.checked;
        total.up += s.up;
        total.down += s.down;
        total.degraded += s.degraded;
        total.unverifiable += s.unverifiable;
        total.pending += s.pending;
        total.acknowledged += s.acknowledged;
        total.skipped += s.skipped;
        total.not_checked += s.not_checked;
        total.elapsed_ms = std::max(total.elapsed_ms, s.elapsed_ms);
        if (s.started_unix_ms != 0)
            total.started_unix_ms =
                total.started_unix_ms == 0 ? s.started_unix_ms : std::min(total.started_unix_ms, s.started_unix_ms);
        if (total.signal == 0) total.signal = s.signal;
    }
    // Every shard leaves out the same entries (the selection comes before
    // the split), so any one's count is the list's.
    total.filtered = shards.front().report.totals.filtered;
    total.list_fingerprint = shards.front().report.totals.list_fingerprint;
    return total;
}

}  // namespace

std::optional<merged_reports> merge_shard_reports(const std::vector<shard_report>& shards,
                                                  std::vector<std::string>& errors) {
    if (shards.empty()) {
        errors.emplace_back("merge: give the shard reports to merge");
        return std::nullopt;
    }
    std::vector<shard_place> places(shards.size());
    for (std::size_t i = 0; i < shards.size(); ++i) {
        const auto& [name, report] = shards[i];
        if (!report.has_summary) {
            errors.push_back(
                fmt::format("{}: no summary line: a jsonl report ends with one only when written with "
                            "--shard, and only when its run finished",
                            name));
            continue;
        }
        shard_options parsed;
        if (report.totals.shard.empty() || parse_shard(report.totals.shard, parsed) || parsed.automatic) {
            errors.push_back(
                fmt::format("{}: not a shard report (written without --shard K/N): a whole list's "
                            "report has nothing to be merged with",
                            name));
            continue;
        }
        places[i] = {parsed.index, parsed.count};
    }
    if (!errors.empty()) return std::nullopt;

    const std::uint32_t count = places.front().count;
    for (std::size_t i = 1; i < shards.size(); ++i) {
        if (places[i].count != count) {
            errors.push_back(fmt::format("{} is shard {} but {} is shard {}: different shard counts",
                                         shards.front().name, shards.front().report.totals.shard, shards[i].name,
                                         shards[i].report.totals.shard));
        }
        const std::string& list = shards[i].report.totals.list_fingerprint;
        if (list != shards.front().report.totals.list_fingerprint) {
            errors.push_back(fmt::format(
                "{} and {} are of different lists (fingerprints {} and {})", shards.front().name, shards[i].name,
                shards.front().report.totals.list_fingerprint.substr(0, 19), list.substr(0, 19)));
        }
    }
    if (!errors.empty()) return std::nullopt;

    std::vector<std::vector<std::string>> given(count + 1);
    for (std::size_t i = 0; i < shards.size(); ++i) given[places[i].index].push_back(shards[i].name);
    std::vector<std::string> missing;
    for (std::uint32_t k = 1; k <= count; ++k) {
        if (given[k].size() > 1)
            errors.push_back(
                fmt::format("shard {}/{} is given more than once: {}", k, count, fmt::join(given[k], ", ")));
        if (given[k].empty()) missing.push_back(fmt::format("{}/{}", k, count));
    }
    if (!missing.empty()) {
        std::vector<std::string> have;
        for (std::size_t i = 0; i < shards.size(); ++i)
            have.push_back(fmt::format("{} is {}", shards[i].name, shards[i].report.totals.shard));
        errors.push_back(fmt::format("{} {} missing ({})", missing.size() == 1 ? "shard" : "shards",
                                     fmt::join(missing, ", "), fmt::join(have, ", ")));
    }
    if (!errors.empty()) return std::nullopt;

    // The shards in K order, so that equal places keep a fixed order.
    std::vector<std::size_t> by_index(shards.size());
    for (std::size_t i = 0; i < shards.size(); ++i) by_index[places[i].index - 1] = i;
    merged_reports merged;
    merged.totals = add_up(shards);
    const auto rank = input_ranks(shards);
    struct placed_result {
        std::size_t input;
        long line;
        const result* r;
    };
    std::vector<placed_result> order;
    for (const std::size_t i : by_index) {
        for (const auto& r : shards[i].report.results) {
            const auto where = report_detail::locate(r.source);
            order.push_back({rank.find(where.input)->second, where.line.value_or(0), &r});
        }
    }
    std::stable_sort(order.begin(), order.end(), [](const placed_result& a, const placed_result& b) {
        return a.input != b.input ? a.input < b.input : a.line < b.line;
    });
    merged.results.reserve(order.size());
    for (const auto& p : order) merged.results.push_back(*p.r);
    return merged;
}

}  // namespace urlcheck
