#include "sitemap/sitemap_reader.hpp"

#include <expat.h>
#include <fmt/format.h>
#include <zlib.h>

#include <array>
#include <cerrno>
#include <cstring>

namespace urlcheck {

namespace {

// Expat's separator between a name's namespace and its local part, in
// names it reports: "http://www.sitemaps.org/schemas/sitemap/0.9|loc".
constexpr char namespace_separator = '|';

struct qualified_name {
    std::string_view space;  // empty: no namespace
    std::string_view local;
};

qualified_name split_name(const XML_Char* name) {
    const std::string_view whole(name);
    const std::size_t bar = whole.rfind(namespace_separator);
    if (bar == std::string_view::npos) return {{}, whole};
    return {whole.substr(0, bar), whole.substr(bar + 1)};
}

std::string_view trim_xml_space(std::string_view s) {
    constexpr std::string_view space = " \t\r\n";
    const std::size_t first = s.find_first_not_of(space);
    if (first == std::string_view::npos) return {};
    return s.substr(first, s.find_last_not_of(space) - first + 1);
}

}  // namespace

std::string too_large_message(std::uint64_t max_bytes, bool uncompressed) {
    const std::string size = max_bytes % (1024 * 1024) == 0 ? fmt::format("{} MiB", max_bytes / (1024 * 1024))
                                                            : fmt::format("{} bytes", max_bytes);
    return fmt::format("larger than {}{} (the sitemaps.org limit)", size, uncompressed ? " uncompressed" : "");
}

struct sitemap_reader::impl {
    explicit impl(std::uint64_t max) : max_bytes(max) {
        parser = XML_ParserCreateNS(nullptr, namespace_separator);
        if (parser == nullptr) throw std::bad_alloc();
        XML_SetUserData(parser, this);
        XML_SetElementHandler(parser, &impl::on_start, &impl::on_end);
        XML_SetCharacterDataHandler(parser, &impl::on_text);
        // A sitemap has no use for a DTD, and a DTD is how entity
        // expansion (billion laughs) and external entities (XXE) get in:
        // the first <!DOCTYPE refuses the file.
        XML_SetStartDoctypeDeclHandler(parser, &impl::on_doctype);
        XML_SetParamEntityParsing(parser, XML_PARAM_ENTITY_PARSING_NEVER);
    }
    ~impl() {
        XML_ParserFree(parser);
        if (inflating) inflateEnd(&zip);
    }
    impl(const impl&) = delete;
    impl& operator=(const impl&) = delete;

    XML_Parser parser = nullptr;
    std::uint64_t max_bytes;
    std::uint64_t xml_bytes = 0;

    std::string head;  // the first bytes, until there are two to tell gzip by
    bool decided = false;
    bool inflating = false;
    bool stream_ended = false;  // the last gzip member is complete
    z_stream zip{};

    sitemap_kind kind = sitemap_kind::unknown;
    std::string space;  // the root's namespace: only its url/sitemap/loc count (not image:loc)
    int depth = 0;
    bool in_entry = false;  // in a <url> or <sitemap> at depth 2
    bool in_loc = false;    // in its <loc>, at depth 3
    sitemap_loc current;
    std::vector<sitemap_loc> locs;
    std::string error;

    void fail(std::string message) {
        if (!error.empty()) return;
        error = fmt::format("line {}: {}", XML_GetCurrentLineNumber(parser), message);
        XML_StopParser(parser, XML_FALSE);
    }

    static void on_doctype(void* self, const XML_Char*, const XML_Char*, const XML_Char*, int) {
        static_cast<impl*>(self)->fail("a DTD (<!DOCTYPE ...>) is not allowed in a sitemap");
    }

    static void on_start(void* data, const XML_Char* name, const XML_Char**) {
        auto& self = *static_cast<impl*>(data);
        const qualified_name q = split_name(name);
        ++self.depth;
        if (self.depth == 1) {
            if (q.local == "urlset") {
                self.kind = sitemap_kind::urlset;
            } else if (q.local == "sitemapindex") {
                self.kind = sitemap_kind::index;
            } else {
                self.fail(fmt::format("not a sitemap: the root element is <{}>, not <urlset> or <sitemapindex>",
                                      std::string_view(q.local).substr(0, 64)));
                return;
            }
            self.space = q.space;
        } else if (self.depth == 2) {
            const std::string_view entry = self.kind == sitemap_kind::urlset ? "url" : "sitemap";
            self.in_entry = q.space == self.space && q.local == entry;
        } else if (self.depth == 3 && self.in_entry && q.space == self.space && q.local == "loc") {
            self.in_loc = true;
            self.current.url.clear();
            self.current.line = XML_GetCurrentLineNumber(self.parser);
        }
    }

