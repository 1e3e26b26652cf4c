#include "ack.hpp"

#include <boost/regex.hpp>
#include <fmt/format.h>

#include <algorithm>

#include "text.hpp"
#include "urlcheck/summary.hpp"

namespace urlcheck {

namespace {

struct compiled_rule {
    ack_rule rule;
    std::string target;  // a url rule's URL normalised as a list line's would be; empty if it is not one
    std::optional<boost::regex> regex;
};

bool matches(const compiled_rule& c, const entry& e) {
    switch (c.rule.by) {
        case ack_rule::match_by::url:
            return e.url == c.rule.pattern || (!e.target.empty() && e.target == c.target);
        case ack_rule::match_by::regex:
            if (e.target.empty()) return false;
            // As --include: runaway backtracking is an error, taken as no match.
            try {
                return boost::regex_search(e.target, *c.regex);
            } catch (const std::runtime_error&) {
                return false;
            }
        case ack_rule::match_by::tag: {
            const auto& tags = e.options.tags;
            return std::find(tags.begin(), tags.end(), c.rule.pattern) != tags.end();
        }
    }
    return false;
}

}  // namespace

struct ack_matcher::impl {
    std::vector<compiled_rule> compiled;
    std::vector<ack_rule> rules;
};

ack_matcher::ack_matcher(std::unique_ptr<impl> impl) : impl_(std::move(impl)) {}
ack_matcher::~ack_matcher() = default;

std::unique_ptr<ack_matcher> ack_matcher::make(std::vector<ack_rule> rules, std::string* error) {
    auto state = std::make_unique<impl>();
    for (const auto& rule : rules) {
        compiled_rule c{rule, {}, std::nullopt};
        if (rule.by == ack_rule::match_by::url) c.target = make_entry(rule.pattern, "").target;
        if (rule.by == ack_rule::match_by::regex) {
            try {
                c.regex.emplace(rule.pattern, boost::regex::ECMAScript);
            } catch (const boost::regex_error& e) {
                std::string_view what = e.what();
                what = what.substr(0, what.find("  The error occurred"));
                if (error != nullptr)
                    *error = fmt::format("{}: regex: invalid regex '{}': {}", rule.source, printable(rule.pattern),
                                         printable(what));
                return nullptr;
            }
        }
        state->compiled.push_back(std::move(c));
    }
    state->rules = std::move(rules);
    return std::unique_ptr<ack_matcher>(new ack_matcher(std::move(state)));
}

std::optional<std::size_t> ack_matcher::match(const entry& e, std::int64_t now_unix_ms) const {
    std::optional<std::size_t> expired;
    for (std::size_t i = 0; i < impl_->compiled.size(); ++i) {
        const compiled_rule& c = impl_->compiled[i];
        if (!matches(c, e)) continue;
        if (is_active(c.rule, now_unix_ms)) return i;
        if (!expired) expired = i;
    }
    return expired;
}

const std::vector<ack_rule>& ack_matcher::rules() const noexcept { return impl_->rules; }

bool is_active(const ack_rule& rule, std::int64_t now_unix_ms) noexcept {
    return !rule.until_unix_ms || now_unix_ms < *rule.until_unix_ms;
}

ack_outcome acknowledge(result& r, const ack_rule& rule, std::int64_t now_unix_ms, const fail_on_states& fail_on) {
    if (!is_active(rule, now_unix_ms)) return ack_outcome::failing;
    if (!fails_run(r.state, fail_on)) return ack_outcome::passing;
    r.state = verdict::acknowledged;
    r.ack = acknowledgement{rule.reason, rule.until, rule.source};
    return ack_outcome::acknowledged;
}

std::string describe(const ack_rule& rule) {
    switch (rule.by) {
        case ack_rule::match_by::url: return printable(rule.pattern);
        case ack_rule::match_by::regex: return fmt::format("regex '{}'", printable(rule.pattern));
        case ack_rule::match_by::tag: return fmt::format("tag '{}'", printable(rule.pattern));
    }
    return {};
}

std::string expired_notice(const ack_rule& rule) {
    return fmt::format("{}: ack for {} expired at {}; {} again", rule.source, describe(rule), rule.until,
                       rule.by == ack_rule::match_by::url ? "the entry counts" : "its entries count");
}

bool ack_source::next(entry& out) {
    if (!inner_.next(out)) return false;
    if (const auto rule = matcher_.match(out, now_unix_ms_)) matched_.emplace(out.source + '\n' + out.url, *rule);
    return true;
}

std::optional<std::size_t> ack_source::take(const result& r) {
    if (matched_.empty()) return std::nullopt;
    const auto found = matched_.find(r.source + '\n' + r.url);
    if (found == matched_.end()) return std::nullopt;
    const std::size_t rule = found->second;
    matched_.erase(found);
    return rule;
}

}  // namespace urlcheck
