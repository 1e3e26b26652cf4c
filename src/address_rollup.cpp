#include "address_rollup.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace urlcheck {

namespace {

// Higher is worse; skipped is no verdict and never the worst.
int severity(verdict v) {
    switch (v) {
        case verdict::up: return 1;
        case verdict::degraded: return 2;
        case verdict::unverifiable: return 3;
        case verdict::down: return 4;
        case verdict::skipped: return 0;
        case verdict::pending: return 4;  // never an address's: the engine knows no earlier runs
        // Never an address's: --ack is applied to the entry, after the roll-up.
        case verdict::acknowledged: return 0;
    }
    return 0;
}

// "10.0.0.3:443 refused, [::1]:443 timed out"
std::string failure_list(const std::vector<address_result>& addresses) {
    std::string out;
    for (const auto& a : addresses) {
        if (a.state != verdict::down) continue;
        if (!out.empty()) out += ", ";
        out += a.remote_addr + " " + short_failure(a);
    }
    return out;
}

}  // namespace

std::string short_failure(const address_result& a) {
    switch (a.error) {
        case error_kind::timeout: return "timed out";
        case error_kind::status: return a.status ? fmt::format("HTTP {}", *a.status) : "status";
        case error_kind::connect: {
            // classify's "connection refused", "network unreachable", ...
            std::string_view m = a.message;
            if (m.starts_with("connection ")) m.remove_prefix(11);
            return m.empty() ? std::string("connect") : std::string(m);
        }
        case error_kind::none: return a.reasons.empty() ? std::string(to_string(a.state)) : a.reasons.front();
        default: return std::string(to_string(a.error));
    }
}

address_rollup roll_up(const std::vector<address_result>& addresses, all_addresses_mode mode) {
    address_rollup out;
    if (addresses.empty()) {
        out.error = error_kind::dns;
        out.message = "no address to check";
        out.reasons.push_back(out.message);
        return out;
    }
    const std::size_t total = addresses.size();
    std::size_t worst = 0;
    std::size_t down = 0;
    std::size_t skipped = 0;
    for (std::size_t i = 0; i < total; ++i) {
        if (severity(addresses[i].state) > severity(addresses[worst].state)) worst = i;
        down += addresses[i].state == verdict::down;
        skipped += addresses[i].state == verdict::skipped;
    }
    out.representative = worst;
    const address_result& w = addresses[worst];
    if (total == 1 || skipped == total) {
        // One address is the entry itself; none looked at is the first's skip.
        out.state = w.state;
        out.ok = w.ok;
        out.error = w.error;
        out.message = w.message;
        out.reasons = w.reasons;
        return out;
    }
    const std::size_t checked = total - skipped;
    if (down > 0) {
        const std::string summary = down == checked
                                        ? fmt::format("all {} addresses down: {}", checked, failure_list(addresses))
                                        : fmt::format("{} of {} addresses down: {}", down, total, failure_list(addresses));
        out.reasons.push_back(summary);
        if (down == checked || mode == all_addresses_mode::strict) {
            out.state = verdict::down;
            out.ok = false;
            out.error = w.error;
            out.message = summary;
        } else {
            // The entry answered: its status and timings are an answering
            // address's, so ok, error and status agree.
            const auto answered = std::find_if(addresses.begin(), addresses.end(), [](const address_result& a) {
                return a.state == verdict::up || a.state == verdict::degraded;
            });
            if (answered != addresses.end()) {
                out.state = verdict::degraded;
                out.ok = true;
                out.representative = static_cast<std::size_t>(answered - addresses.begin());
            } else {
                // Some down and the rest would not let a machine look: none
                // is known up, so the entry is not "degraded, ok" but as
                // unverifiable as its answering addresses.
                const auto unverifiable = std::find_if(addresses.begin(), addresses.end(), [](const address_result& a) {
                    return a.state == verdict::unverifiable;
                });
                out.representative = static_cast<std::size_t>(unverifiable - addresses.begin());
                out.state = verdict::unverifiable;
                out.ok = false;
                out.error = unverifiable->error;
                out.message = summary;
            }
        }
    } else {
        out.state = w.state;
        out.ok = w.ok;
        out.error = w.error;
        if (!w.ok) out.message = fmt::format("{}: {}", w.remote_addr, w.message);
    }
    // What the other addresses have to say, each under its address.
    for (const auto& a : addresses) {
        if (a.state == verdict::up || a.state == verdict::skipped || a.state == verdict::down) continue;
        for (const auto& reason : a.reasons) out.reasons.push_back(fmt::format("{}: {}", a.remote_addr, reason));
    }
    if (skipped > 0) {
        out.reasons.push_back(fmt::format("{} of {} addresses not checked: the run deadline (--max-time) came first",
                                          skipped, total));
        if (out.state == verdict::up) out.state = verdict::degraded;
    }
    return out;
}

}  // namespace urlcheck
