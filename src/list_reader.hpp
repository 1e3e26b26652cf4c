// Streams the entries of every INPUT (files, standard input, literal URLs)
// in order, holding one line at a time: a million-line list costs a few MiB,
// not hundreds.
#pragma once

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "line_reader.hpp"
#include "sitemap/sitemap_reader.hpp"
#include "urlcheck/url_list.hpp"

namespace urlcheck {

class entry_filter;

struct input_error {
    std::string message;  // names the input, e.g. "cannot read urls.txt: No such file"
};

class list_reader final : public entry_source {
public:
    // Scans every input once before anything is checked, so an unreadable
    // file or an input without URLs is a usage error up front (`errors`;
    // the reader then serves the other inputs), never halfway through a run.
    // Standard input (`stdin_file`, for "-") is spooled to a temporary file
    // on the way, so it can be read a second time like a file.
    // With a `filter` (which must outlive the reader), entries it does not
    // select are skipped, in the scan and in the reads, and only counted
    // (filtered()).
    // An input whose first block is a sitemap's (looks_like_sitemap) is read
    // as one: its <loc>s are the entries. `sitemaps` (downloaded by
    // sitemap_fetch.hpp) are read after the inputs, in their order.
    static std::unique_ptr<list_reader> open(const std::vector<std::string>& inputs, std::FILE* stdin_file,
                                             std::vector<input_error>& errors, const entry_filter* filter = nullptr,
                                             std::vector<sitemap_document> sitemaps = {});
    ~list_reader() override;

    bool next(entry& out) override;
    bool may_repeat(const entry& e) const override;

    // Entries in all inputs (valid and invalid) that the filter selects.
    std::size_t total() const noexcept { return total_; }
    // Entries the filter left out.
    std::size_t filtered() const noexcept { return filtered_; }

    struct input;  // one INPUT: a literal URL or an open file

private:
    list_reader() = default;

    // Reads all of an opened file once: counts its entries, notes the keys
    // of its URLs, finds a read error or an input without URLs (false,
    // `errors`), then rewinds it for next().
    bool scan(input& in, std::vector<std::uint64_t>& keys, std::vector<input_error>& errors);

    std::vector<std::unique_ptr<input>> inputs_;
    // The files are read one after the other, in the scan and in next(),
    // so one reader (and its line buffer) serves them all.
    line_reader lines_;
    std::size_t current_ = 0;
    std::size_t total_ = 0;
    std::size_t filtered_ = 0;
    const entry_filter* filter_ = nullptr;  // null or inactive: every entry
    // Keys of URLs listed more than once (sorted): only their results are
    // kept for the repeats. A key may over-approximate (lower-cased path),
    // which costs a kept result, never a wrong one.
    std::vector<std::uint64_t> repeated_;
};

// The key under which list_reader spots repeats of a written URL.
std::uint64_t repeat_key(std::string_view written);

// Whether the first block of an input (`whole`: all of it) is no list: it
// has a NUL byte or is not UTF-8. A character cut by the end of a block that
// is not the whole input is no reason. list_reader refuses such an input.
bool looks_binary(std::string_view block, bool whole) noexcept;

}  // namespace urlcheck
