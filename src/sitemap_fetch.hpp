// Downloading the sitemaps of --sitemap, before the run: each one, and each
// sitemap an index lists, with the checks' own HTTP stack and settings
// (--timeout, --cacert, --insecure, --resolve, -H, redirects), into one
// unnamed spool file. The run's io_context never waits on a download: this
// runs an io_context of its own, to completion, before the checks start.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sitemap/sitemap_reader.hpp"
#include "urlcheck/options.hpp"

namespace urlcheck {

struct fetched_sitemaps {
    // In the order given, an index replaced by the sitemaps it lists, each
    // named by its URL (or path).
    std::vector<sitemap_document> documents;
    // Each names the location that failed; any error makes the run exit 2
    // before checking, as an unreadable INPUT does.
    std::vector<std::string> errors;
};

// `locations`: http(s) URLs or local paths, each a sitemap or a sitemap
// index. An index may list only sitemaps (sitemaps.org): a listed index is
// an error, and so is an index listing itself; a sitemap listed twice is
// read once. A download stops at `max_bytes` (an error: sitemaps.org's
// limit), and, like a check's attempt, at --timeout.
fetched_sitemaps fetch_sitemaps(const std::vector<std::string>& locations, const check_options& options,
                                std::uint64_t max_bytes = sitemap_max_bytes);

}  // namespace urlcheck
