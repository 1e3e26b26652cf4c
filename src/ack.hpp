// --ack: which entry an acknowledgement covers, and what it does to that
// entry's result. Pure: the time is an argument (the run's start, so one
// run never sees an ack half expired). The app wires it between the
// engine's results and the reports; the engine never learns of it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "urlcheck/ack.hpp"
#include "urlcheck/options.hpp"
#include "urlcheck/result.hpp"
#include "urlcheck/url_list.hpp"

namespace urlcheck {

class ack_matcher {
public:
    // Compiles the regexes (ECMAScript, as --include). A bad one sets
    // `error` ("FILE:LINE: regex: invalid regex '...': ...") and returns
    // nullptr.
    static std::unique_ptr<ack_matcher> make(std::vector<ack_rule> rules, std::string* error = nullptr);
    ~ack_matcher();
    ack_matcher(const ack_matcher&) = delete;
    ack_matcher& operator=(const ack_matcher&) = delete;

    // The rule that covers `e` at `now_unix_ms`: the first active one that
    // matches, else the first expired one (so its expiry can be told), else
    // none. An invalid entry is matched by its written URL only.
    std::optional<std::size_t> match(const entry& e, std::int64_t now_unix_ms) const;
    const std::vector<ack_rule>& rules() const noexcept;

    struct impl;

private:
    explicit ack_matcher(std::unique_ptr<impl> impl);
    std::unique_ptr<impl> impl_;
};

// What an ack did to one result.
enum class ack_outcome {
    failing,       // expired: the result stands and counts again
    acknowledged,  // the result would fail the run; now `acknowledged`
    passing,       // active, but the result does not fail the run: unchanged
};

bool is_active(const ack_rule& rule, std::int64_t now_unix_ms) noexcept;

// Applies `rule` (which matched r's entry) to `r` at `now_unix_ms`: a
// result that fails the run (down, or a state --fail-on names) becomes
// acknowledged with the rule's reason and until, keeping its error kind,
// message and status. Nothing else changes.
ack_outcome acknowledge(result& r, const ack_rule& rule, std::int64_t now_unix_ms, const fail_on_states& fail_on);

// "acks.toml:4: ack for https://x/ expired at 2026-12-24T18:00:00Z; the
// entry counts again": said once per run for each expired ack that matched.
std::string expired_notice(const ack_rule& rule);

// The entries the engine pulls, passed through unchanged, with the ack (if
// any) each one matched remembered until its result comes (take): a result
// does not say its tags. Remembered by the entry's source and URL, which its
// result carries too, not by an index: under --state the engine's indexes
// and the reports' are not the list's. Only matched entries are kept, and
// only until their result, so memory follows the checks in flight.
class ack_source final : public entry_source {
public:
    ack_source(entry_source& inner, const ack_matcher& matcher, std::int64_t now_unix_ms)
        : inner_(inner), matcher_(matcher), now_unix_ms_(now_unix_ms) {}
    bool next(entry& out) override;
    bool may_repeat(const entry& e) const override { return inner_.may_repeat(e); }
    bool repeats_later(const entry& e) override { return inner_.repeats_later(e); }
    // The rule the entry of result `r` matched, forgotten once taken.
    std::optional<std::size_t> take(const result& r);

private:
    entry_source& inner_;
    const ack_matcher& matcher_;
    std::int64_t now_unix_ms_;
    // By source and URL; a multimap because one line of a document may
    // hold the same link twice.
    std::unordered_multimap<std::string, std::size_t> matched_;
};

}  // namespace urlcheck
