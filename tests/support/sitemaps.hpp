// Sitemaps for tests: a <urlset> or <sitemapindex> of given URLs, and gzip
// in memory for the .gz ones (zlib comes with the sitemap reader).
#pragma once

#include <zlib.h>

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace urlcheck::test {

inline std::string gzip(std::string_view data) {
    z_stream z{};
    // 15 + 16: a gzip wrapper.
    if (deflateInit2(&z, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) != Z_OK)
        throw std::runtime_error("deflateInit2");
    std::string out(deflateBound(&z, static_cast<uLong>(data.size())), '\0');
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    z.avail_in = static_cast<uInt>(data.size());
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = static_cast<uInt>(out.size());
    const int status = deflate(&z, Z_FINISH);
    deflateEnd(&z);
    if (status != Z_STREAM_END) throw std::runtime_error("deflate");
    out.resize(out.size() - z.avail_out);
    return out;
}

// Each <loc> on a line of its own: the first on line 4, then every 3 lines.
inline std::string urlset_of(const std::vector<std::string>& urls) {
    std::string xml =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n";
    for (const auto& url : urls) xml += "  <url>\n    <loc>" + url + "</loc>\n  </url>\n";
    return xml + "</urlset>\n";
}

// Each <loc> on a line of its own, from line 2.
inline std::string index_of(const std::vector<std::string>& urls) {
    std::string xml = "<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n";
    for (const auto& url : urls) xml += "<sitemap><loc>" + url + "</loc></sitemap>\n";
    return xml + "</sitemapindex>\n";
}

}  // namespace urlcheck::test