    static void on_end(void* data, const XML_Char*) {
        auto& self = *static_cast<impl*>(data);
        if (self.depth == 3 && self.in_loc) {
            self.in_loc = false;
            const std::string_view trimmed = trim_xml_space(self.current.url).substr(0, sitemap_loc_kept);
            self.locs.push_back({std::string(trimmed), self.current.line});
        } else if (self.depth == 2) {
            self.in_entry = false;
        }
        --self.depth;
    }

    static void on_text(void* data, const XML_Char* text, int length) {
        auto& self = *static_cast<impl*>(data);
        if (!self.in_loc || self.depth != 3) return;
        // Leading whitespace is trimmed later, so keep room for a little
        // of it beyond what is kept of the URL.
        const std::size_t room = sitemap_loc_kept + 256;
        if (self.current.url.size() >= room) return;
        self.current.url.append(text, std::min(static_cast<std::size_t>(length), room - self.current.url.size()));
    }

    bool parse(const char* data, std::size_t size, bool final) {
        xml_bytes += size;
        if (xml_bytes > max_bytes) {
            fail(too_large_message(max_bytes, true));
            return false;
        }
        if (XML_Parse(parser, data, static_cast<int>(size), final ? XML_TRUE : XML_FALSE) == XML_STATUS_ERROR &&
            error.empty()) {
            error =
                fmt::format("line {}: {}", XML_GetCurrentLineNumber(parser), XML_ErrorString(XML_GetErrorCode(parser)));
        }
        return error.empty();
    }

    // Inflates `bytes` (gzip), a bounded piece at a time, into the parser.
    bool inflate_into_parser(std::string_view bytes) {
        std::array<char, 64 * 1024> out;
        zip.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
        zip.avail_in = static_cast<uInt>(bytes.size());
        do {
            if (stream_ended) {
                // Another gzip member follows (concatenated .gz files).
                if (inflateReset(&zip) != Z_OK) return fail_gzip();
                stream_ended = false;
            }
            do {
                zip.next_out = reinterpret_cast<Bytef*>(out.data());
                zip.avail_out = static_cast<uInt>(out.size());
                const int status = inflate(&zip, Z_NO_FLUSH);
                if (status != Z_OK && status != Z_STREAM_END && status != Z_BUF_ERROR) return fail_gzip();
                const std::size_t produced = out.size() - zip.avail_out;
                if (produced > 0 && !parse(out.data(), produced, false)) return false;
                if (status == Z_STREAM_END) {
                    stream_ended = true;
                    break;
                }
                if (status == Z_BUF_ERROR) break;
            } while (zip.avail_out == 0);
        } while (zip.avail_in > 0);
        return true;
    }

    bool fail_gzip() {
        if (error.empty())
            error = fmt::format("not valid gzip data: {}", zip.msg != nullptr ? zip.msg : "corrupt stream");
        return false;
    }

    bool process(std::string_view bytes) {
        if (inflating) return inflate_into_parser(bytes);
        // Expat takes an int: feed a huge buffer in pieces.
        constexpr std::size_t piece = 1 << 20;
        for (std::size_t at = 0; at < bytes.size(); at += piece) {
            const std::string_view part = bytes.substr(at, piece);
            if (!parse(part.data(), part.size(), false)) return false;
        }
        return true;
    }

