// Which entries of the lists are checked at all: --select-tag, --include,
// --exclude and the exclusion files (--exclude-file, ./.urlcheckignore);
// then --shard.
// Entries left out are neither checked nor reported, only counted
// (summary.filtered).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "urlcheck/options.hpp"
#include "urlcheck/url_list.hpp"

namespace urlcheck {

class entry_filter {
public:
    // Selects everything.
    entry_filter();
    // Compiles the regexes (ECMAScript), those of the exclusion files
    // (--exclude-file, ./.urlcheckignore: one a line, '#' comments) with
    // --exclude's; on failure sets `error`, naming the option or FILE:LINE,
    // and returns nullptr.
    static std::unique_ptr<entry_filter> make(const select_options& options, std::string* error = nullptr);
    ~entry_filter();
    entry_filter(const entry_filter&) = delete;
    entry_filter& operator=(const entry_filter&) = delete;

    // True when `e` is to be checked. Invalid entries always are (their tags
    // and URL are unknown, and a bad line is never silently dropped). The
    // regexes are searched for in the normalised URL (entry::target, e.g.
    // "https://example.org/status" for "example.org/status").
    bool selects(const entry& e) const { return choose(e) == choice::checked; }
    bool active() const noexcept;

    // What becomes of an entry: checked, left out by the selection above,
    // or checked by another shard (--shard, shard.hpp: after the selection,
    // so every shard leaves out the same entries).
    enum class choice { checked, left_out, other_shard };
    choice choose(const entry& e) const;
    // Entries of the other shards are counted apart (list_reader), never as
    // left out: they are checked, only elsewhere.
    bool sharded() const noexcept;

    struct impl;

private:
    // --select-tag, --include, --exclude alone.
    bool chosen(const entry& e) const;

    std::unique_ptr<impl> impl_;
};

}  // namespace urlcheck
