// The sitemap reader over arbitrary bytes (XML or gzip): it must never
// crash, read the same <loc>s and error however the bytes are split into
// chunks, keep every <loc> within its bounds, and turn each into an entry
// that is a fetchable URL or an error, as a list line is.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_check.hpp"
#include "sitemap/sitemap_input.hpp"
#include "sitemap/sitemap_reader.hpp"

namespace {

// Small enough that a gzip bomb is caught in milliseconds.
constexpr std::uint64_t fuzz_max_bytes = 1 << 20;

struct outcome {
    std::vector<urlcheck::sitemap_loc> locs;
    urlcheck::sitemap_kind kind = urlcheck::sitemap_kind::unknown;
    std::string error;
};

outcome read(std::string_view bytes, std::size_t chunk) {
    urlcheck::sitemap_reader reader(fuzz_max_bytes);
    outcome out;
    bool ok = true;
    for (std::size_t at = 0; ok && at < bytes.size(); at += chunk) {
        ok = reader.feed(bytes.substr(at, chunk));
        for (auto& loc : reader.locs()) out.locs.push_back(std::move(loc));
        reader.locs().clear();
    }
    if (ok) ok = reader.finish();
    for (auto& loc : reader.locs()) out.locs.push_back(std::move(loc));
    FUZZ_CHECK(ok == reader.error().empty());
    out.kind = reader.kind();
    out.error = reader.error();
    return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    // The first byte picks the chunk size of the second reading.
    const std::size_t chunk = 1 + data[0] % 61;
    const std::string_view bytes(reinterpret_cast<const char*>(data) + 1, size - 1);

    const outcome whole = read(bytes, bytes.size() + 1);
    const outcome pieces = read(bytes, chunk);
    // A broken file is broken however it is read, and the <loc>s before
    // the break are the same. Broken gzip yields a different amount of text
    // before its error depending on the chunks, and the cap stops parsing
    // at a point that depends on them: only there may the <loc>s differ.
    // The wording of the error may (expat words junk after the root
    // element as "not well-formed" or "junk after document element").
    const bool gzip = bytes.size() >= 2 && static_cast<unsigned char>(bytes[0]) == 0x1f &&
                      static_cast<unsigned char>(bytes[1]) == 0x8b;
    FUZZ_CHECK(whole.error.empty() == pieces.error.empty());
    const bool capped =
        whole.error.find("larger than") != std::string::npos || pieces.error.find("larger than") != std::string::npos;
    if (!capped && (!gzip || whole.error.empty())) {
        FUZZ_CHECK(whole.kind == pieces.kind);
        FUZZ_CHECK(whole.locs.size() == pieces.locs.size());
        for (std::size_t i = 0; i < whole.locs.size(); ++i) {
            FUZZ_CHECK(whole.locs[i].url == pieces.locs[i].url);
            FUZZ_CHECK(whole.locs[i].line == pieces.locs[i].line);
        }
    }
    if (whole.kind == urlcheck::sitemap_kind::unknown) FUZZ_CHECK(whole.locs.empty());

    std::uint64_t previous = 1;
    for (const auto& loc : whole.locs) {
        FUZZ_CHECK(loc.url.size() <= urlcheck::sitemap_loc_kept);
        FUZZ_CHECK(loc.line >= previous);  // in document order
        previous = loc.line;
        // Plain XML: the line exists (expat counts CR, LF and CRLF).
        if (!gzip) {
            std::uint64_t lines = 1;
            for (std::size_t i = 0; i < bytes.size(); ++i)
                if (bytes[i] == '\n' || (bytes[i] == '\r' && (i + 1 == bytes.size() || bytes[i + 1] != '\n'))) ++lines;
            FUZZ_CHECK(loc.line <= lines);
        }
        const urlcheck::entry e = urlcheck::sitemap_entry(loc, "sitemap.xml");
        FUZZ_CHECK(e.source == "sitemap.xml:" + std::to_string(loc.line));
        FUZZ_CHECK(e.target.empty() != e.error.empty());
    }
    // Detection agrees with the reader on what it read.
    if (!gzip && whole.kind != urlcheck::sitemap_kind::unknown && bytes.size() <= 8 * 1024)
        FUZZ_CHECK(urlcheck::looks_like_sitemap(bytes));
    return 0;
}
