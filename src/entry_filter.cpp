#include "entry_filter.hpp"

#include <boost/regex.hpp>
#include <fmt/format.h>

#include <algorithm>

#include "text.hpp"

namespace urlcheck {

struct entry_filter::impl {
    std::vector<std::string> tags;
    std::vector<boost::regex> include;
    std::vector<boost::regex> exclude;
};

namespace {

// Boost.Regex, as for the list's own regexes: no stack overflow on a long
// URL, and an error rather than a hang on runaway backtracking (which then
// counts as no match).
bool found_in(const std::string& text, const boost::regex& re) {
    try {
        return boost::regex_search(text, re);
    } catch (const std::runtime_error&) {
        return false;
    }
}

bool compile_all(const std::vector<std::string>& patterns, std::string_view option, std::vector<boost::regex>& out,
                 std::string* error) {
    for (const auto& p : patterns) {
        try {
            out.emplace_back(p, boost::regex::ECMAScript);
        } catch (const boost::regex_error& e) {
            if (error != nullptr) {
                std::string_view what = e.what();
                what = what.substr(0, what.find("  The error occurred"));
                *error = fmt::format("{}: invalid regex '{}': {}", option, printable(p), printable(what));
            }
            return false;
        }
    }
    return true;
}

}  // namespace

entry_filter::entry_filter() : impl_(std::make_unique<impl>()) {}
entry_filter::~entry_filter() = default;

std::unique_ptr<entry_filter> entry_filter::make(const select_options& options, std::string* error) {
    auto filter = std::make_unique<entry_filter>();
    filter->impl_->tags = options.tags;
    if (!compile_all(options.include, "--include", filter->impl_->include, error)) return nullptr;
    if (!compile_all(options.exclude, "--exclude", filter->impl_->exclude, error)) return nullptr;
    return filter;
}

bool entry_filter::active() const noexcept {
    return !impl_->tags.empty() || !impl_->include.empty() || !impl_->exclude.empty();
}

bool entry_filter::selects(const entry& e) const {
    if (!e.error.empty() || e.target.empty()) return true;
    const impl& f = *impl_;
    if (!f.tags.empty()) {
        const auto& tags = e.options.tags;
        const bool tagged = std::any_of(tags.begin(), tags.end(), [&](const std::string& t) {
            return std::find(f.tags.begin(), f.tags.end(), t) != f.tags.end();
        });
        if (!tagged) return false;
    }
    if (!f.include.empty() &&
        std::none_of(f.include.begin(), f.include.end(), [&](const boost::regex& re) { return found_in(e.target, re); }))
        return false;
    return std::none_of(f.exclude.begin(), f.exclude.end(), [&](const boost::regex& re) { return found_in(e.target, re); });
}

}  // namespace urlcheck
