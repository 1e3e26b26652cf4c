// --state in a run: between the list and the engine it looks each entry up
// (and, under --skip-fresh, keeps a fresh one from the engine); between the
// engine and the reports it turns each result into this run's verdict
// (next_transition), records it, and under --changes-only keeps back what
// did not change, renumbering the rest so the reports' input order holds.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>

#include "state/state_store.hpp"
#include "state_transition.hpp"
#include "urlcheck/options.hpp"
#include "urlcheck/url_list.hpp"

namespace urlcheck {

class run_memory final : public entry_source {
public:
    // Every result, in input order when `changes_only` or skip_fresh asks
    // for renumbering: `listed` says whether the reports get it, and then
    // under which index. False from it stops the run.
    using deliver_fn = std::function<bool(const result& r, std::optional<std::size_t> report_index)>;

    run_memory(state_store& store, entry_source& list, const state_options& options, bool changes_only,
               std::int64_t now_ms);

    // entry_source, for run_checks: the list's entries, less the fresh ones.
    bool next(entry& out) override;
    bool may_repeat(const entry& e) const override { return list_.may_repeat(e); }
    bool repeats_later(const entry& e) override { return list_.repeats_later(e); }

    // The engine's result for its entry `index`: made this run's, recorded,
    // and handed to `deliver` (with what waited for it). False: stop.
    bool take(std::size_t index, const result& engine_result, const deliver_fn& deliver);
    // Results waiting here for an earlier one (the engine counts them
    // against its read-ahead window).
    std::size_t held() const noexcept { return waiting_.size(); }
    // The end of the run: what still waits goes out (an interrupted run
    // leaves gaps), then the transaction commits. False, with `error`, when
    // the state could not be written.
    bool finish(const deliver_fn& deliver, std::string& error);

private:
    struct looked_up {
        std::size_t position;  // in the list, counting fresh entries too
        std::string key;
        std::string url;
        std::optional<state_record> record;
    };
    struct ready {
        result r;
        bool listed;
    };
    result from_state(const entry& e, const state_record& record) const;
    bool release(const deliver_fn& deliver);

    state_store& store_;
    entry_source& list_;
    state_options options_;
    transition_rules rules_;
    bool changes_only_;
    bool in_order_;  // renumbered for the reports: changes_only_ or --skip-fresh
    std::int64_t now_ms_;
    std::size_t next_position_ = 0;
    std::size_t engine_index_ = 0;
    std::unordered_map<std::size_t, looked_up> running_;  // by engine index
    std::map<std::size_t, ready> waiting_;                // by position, in_order_ only
    std::size_t next_to_release_ = 0;
    std::size_t reported_ = 0;
};

}  // namespace urlcheck