    bool decide_and_process() {
        decided = true;
        const std::string first = std::move(head);
        if (first.size() >= 2 && static_cast<unsigned char>(first[0]) == 0x1f &&
            static_cast<unsigned char>(first[1]) == 0x8b) {
            // 15 + 16: a gzip wrapper, the largest window.
            if (inflateInit2(&zip, 15 + 16) != Z_OK) return fail_gzip();
            inflating = true;
        }
        return process(first);
    }
};

sitemap_reader::sitemap_reader(std::uint64_t max_bytes) : impl_(std::make_unique<impl>(max_bytes)) {}
sitemap_reader::~sitemap_reader() = default;

bool sitemap_reader::feed(std::string_view bytes) {
    impl& s = *impl_;
    if (!s.error.empty()) return false;
    if (!s.decided) {
        const std::size_t wanted = std::min<std::size_t>(2 - s.head.size(), bytes.size());
        s.head.append(bytes.substr(0, wanted));
        bytes.remove_prefix(wanted);
        if (s.head.size() < 2) return true;
        if (!s.decide_and_process()) return false;
    }
    return bytes.empty() || s.process(bytes);
}

bool sitemap_reader::finish() {
    impl& s = *impl_;
    if (!s.error.empty()) return false;
    if (!s.decided && !s.decide_and_process()) return false;
    if (s.inflating && !s.stream_ended) {
        s.error = "the gzip data is cut short";
        return false;
    }
    if (!s.parse(nullptr, 0, true)) return false;
    return true;
}

std::vector<sitemap_loc>& sitemap_reader::locs() noexcept { return impl_->locs; }
sitemap_kind sitemap_reader::kind() const noexcept { return impl_->kind; }
const std::string& sitemap_reader::error() const noexcept { return impl_->error; }

bool looks_like_sitemap(std::string_view first_block) {
    if (first_block.size() >= 2 && static_cast<unsigned char>(first_block[0]) == 0x1f &&
        static_cast<unsigned char>(first_block[1]) == 0x8b)
        return true;
    // Only the root element's name, with a parser of its own: unlike
    // sitemap_reader it lets a DTD pass, so that a sitemap with one is
    // still recognised and then refused as a sitemap, not read as a list.
    // External entities are never loaded (no handler for them).
    struct root_finder {
        XML_Parser parser = nullptr;
        std::string root;
    } finder;
    finder.parser = XML_ParserCreateNS(nullptr, namespace_separator);
    if (finder.parser == nullptr) return false;
    XML_SetUserData(finder.parser, &finder);
    XML_SetStartElementHandler(finder.parser, [](void* data, const XML_Char* name, const XML_Char**) {
        auto& self = *static_cast<root_finder*>(data);
        self.root = split_name(name).local;
        XML_StopParser(self.parser, XML_FALSE);
    });
    XML_SetParamEntityParsing(finder.parser, XML_PARAM_ENTITY_PARSING_NEVER);
    const std::size_t size = std::min<std::size_t>(first_block.size(), 1 << 20);
    XML_Parse(finder.parser, first_block.data(), static_cast<int>(size), XML_FALSE);
    XML_ParserFree(finder.parser);
    return finder.root == "urlset" || finder.root == "sitemapindex";
}

sitemap_stream::sitemap_stream(std::FILE* file, std::uint64_t offset, std::uint64_t length, std::uint64_t max_bytes)
    : file_(file), offset_(offset), left_(length), reader_(max_bytes) {}

bool sitemap_stream::next(sitemap_loc& out) {
    auto& found = reader_.locs();
    while (taken_ == found.size()) {
        found.clear();
        taken_ = 0;
        if (ended_ || !error_.empty()) return false;
        if (!started_) {
            started_ = true;
            if (std::fseek(file_, static_cast<long>(offset_), SEEK_SET) != 0) {
                error_ = fmt::format("cannot read: {}", std::strerror(errno));
                return false;
            }
        }
        std::array<char, 64 * 1024> chunk;
        const std::size_t want = static_cast<std::size_t>(std::min<std::uint64_t>(chunk.size(), left_));
        errno = 0;
        const std::size_t n = want == 0 ? 0 : std::fread(chunk.data(), 1, want, file_);
        left_ -= n;
        if (std::ferror(file_)) {
            error_ = fmt::format("cannot read: {}", std::strerror(errno != 0 ? errno : EIO));
            return false;
        }
        const bool ok = n < want || left_ == 0 ? reader_.feed({chunk.data(), n}) && reader_.finish()
                                               : reader_.feed({chunk.data(), n});
        if (n < want || left_ == 0) ended_ = true;
        if (!ok) error_ = reader_.error();
    }
    out = std::move(found[taken_++]);
    return true;
}

}  // namespace urlcheck
