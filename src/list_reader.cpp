#include "list_reader.hpp"

#include <boost/url/grammar/ci_string.hpp>
#include <fmt/format.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <optional>
#include <string_view>

#include "entry_filter.hpp"
#include "extract/links.hpp"
#include "list_fingerprint.hpp"
#include "sitemap/sitemap_input.hpp"
#include "text.hpp"
#include "unique_file.hpp"

namespace urlcheck {

namespace {

bool starts_with_http(std::string_view s) {
    using boost::urls::grammar::ci_is_equal;
    return ci_is_equal(s.substr(0, 7), "http://") || ci_is_equal(s.substr(0, 8), "https://");
}

// Non-ASCII too: "bücher.example" is a host (its A-label is looked up).
bool is_host_char(char c) noexcept {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
           static_cast<unsigned char>(c) >= 0x80;
}

bool all_digits(std::string_view s) noexcept {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// The last label of a name that ends like a file's: an extension lists are
// kept under, or one with letters after it (a typo: "txtt", "jsonn").
bool file_like_extension(std::string_view label) noexcept {
    using boost::urls::grammar::ci_is_equal;
    static constexpr std::string_view extensions[] = {
        "txt", "text", "list",  "lst",  "csv",  "tsv",  "md",   "markdown", "rst", "adoc", "html", "htm",
        "xml", "json", "jsonl", "yaml", "yml",  "toml", "conf", "cfg",      "ini", "log",  "gz",   "bz2",
        "xz",  "zst",  "zip",   "tar",  "urls", "out",  "bak",  "tmp",      "old", "sh",   "py",   "sitemap"};
    return std::any_of(std::begin(extensions), std::end(extensions), [&](std::string_view ext) {
        return ci_is_equal(label, ext) ||
               (ext.size() >= 3 && label.size() > ext.size() && ci_is_equal(label.substr(0, ext.size()), ext));
    });
}

// "ftp://x", "ht!tp://x": a scheme is written (a "://" ahead of any '/'),
// so the INPUT that is no file is a URL, whatever make_entry says of it.
bool has_written_scheme(std::string_view name) noexcept {
    const std::size_t separator = name.find("://");
    return separator != std::string_view::npos && name.find('/') == separator + 1;
}

// The names of documents whose links --extract reads.
constexpr std::string_view document_extensions[] = {"md", "markdown", "html", "htm", "rst", "adoc"};

// A line that is no URL, for looks_like_prose: invalid, or a bare word that
// would go to DNS as a host ("Introduction", "---").
bool is_no_url(const entry& e) {
    if (!e.error.empty()) return true;
    if (e.url.find("://") != std::string::npos) return false;
    const std::string_view host = std::string_view(e.url).substr(0, e.url.find_first_of(":/?#"));
    return host.find('.') == std::string_view::npos && !boost::urls::grammar::ci_is_equal(host, "localhost");
}

bool path_exists(const std::string& name) {
    struct stat info {};
    return ::stat(name.c_str(), &info) == 0;
}

// Names as they appear in messages: never raw control bytes.
std::string display_name(std::string_view name) {
    std::string out;
    for (unsigned char c : name) {
        if (c < 0x20 || c == 0x7f)
            out += fmt::format("\\x{:02X}", c);
        else
            out += static_cast<char>(c);
    }
    return out;
}

// What looks_binary() judges: the first 8 KiB.
constexpr std::size_t first_block = 8 * 1024;

// Copies a stream that can be read only once (standard input, a pipe) into
// an anonymous temporary file. Stops at the first block when it looks binary
// (`binary` set, null returned, no error): `urlcheck < /dev/zero` must not
// copy forever before it is refused.
unique_file spool(std::FILE* in, std::string& error, bool& binary) {
    binary = false;
    unique_file copy(std::tmpfile());
    if (!copy) {
        error = fmt::format("cannot make a temporary copy: {}", std::strerror(errno));
        return nullptr;
    }
    char buffer[64 * 1024];
    errno = 0;
    for (bool first = true;; first = false) {
        const std::size_t n = std::fread(buffer, 1, sizeof buffer, in);
        const std::string_view block(buffer, std::min(n, first_block));
        if (first && !looks_like_sitemap(block) && looks_binary(block, n <= first_block && n < sizeof buffer)) {
            binary = true;
            return nullptr;
        }
        if (n > 0 && std::fwrite(buffer, 1, n, copy.get()) != n) {
            error = fmt::format("cannot make a temporary copy: {}", std::strerror(errno));
            return nullptr;
        }
        if (n < sizeof buffer) break;
    }
    if (std::ferror(in)) {
        error = std::strerror(errno != 0 ? errno : EIO);
        return nullptr;
    }
    std::rewind(copy.get());
    return copy;
}

}  // namespace

std::uint64_t repeat_key(std::string_view written) {
    // What make_entry normalises, cheaply: case (scheme and host; the path
    // too, which only over-approximates), the fragment, a missing scheme
    // (by make_entry's own rule, so both spellings of a URL get one key).
    written = written.substr(0, written.find('#'));
    std::string key(implied_scheme(written));
    key.append(written);
    ascii_lower_in_place(key);
    return std::hash<std::string>{}(key);
}

bool looks_like_host(std::string_view name) noexcept {
    if (name.empty()) return false;
    const std::string_view authority = name.substr(0, name.find_first_of("/?#"));
    if (authority.empty()) return false;
    if (authority.front() == '[') {  // an IPv6 address, perhaps with a port
        const std::size_t close = authority.find(']');
        if (close == std::string_view::npos) return false;
        const std::string_view after = authority.substr(close + 1);
        return after.empty() || (after.front() == ':' && all_digits(after.substr(1)));
    }
    std::string_view host = authority;
    const std::size_t colon = authority.find(':');
    if (colon != std::string_view::npos) {
        host = authority.substr(0, colon);
        if (!all_digits(authority.substr(colon + 1))) return false;
    }
    if (host.empty() || !std::all_of(host.begin(), host.end(), is_host_char)) return false;
    if (colon != std::string_view::npos) return true;  // a port: no file is written so
    if (boost::urls::grammar::ci_is_equal(host, "localhost")) return true;
    if (host.back() == '.') host.remove_suffix(1);  // a fully qualified name
    const std::size_t dot = host.rfind('.');
    if (dot == std::string_view::npos) return false;  // "urls": a missing file
    const std::string_view last = host.substr(dot + 1);
    if (all_digits(last)) {
        // An IPv4 address: four numbers.
        return std::count(host.begin(), host.end(), '.') == 3 &&
               std::all_of(host.begin(), host.end(), [](char c) { return c == '.' || (c >= '0' && c <= '9'); });
    }
    // No top-level domain is one letter ("lists.d/urls.txt" is a path).
    return last.size() >= 2 && !file_like_extension(last);
}

bool looks_like_prose(std::string_view name, const list_shape& shape) noexcept {
    const std::size_t dot = name.rfind('.');
    const std::string_view extension = dot == std::string_view::npos ? std::string_view() : name.substr(dot + 1);
    const bool document =
        std::any_of(std::begin(document_extensions), std::end(document_extensions),
                    [&](std::string_view ext) { return boost::urls::grammar::ci_is_equal(extension, ext); });
    constexpr std::size_t enough_lines = 10;
    return shape.not_urls * 2 > shape.lines && (document || shape.lines >= enough_lines);
}

bool looks_binary(std::string_view block, bool whole) noexcept {
    if (block.find('\0') != std::string_view::npos) return true;
    // Well-formed UTF-8 (Unicode 15, table 3-7): no overlong forms, no
    // surrogates, nothing above U+10FFFF.
    for (std::size_t i = 0; i < block.size();) {
        const auto lead = static_cast<unsigned char>(block[i]);
        if (lead < 0x80) {
            ++i;
            continue;
        }
        std::size_t length = 0;
        unsigned char low = 0x80;  // the range of the second byte
        unsigned char high = 0xBF;
        if (lead >= 0xC2 && lead <= 0xDF) {
            length = 2;
        } else if (lead >= 0xE0 && lead <= 0xEF) {
            length = 3;
            if (lead == 0xE0) low = 0xA0;
            if (lead == 0xED) high = 0x9F;
        } else if (lead >= 0xF0 && lead <= 0xF4) {
            length = 4;
            if (lead == 0xF0) low = 0x90;
            if (lead == 0xF4) high = 0x8F;
        } else {
            return true;
        }
        for (std::size_t k = 1; k < length; ++k) {
            // A block ends where it ends, also inside a character.
            if (i + k == block.size()) return whole;
            const auto byte = static_cast<unsigned char>(block[i + k]);
            if (k == 1 ? byte < low || byte > high : (byte & 0xC0) != 0x80) return true;
        }
        i += length;
    }
    return false;
}

struct list_reader::input {
    std::string literal;  // a URL given as INPUT; empty for files
    std::string name;     // source prefix: the path, "-" or "arg"
    std::string shown;    // as messages name it: "standard input", or the path printable
    std::size_t position = 0;  // N of arg:N
    unique_file file;
    input_format format = input_format::list;
    std::vector<entry> links;  // a document's, from the scan; next() hands them out
    std::size_t next_link = 0;
    bool literal_done = false;
    bool started = false;  // next() has begun reading the file
    std::optional<sitemap_document> sitemap;  // set: the file (or download) is a sitemap
    std::unique_ptr<sitemap_stream> locs;      // next()'s reading of it
};

namespace {

// Reads the start of `file` and says whether it looks_binary or is a
// sitemap (which may be gzip); the file is then read from its start again.
// Returns 0 or the errno of a failed read.
int check_first_block(std::FILE* file, bool& binary, bool& sitemap) {
    char block[first_block];
    errno = 0;
    const std::size_t n = std::fread(block, 1, sizeof block, file);
    if (std::ferror(file)) return errno != 0 ? errno : EIO;
    sitemap = looks_like_sitemap(std::string_view(block, n));
    binary = !sitemap && looks_binary(std::string_view(block, n), std::feof(file) != 0);
    return std::fseek(file, 0, SEEK_SET) == 0 ? 0 : errno;
}

std::string binary_message(const list_reader::input& in) {
    return fmt::format("{}: looks like a binary file, not a URL list", in.shown);
}

std::string read_error_message(const list_reader::input& in, int err) {
    // e.g. EISDIR: fopen accepts a directory on Linux, reading it fails.
    return in.name == "-" ? fmt::format("cannot read standard input: {}", std::strerror(err))
                          : fmt::format("cannot read {}: {}", in.shown, std::strerror(err));
}

// Opens the file INPUT `name` ("-": `stdin_file`) so that it can be read
// twice -- standard input and pipes are spooled to a temporary file -- and
// refuses a binary one. Null, with a message in `errors`, when it can't.
std::unique_ptr<list_reader::input> open_input(const std::string& name, std::size_t position, std::FILE* stdin_file,
                                               bool& stdin_used, std::vector<input_error>& errors) {
    auto in = std::make_unique<list_reader::input>();
    in->position = position;
    std::string error;
    bool binary = false;
    if (name == "-") {
        if (stdin_used) {
            errors.push_back({"'-' (standard input) given more than once"});
            return nullptr;
        }
        stdin_used = true;
        in->shown = "standard input";
        in->name.assign(1, '-');  // not `= "-"`: GCC 12 warns falsely (-Wrestrict)
        in->file = spool(stdin_file, error, binary);
        if (binary) {
            errors.push_back({binary_message(*in)});
            return nullptr;
        }
        if (!in->file) {
            errors.push_back({fmt::format("cannot read standard input: {}", error)});
            return nullptr;
        }
    } else {
        in->shown = display_name(name);
        in->name = name;
        errno = 0;
        in->file.reset(std::fopen(name.c_str(), "rb"));
        if (!in->file) {
            const int err = errno;
            // "urls.txtt" is a misspelt file, but a site may be named so.
            const bool could_be_site = err == ENOENT && name.find('.') != std::string::npos &&
                                       name.find('/') == std::string::npos && make_entry(name, {}).error.empty();
            errors.push_back(
                {fmt::format("cannot read {}: {}{}", in->shown, std::strerror(err),
                             could_be_site ? fmt::format(" (if it is a web site, write https://{})", in->shown) : "")});
            return nullptr;
        }
        // A pipe (`<(generate-list)`, a FIFO) can be read only once: keep a
        // copy to read it the second time, as for standard input.
        struct stat info {};
        if (::fstat(::fileno(in->file.get()), &info) == 0 && !S_ISREG(info.st_mode) && !S_ISDIR(info.st_mode)) {
            auto copy = spool(in->file.get(), error, binary);
            if (binary) {
                errors.push_back({binary_message(*in)});
                return nullptr;
            }
            if (!copy) {
                errors.push_back({fmt::format("cannot read {}: {}", in->shown, error)});
                return nullptr;
            }
            in->file = std::move(copy);
        }
    }
    // A binary given by mistake (`urlcheck ./urlcheck`) would otherwise be
    // thousands of invalid lines of escaped bytes.
    bool sitemap = false;
    if (const int err = check_first_block(in->file.get(), binary, sitemap); err != 0) {
        errors.push_back({read_error_message(*in, err)});
        return nullptr;
    }
    if (binary) {
        errors.push_back({binary_message(*in)});
        return nullptr;
    }
    if (sitemap) in->sitemap = sitemap_document{in->name, std::shared_ptr<std::FILE>(in->file.release(), file_closer{})};
    return in;
}

}  // namespace

std::unique_ptr<list_reader> list_reader::open(const std::vector<std::string>& inputs, std::FILE* stdin_file,
                                               std::vector<input_error>& errors, const entry_filter* filter,
                                               const input_options& how, std::vector<sitemap_document> sitemaps) {
    std::unique_ptr<list_reader> reader(new list_reader());
    reader->base_ = how.base;
    if (filter != nullptr && filter->active()) reader->filter_ = filter;
    reader->dedup_ = how.dedup;
    repeat_counter* const repeats = how.dedup ? &reader->repeats_ : nullptr;
    bool stdin_used = false;
    list_fingerprint fingerprint;
    reader->fingerprinting_ = &fingerprint;

    for (std::size_t i = 0; i < inputs.size(); ++i) {
        const std::string& name = inputs[i];
        if (name.empty()) {
            errors.push_back({"empty INPUT '': give a file, '-' or a URL"});
            continue;
        }
        if (starts_with_http(name) ||
            (name != "-" && !path_exists(name) && (has_written_scheme(name) || looks_like_host(name)))) {
            // A malformed URL typed on the command line is a mistake to fix
            // now (a usage error), not an outage to report.
            if (const entry e = make_entry(name, {}); !e.error.empty()) {
                constexpr std::size_t shown = 100;
                errors.push_back({fmt::format("'{}{}': {}", printable(std::string_view(name).substr(0, shown)),
                                              name.size() > shown ? "..." : "", e.error)});
                continue;
            }
            auto in = std::make_unique<input>();
            in->position = i + 1;
            in->literal = name;
            in->name = "arg";
            const auto choice = reader->filter_ != nullptr ? reader->filter_->choose(make_entry(name, {}))
                                                           : entry_filter::choice::checked;
            if (choice != entry_filter::choice::left_out) fingerprint.add(name);
            if (choice != entry_filter::choice::checked) {
                ++(choice == entry_filter::choice::left_out ? reader->filtered_ : reader->other_shards_);
                in->literal_done = true;
            } else {
                if (repeats != nullptr) repeats->add(repeat_key(name));
                ++reader->total_;
            }
            reader->inputs_.push_back(std::move(in));
            continue;
        }
        auto in = open_input(name, i + 1, stdin_file, stdin_used, errors);
        if (in) in->format = input_format_of(name, how);
        if (in && reader->scan_input(*in, repeats, errors)) reader->inputs_.push_back(std::move(in));
    }
    // One document without links among many is usual (docs/*.md); only
    // when none has any is there nothing to do.
    if (reader->documents_ > 0 && reader->total_ == 0 && reader->filtered_ == 0 && reader->other_shards_ == 0 &&
        errors.empty()) {
        errors.push_back({reader->relative_links_ == 0
                              ? std::string("no http(s) links found")
                              : fmt::format("no http(s) links found ({} relative {} left out: give --base URL "
                                            "to check them)",
                                            reader->relative_links_, reader->relative_links_ == 1 ? "link" : "links")});
    }
    for (auto& doc : sitemaps) {
        auto in = std::make_unique<input>();
        in->name = doc.source;
        in->shown = display_name(doc.source);
        in->sitemap = std::move(doc);
        if (reader->scan(*in, repeats, errors)) reader->inputs_.push_back(std::move(in));
    }
    reader->fingerprint_ = fingerprint.finish();
    reader->fingerprinting_ = nullptr;
    reader->repeats_.seal();
    return reader;
}

bool list_reader::scan(input& in, repeat_counter* repeats, std::vector<input_error>& errors) {
    if (in.sitemap) {
        const sitemap_scan counted = scan_sitemap(*in.sitemap, in.shown, filter_, repeats, fingerprinting_);
        if (!counted.error.empty()) {
            errors.push_back({counted.error});
            return false;
        }
        total_ += counted.found;
        filtered_ += counted.left_out;
        other_shards_ += counted.other_shard;
        return true;
    }
    std::size_t found = 0;
    std::size_t left_out = 0;
    std::size_t other_shard = 0;
    list_shape shape;
    list_line line;
    lines_.start(in.file.get());
    while (lines_.next(line)) {
        // Filtering needs the whole line parsed (tags, the normalised URL):
        // only paid when a filter is given, or for the first lines, which
        // say whether the file is a list at all.
        const bool sampled = shape.lines < prose_sample;
        std::optional<entry> parsed;
        if (sampled || filter_ != nullptr) parsed = line.to_entry({});
        if (sampled) {
            ++shape.lines;
            if (is_no_url(*parsed)) ++shape.not_urls;
        }
        const auto choice = filter_ != nullptr ? filter_->choose(*parsed) : entry_filter::choice::checked;
        if (choice == entry_filter::choice::left_out) {
            ++left_out;
            continue;
        }
        if (fingerprinting_ != nullptr) fingerprinting_->add(list_line_content(line.text));
        if (choice == entry_filter::choice::other_shard) {
            ++other_shard;
            continue;
        }
        // A line too long is invalid: no result of it is kept for a repeat.
        if (!line.too_long() && repeats != nullptr) repeats->add(repeat_key(list_line_url(line.text)));
        ++found;
    }
    if (lines_.error() != 0) {
        errors.push_back({read_error_message(in, lines_.error())});
        return false;
    }
    if (found == 0 && left_out == 0 && other_shard == 0) {
        errors.push_back({fmt::format("{}: no URLs found", in.shown)});
        return false;
    }
    if (looks_like_prose(in.name, shape)) {
        errors.push_back(
            {fmt::format("{}: not a list of URLs ({} of its {}{} lines are not URLs); "
                         "to check the links in a document, use --extract",
                         in.shown, shape.not_urls, found + left_out + other_shard > shape.lines ? "first " : "",
                         shape.lines)});
        return false;
    }
    total_ += found;
    filtered_ += left_out;
    other_shards_ += other_shard;
    if (std::fseek(in.file.get(), 0, SEEK_SET) != 0) {
        errors.push_back({fmt::format("cannot read {} a second time: {}", in.shown, std::strerror(errno))});
        return false;
    }
    return true;
}

bool list_reader::scan_input(input& in, repeat_counter* repeats, std::vector<input_error>& errors) {
    // What the content says wins over the format asked for: a sitemap's
    // <loc>s are its entries however it was given (scan reads them).
    if (in.sitemap) return scan(in, repeats, errors);
    switch (in.format) {
        case input_format::list:
        case input_format::automatic:  // input_format_of never gives it
            return scan(in, repeats, errors);
        case input_format::markdown:
            return scan_document(in, extract::from_markdown, repeats, errors);
        case input_format::html:
            return scan_document(in, extract::from_html, repeats, errors);
        case input_format::text:
            return scan_document(in, extract::from_text, repeats, errors);
    }
    return scan(in, repeats, errors);
}

bool list_reader::scan_document(input& in, document_links links_of, repeat_counter* repeats,
                                std::vector<input_error>& errors) {
    std::string text;
    char buffer[64 * 1024];
    errno = 0;
    for (;;) {
        const std::size_t n = std::fread(buffer, 1, sizeof buffer, in.file.get());
        if (text.size() + n > extract::max_document_bytes) {
            errors.push_back({fmt::format("{}: larger than {} MiB, the limit for a document to take links from",
                                          in.shown, extract::max_document_bytes / (1024 * 1024))});
            return false;
        }
        text.append(buffer, n);
        if (n < sizeof buffer) break;
    }
    if (std::ferror(in.file.get())) {
        errors.push_back({read_error_message(in, errno != 0 ? errno : EIO)});
        return false;
    }
    in.file.reset();
    ++documents_;
    for (const extract::link& link : links_of(text)) {
        const auto target = extract::link_target(link.url, base_);
        if (!target) {
            // Worth a hint when --base would have made it one.
            if (base_.empty() && extract::is_relative(link.url)) ++relative_links_;
            continue;
        }
        entry e = make_entry(*target, fmt::format("{}:{}", in.name, link.line));
        // make_entry counts columns from the URL's first byte, not the
        // document line's (a Markdown link is placed at its text, and a
        // decoded or resolved URL is not what the line holds): --lint must
        // not print FILE:LINE:COLUMN with a column of something else.
        e.error_column = 0;
        const auto choice = filter_ != nullptr ? filter_->choose(e) : entry_filter::choice::checked;
        if (choice == entry_filter::choice::left_out) {
            ++filtered_;
            continue;
        }
        if (fingerprinting_ != nullptr) fingerprinting_->add(e.url);
        if (choice == entry_filter::choice::other_shard) {
            ++other_shards_;
            continue;
        }
        if (!e.target.empty() && repeats != nullptr) repeats->add(repeat_key(e.url));
        in.links.push_back(std::move(e));
    }
    total_ += in.links.size();
    return true;
}

input_format input_format_of(std::string_view path, const input_options& how) noexcept {
    if (how.format != input_format::automatic && !(how.format == input_format::list && how.extract)) return how.format;
    const auto ends_with = [&](std::string_view suffix) {
        return path.size() >= suffix.size() &&
               boost::urls::grammar::ci_is_equal(path.substr(path.size() - suffix.size()), suffix);
    };
    if (ends_with(".md") || ends_with(".markdown")) return input_format::markdown;
    if (ends_with(".html") || ends_with(".htm")) return input_format::html;
    return how.extract ? input_format::text : input_format::list;
}

list_reader::~list_reader() = default;

bool list_reader::next(entry& out) {
    while (current_ < inputs_.size()) {
        input& in = *inputs_[current_];
        if (!in.literal.empty()) {
            if (!in.literal_done) {
                in.literal_done = true;
                out = make_entry(in.literal, fmt::format("arg:{}", in.position));
                return true;
            }
        } else if (in.sitemap) {
            if (!in.locs)
                in.locs = std::make_unique<sitemap_stream>(in.sitemap->file.get(), in.sitemap->offset,
                                                           in.sitemap->length);
            sitemap_loc loc;
            if (in.locs->next(loc)) {
                out = sitemap_entry(loc, in.name);
                if (filter_ != nullptr && !filter_->selects(out)) continue;
                return true;
            }
            // As for a list below: what was read is checked.
            in.locs.reset();
            in.sitemap.reset();
        } else if (in.format != input_format::list) {
            if (in.next_link < in.links.size()) {
                out = std::move(in.links[in.next_link++]);
                return true;
            }
            in.links = {};
        } else {
            if (!in.started) {
                lines_.start(in.file.get());
                in.started = true;
            }
            list_line line;
            if (lines_.next(line)) {
                out = line.to_entry(fmt::format("{}:{}", in.name, line.number));
                if (filter_ != nullptr && !filter_->selects(out)) continue;
                return true;
            }
            // A file that shrank or failed since the scan ends here; what
            // was read is still checked and reported.
            in.file.reset();
        }
        ++current_;
    }
    return false;
}

bool list_reader::may_repeat(const entry& e) const { return dedup_ && repeats_.repeated(repeat_key(e.url)); }

bool list_reader::repeats_later(const entry& e) { return dedup_ && repeats_.take(repeat_key(e.url)); }

}  // namespace urlcheck
