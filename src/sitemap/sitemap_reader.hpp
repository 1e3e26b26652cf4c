// Reading a sitemap (sitemaps.org: <urlset>) or a sitemap index
// (<sitemapindex>) as a stream: bytes in, plain or gzip-compressed, and the
// text of each <loc> out with the line it is on, holding only what one
// <loc> needs. Expat does the XML (a push parser: any chunk of bytes can be
// fed, and it knows the line it is on), zlib the gzip. No DTD is accepted,
// so no entity is ever expanded or fetched.
#pragma once

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace urlcheck {

// sitemaps.org's limit for one file, uncompressed: 52,428,800 bytes. It is
// what a download may be and what a file may decompress to (a gzip bomb
// stops here).
inline constexpr std::uint64_t sitemap_max_bytes = 50ULL * 1024 * 1024;

// "larger than 50 MiB (the sitemaps.org limit)", for a file over
// `max_bytes`; `uncompressed`: says that it is the uncompressed size.
std::string too_large_message(std::uint64_t max_bytes, bool uncompressed);

enum class sitemap_kind {
    unknown,  // no root element read yet, or it is not a sitemap's
    urlset,   // <urlset>: its <loc>s are the pages to check
    index,    // <sitemapindex>: its <loc>s are sitemaps
};

struct sitemap_loc {
    // The text of the <loc>, entities and CDATA decoded, whitespace around
    // it trimmed. At most sitemap_loc_kept bytes: a longer one is kept cut,
    // which still reads as a URL too long.
    std::string url;
    std::uint64_t line = 0;  // of its start tag, from 1, in the uncompressed text
};

// max_url_length (url_list.hpp) and one byte more.
inline constexpr std::size_t sitemap_loc_kept = 8 * 1024 + 1;

class sitemap_reader {
public:
    // `max_bytes`: the most uncompressed XML accepted.
    explicit sitemap_reader(std::uint64_t max_bytes = sitemap_max_bytes);
    ~sitemap_reader();
    sitemap_reader(const sitemap_reader&) = delete;
    sitemap_reader& operator=(const sitemap_reader&) = delete;

    // The next bytes of the file as stored; its first two bytes say whether
    // it is gzip. False once the file is in error (error()).
    bool feed(std::string_view bytes);
    // The end of the file: false if it is cut short, not XML or not a
    // sitemap.
    bool finish();

    // The <loc>s read since the caller last cleared this: the caller takes
    // them and clears it, so only one chunk's worth is ever held.
    std::vector<sitemap_loc>& locs() noexcept;
    sitemap_kind kind() const noexcept;
    // Empty, or e.g. "line 12: mismatched tag".
    const std::string& error() const noexcept;

    struct impl;

private:
    std::unique_ptr<impl> impl_;
};

// Whether the first block of a file is a sitemap's: gzip (whatever it
// holds: as a list it could only be refused as binary) or XML whose root
// element is <urlset> or <sitemapindex>.
bool looks_like_sitemap(std::string_view first_block);

// A sitemap on this machine, read by list_reader: a file INPUT, or one that
// was downloaded (sitemap_fetch.hpp), then `length` bytes at `offset` of
// the one spool file the run's downloads share (one descriptor for an index
// of a thousand sitemaps).
struct sitemap_document {
    std::string source;  // the FILE of its entries' FILE:LINE: a path, or the URL it came from
    std::shared_ptr<std::FILE> file;
    std::uint64_t offset = 0;
    std::uint64_t length = UINT64_MAX;
};

// A sitemap in a file: `length` bytes from `offset` (to the end of the file
// by default), read a chunk at a time.
class sitemap_stream {
public:
    sitemap_stream(std::FILE* file, std::uint64_t offset = 0, std::uint64_t length = UINT64_MAX,
                   std::uint64_t max_bytes = sitemap_max_bytes);
    // The next <loc>, or false at the end of the sitemap or on an error
    // (error()).
    bool next(sitemap_loc& out);
    // Empty at a clean end; e.g. "line 3: not well-formed (invalid token)".
    const std::string& error() const noexcept { return error_; }
    sitemap_kind kind() const noexcept { return reader_.kind(); }

private:
    std::FILE* file_;
    std::uint64_t offset_;
    std::uint64_t left_;
    sitemap_reader reader_;
    std::size_t taken_ = 0;  // of reader_.locs()
    bool started_ = false;
    bool ended_ = false;
    std::string error_;
};

}  // namespace urlcheck
