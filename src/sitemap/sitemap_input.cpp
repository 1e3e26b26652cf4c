#include "sitemap/sitemap_input.hpp"

#include <fmt/format.h>

#include "entry_filter.hpp"
#include "list_fingerprint.hpp"
#include "list_reader.hpp"
#include "repeat_counter.hpp"

namespace urlcheck {

entry sitemap_entry(const sitemap_loc& loc, std::string_view source_name) {
    std::string source = fmt::format("{}:{}", source_name, loc.line);
    if (loc.url.empty()) {
        entry e;
        e.source = std::move(source);
        e.error = "empty <loc>";
        return e;
    }
    entry e = make_entry(loc.url, std::move(source));
    // Its column would count from the <loc>'s text (entities decoded), not
    // the file's line: --lint gives FILE:LINE alone.
    e.error_column = 0;
    return e;
}

sitemap_scan scan_sitemap(const sitemap_document& doc, std::string_view shown, const entry_filter* filter,
                          repeat_counter* repeats, list_fingerprint* fingerprint) {
    sitemap_scan scan;
    sitemap_stream stream(doc.file.get(), doc.offset, doc.length);
    sitemap_loc loc;
    while (stream.next(loc)) {
        if (stream.kind() == sitemap_kind::index) break;
        // Filtering needs the entry, which is only paid for with a filter.
        const auto choice =
            filter != nullptr ? filter->choose(sitemap_entry(loc, doc.source)) : entry_filter::choice::checked;
        if (choice == entry_filter::choice::left_out) {
            ++scan.left_out;
            continue;
        }
        if (fingerprint != nullptr) fingerprint->add(loc.url);
        if (choice == entry_filter::choice::other_shard) {
            ++scan.other_shard;
            continue;
        }
        if (repeats != nullptr) repeats->add(repeat_key(loc.url));
        ++scan.found;
    }
    if (stream.kind() == sitemap_kind::index) {
        scan.error =
            fmt::format("{}: is a sitemap index: give it as --sitemap {} to check the sitemaps it lists", shown, shown);
    } else if (!stream.error().empty()) {
        scan.error = fmt::format("{}: {}", shown, stream.error());
    } else if (scan.found == 0 && scan.left_out == 0 && scan.other_shard == 0) {
        scan.error = fmt::format("{}: no <loc> found in the sitemap", shown);
    }
    return scan;
}

}  // namespace urlcheck
