#include "state/run_memory.hpp"

#include <utility>

#include "check_spec.hpp"
#include "job_table.hpp"

namespace urlcheck {

run_memory::run_memory(state_store& store, entry_source& list, const state_options& options, bool changes_only,
                       std::int64_t now_ms)
    : store_(store),
      list_(list),
      options_(options),
      rules_{options.fail_after, options.recover_after,
             options.remind_every.count() > 0 ? std::optional(options.remind_every) : std::nullopt},
      changes_only_(changes_only),
      in_order_(changes_only || options.skip_fresh.count() > 0),
      now_ms_(now_ms) {}

bool run_memory::next(entry& out) {
    while (list_.next(out)) {
        // The engine's own dedup key: the same URL with other line options
        // is another check, and so another record.
        looked_up entry_state{next_position_++, check_key(out.target.empty() ? out.url : out.target, spec_key(out.options)),
                              out.url, std::nullopt};
        entry_state.record = store_.find(entry_state.key);
        const auto& record = entry_state.record;
        if (options_.skip_fresh.count() > 0 && record && record->state == verdict::up && record->last_up_ms > 0 &&
            now_ms_ - record->last_up_ms < options_.skip_fresh.count() && !out.target.empty()) {
            // Not a change: listed unless --changes-only.
            waiting_.emplace(entry_state.position, ready{from_state(out, *record), !changes_only_});
            continue;
        }
        running_.emplace(engine_index_++, std::move(entry_state));
        return true;
    }
    return false;
}

// --skip-fresh: the entry as the state has it, not checked again.
result run_memory::from_state(const entry& e, const state_record& record) const {
    result r;
    r.url = e.url;
    r.final_url = e.target;
    r.source = e.source;
    r.ok = true;
    r.state = verdict::up;
    struct history h;
    h.previous_state = record.settled;
    h.since_unix_ms = record.last_up_ms;
    h.consecutive_up = record.consecutive_up;
    h.fresh = true;
    r.history = h;
    return r;
}

bool run_memory::take(std::size_t index, const result& engine_result, const deliver_fn& deliver) {
    const auto it = running_.find(index);
    result r = engine_result;
    bool listed = true;
    if (it != running_.end()) {
        looked_up& entry_state = it->second;
        const state_record* previous = entry_state.record ? &*entry_state.record : nullptr;
        if (previous != nullptr && previous->last_checked_ms == now_ms_) {
            // Listed again in this run, after its first listing was recorded:
            // the same verdict, counted once.
            r.state = previous->state;
            struct history h;
            h.since_unix_ms = previous->since_ms;
            h.consecutive_down = previous->consecutive_down;
            h.consecutive_up = previous->consecutive_up;
            r.history = h;
            listed = false;
        } else {
            transition t = next_transition(previous, engine_result.state, engine_result.message, now_ms_, rules_);
            r.state = t.state;
            if (!t.reason.empty()) r.reasons.push_back(t.reason);
            r.history = t.history;
            listed = t.listed;
            if (t.next) store_.put(entry_state.key, entry_state.url, *t.next);
        }
        const std::size_t position = entry_state.position;
        running_.erase(it);
        if (in_order_) {
            waiting_.emplace(position, ready{std::move(r), !changes_only_ || listed});
            return release(deliver);
        }
    }
    return deliver(r, !changes_only_ || listed ? std::optional(index) : std::nullopt);
}

// Hands on every result whose earlier ones are all out.
bool run_memory::release(const deliver_fn& deliver) {
    for (auto it = waiting_.begin(); it != waiting_.end() && it->first == next_to_release_; it = waiting_.erase(it)) {
        ++next_to_release_;
        const auto index = it->second.listed ? std::optional(reported_++) : std::nullopt;
        if (!deliver(it->second.r, index)) return false;
    }
    return true;
}

bool run_memory::finish(const deliver_fn& deliver, std::string& error) {
    bool delivered = true;
    for (auto& [position, waiting] : waiting_) {
        if (!delivered) break;
        const auto index = waiting.listed ? std::optional(reported_++) : std::nullopt;
        delivered = deliver(waiting.r, index);
    }
    waiting_.clear();
    return store_.commit(error);
}

}  // namespace urlcheck
