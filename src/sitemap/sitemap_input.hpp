// What list_reader does with a sitemap INPUT: count it in its scan, and
// turn each <loc> into an entry ("sitemap.xml:12", "https://x/sitemap.xml:12").
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sitemap/sitemap_reader.hpp"
#include "urlcheck/url_list.hpp"

namespace urlcheck {

class entry_filter;
class list_fingerprint;
class repeat_counter;

struct sitemap_scan {
    std::size_t found = 0;     // <loc>s the filter selects
    std::size_t left_out = 0;  // <loc>s it leaves out
    std::size_t other_shard = 0;  // <loc>s of the other shards (--shard)
    std::string error;         // names the sitemap; empty when it can be read
};

// Reads all of `doc` once: counts its <loc>s and adds their repeat keys
// to `repeats` (null: --no-dedup).
// An error for a sitemap that is not well-formed, too large, without a
// <loc>, or an index (`shown`: how messages name it): an index is followed
// only when given with --sitemap, which downloads what it lists first.
// Each <loc> the filter does not leave out is added to `fingerprint`.
sitemap_scan scan_sitemap(const sitemap_document& doc, std::string_view shown, const entry_filter* filter,
                          repeat_counter* repeats, list_fingerprint* fingerprint = nullptr);

// The entry of one <loc> of the sitemap named `source_name`.
entry sitemap_entry(const sitemap_loc& loc, std::string_view source_name);

}  // namespace urlcheck
