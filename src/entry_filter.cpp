#include "entry_filter.hpp"

#include <boost/regex.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>

#include "shard.hpp"
#include "text.hpp"

namespace urlcheck {

struct entry_filter::impl {
    std::vector<std::string> tags;
    std::vector<boost::regex> include;
    std::vector<boost::regex> exclude;
    shard_options shard;
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

// The regexes of an exclusion file (--exclude-file, .urlcheckignore): one
// a line, surrounding whitespace trimmed, blank lines and lines starting
// with '#' skipped (a '#' later on is part of the regex). A bad regex or
// an unreadable file sets `error` ("FILE:LINE: invalid regex ...").
bool compile_file(const std::string& path, std::vector<boost::regex>& out, std::string* error) {
    errno = 0;
    std::ifstream file(path);
    if (!file) {
        if (error != nullptr)
            *error = fmt::format("--exclude-file: cannot read {}: {}", printable(path),
                                 std::strerror(errno != 0 ? errno : ENOENT));
        return false;
    }
    std::string line;
    for (std::size_t number = 1; std::getline(file, line); ++number) {
        const std::string pattern(trim(line));
        if (pattern.empty() || pattern.front() == '#') continue;
        std::string why;
        std::vector<boost::regex> one;
        if (!compile_all({pattern}, "", one, &why)) {
            // compile_all says ": invalid regex ..." after the empty option name.
            if (error != nullptr) *error = fmt::format("{}:{}{}", printable(path), number, why);
            return false;
        }
        out.push_back(std::move(one.front()));
    }
    if (file.bad()) {
        if (error != nullptr) *error = fmt::format("--exclude-file: cannot read {}", printable(path));
        return false;
    }
    return true;
}

}  // namespace

entry_filter::entry_filter() : impl_(std::make_unique<impl>()) {}
entry_filter::~entry_filter() = default;

std::unique_ptr<entry_filter> entry_filter::make(const select_options& options, std::string* error) {
    auto filter = std::make_unique<entry_filter>();
    filter->impl_->tags = options.tags;
    filter->impl_->shard = options.shard;
    if (!compile_all(options.include, "--include", filter->impl_->include, error)) return nullptr;
    if (!compile_all(options.exclude, "--exclude", filter->impl_->exclude, error)) return nullptr;
    for (const auto& path : options.exclude_files) {
        if (!compile_file(path, filter->impl_->exclude, error)) return nullptr;
    }
    if (!options.ignore_file.empty() && !compile_file(options.ignore_file, filter->impl_->exclude, error))
        return nullptr;
    return filter;
}

bool entry_filter::active() const noexcept {
    return !impl_->tags.empty() || !impl_->include.empty() || !impl_->exclude.empty() || sharded();
}

bool entry_filter::sharded() const noexcept { return impl_->shard.count > 1; }

entry_filter::choice entry_filter::choose(const entry& e) const {
    if (!chosen(e)) return choice::left_out;
    if (sharded() && shard_of(e, impl_->shard.count) != impl_->shard.index) return choice::other_shard;
    return choice::checked;
}

bool entry_filter::chosen(const entry& e) const {
    if (!e.error.empty() || e.target.empty()) return true;
    const impl& f = *impl_;
    if (!f.tags.empty()) {
        const auto& tags = e.options.tags;
        const bool tagged = std::any_of(tags.begin(), tags.end(), [&](const std::string& t) {
            return std::find(f.tags.begin(), f.tags.end(), t) != f.tags.end();
        });
        if (!tagged) return false;
    }
    // A URL written with non-ASCII characters is fetched as its A-label and
    // percent-encoded form (idn.hpp): a pattern may name either.
    const bool written_differs =
        std::any_of(e.url.begin(), e.url.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
    const auto found = [&](const boost::regex& re) {
        return found_in(e.target, re) || (written_differs && found_in(e.url, re));
    };
    if (!f.include.empty() && std::none_of(f.include.begin(), f.include.end(), found)) return false;
    return std::none_of(f.exclude.begin(), f.exclude.end(), found);
}

}  // namespace urlcheck
