#include "urlcheck/list_reader.hpp"

#include <boost/url/grammar/ci_string.hpp>
#include <fmt/format.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <istream>
#include <string_view>

namespace urlcheck {

namespace {

constexpr std::string_view bom = "\xEF\xBB\xBF";

struct file_closer {
    void operator()(std::FILE* f) const noexcept {
        if (f != nullptr) std::fclose(f);
    }
};

bool starts_with_http(std::string_view s) {
    using boost::urls::grammar::ci_is_equal;
    return ci_is_equal(s.substr(0, 7), "http://") || ci_is_equal(s.substr(0, 8), "https://");
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
std::unique_ptr<std::FILE, file_closer> spool(std::FILE* in, std::string& error, bool& binary) {
    binary = false;
    std::unique_ptr<std::FILE, file_closer> copy(std::tmpfile());
    if (!copy) {
        error = fmt::format("cannot make a temporary copy: {}", std::strerror(errno));
        return nullptr;
    }
    char buffer[64 * 1024];
    errno = 0;
    for (bool first = true;; first = false) {
        const std::size_t n = std::fread(buffer, 1, sizeof buffer, in);
        if (first && looks_binary(std::string_view(buffer, std::min(n, first_block)),
                                  n <= first_block && n < sizeof buffer)) {
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
    std::transform(key.begin(), key.end(), key.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return std::hash<std::string>{}(key);
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

namespace {

bool is_space(int c) noexcept { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v'; }

// One line as read: all of it, or only its start when it is too long.
struct line_read {
    std::string_view text;     // BOM and line ending removed
    std::uint64_t length = 0;  // all its bytes, as counted_line_length counts them

    bool too_long() const noexcept { return length > max_line_length; }
    entry to_entry(std::string source) const {
        // parse_list's cut, so both give the same entry.
        return too_long() ? make_overlong_line_entry(text.substr(0, max_line_length), length, std::move(source))
                          : make_list_entry(text, std::move(source));
    }
};

}  // namespace

struct list_reader::input {
    std::string literal;  // a URL given as INPUT; empty for files
    std::string name;     // source prefix: the path, "-" or "arg"
    std::size_t position = 0;  // N of arg:N
    std::unique_ptr<std::FILE, file_closer> file;
    std::size_t line_number = 0;
    bool literal_done = false;

    // The next line that is not blank or a comment, or false at the end.
    // However long a line is, at most max_line_length bytes of it (and a
    // BOM and a '\r') are held in `buffer`: the rest is counted and skipped,
    // never read into memory.
    bool next_line(std::string& buffer, line_read& line, int& read_errno) {
        constexpr std::size_t keep = max_line_length + bom.size() + 1;
        std::FILE* const f = file.get();
        buffer.resize(keep);  // written by index: no capacity check per byte
        char* const kept = buffer.data();
        for (;;) {
            std::uint64_t length = 0;
            int c = 0;
            int last = 0;
            // Past what is kept, bytes are looked at only as long as the
            // line may still be blank: a long comment line is no error.
            enum class rest { blank, comment, content } skipped = rest::blank;
            errno = 0;
            while ((c = getc_unlocked(f)) != EOF && c != '\n') {
                if (length < keep) {
                    kept[length] = static_cast<char>(c);
                } else if (skipped == rest::blank && !is_space(c)) {
                    skipped = c == '#' && (last == ' ' || last == '\t') ? rest::comment : rest::content;
                }
                last = c;
                ++length;
            }
            if (c == EOF && (length == 0 || std::ferror(f))) {
                if (std::ferror(f)) read_errno = errno != 0 ? errno : EIO;
                return false;
            }
            line.text = std::string_view(kept, std::min<std::uint64_t>(length, keep));
            if (++line_number == 1 && line.text.substr(0, bom.size()) == bom) {
                line.text.remove_prefix(bom.size());
                length -= bom.size();
            }
            line.length = last == '\r' ? length - 1 : length;
            // Content in the kept start stays content, however the line goes
            // on; a comment there makes the rest comment.
            if (!list_line_content(line.text).empty()) return true;
            if (!line.too_long() || line.text.find('#') != std::string_view::npos) continue;
            // Only whitespace so far: the rest decides.
            if (skipped == rest::content) return true;
        }
    }
};

namespace {

// Reads the start of `file` and says whether it looks_binary; the file is
// then read from its start again. Returns 0 or the errno of a failed read.
int check_first_block(std::FILE* file, bool& binary) {
    char block[first_block];
    errno = 0;
    const std::size_t n = std::fread(block, 1, sizeof block, file);
    if (std::ferror(file)) return errno != 0 ? errno : EIO;
    binary = looks_binary(std::string_view(block, n), std::feof(file) != 0);
    return std::fseek(file, 0, SEEK_SET) == 0 ? 0 : errno;
}

}  // namespace

std::unique_ptr<list_reader> list_reader::open(const std::vector<std::string>& inputs, std::FILE* stdin_file,
                                               std::vector<input_error>& errors, const entry_filter* filter) {
    std::unique_ptr<list_reader> reader(new list_reader());
    if (filter != nullptr && filter->active()) reader->filter_ = filter;
    const entry_filter* const selecting = reader->filter_;
    std::vector<std::uint64_t> keys;
    bool stdin_used = false;
    std::string buffer;

    for (std::size_t i = 0; i < inputs.size(); ++i) {
        const std::string& name = inputs[i];
        auto in = std::make_unique<input>();
        in->position = i + 1;
        if (starts_with_http(name)) {
            in->literal = name;
            in->name = "arg";
            if (selecting != nullptr && !selecting->selects(make_entry(name, {}))) {
                ++reader->filtered_;
                in->literal_done = true;
            } else {
                keys.push_back(repeat_key(name));
                ++reader->total_;
            }
            reader->inputs_.push_back(std::move(in));
            continue;
        }
        std::string shown;
        if (name == "-") {
            if (stdin_used) {
                errors.push_back({"'-' (standard input) given more than once"});
                continue;
            }
            stdin_used = true;
            shown = "standard input";
            in->name.assign(1, '-');  // not `= "-"`: GCC 12 warns falsely (-Wrestrict)
            std::string error;
            bool binary = false;
            in->file = spool(stdin_file, error, binary);
            if (binary) {
                errors.push_back({fmt::format("{}: looks like a binary file, not a URL list", shown)});
                continue;
            }
            if (!in->file) {
                errors.push_back({fmt::format("cannot read standard input: {}", error)});
                continue;
            }
        } else {
            shown = display_name(name);
            in->name = name;
            errno = 0;
            in->file.reset(std::fopen(name.c_str(), "rb"));
            if (!in->file) {
                errors.push_back({fmt::format("cannot read {}: {}", shown, std::strerror(errno))});
                continue;
            }
            // A pipe (`<(generate-list)`, a FIFO) can be read only once:
            // keep a copy to read it the second time, as for standard input.
            struct stat info {};
            if (::fstat(::fileno(in->file.get()), &info) == 0 && !S_ISREG(info.st_mode) && !S_ISDIR(info.st_mode)) {
                std::string error;
                bool binary = false;
                auto copy = spool(in->file.get(), error, binary);
                if (binary) {
                    errors.push_back({fmt::format("{}: looks like a binary file, not a URL list", shown)});
                    continue;
                }
                if (!copy) {
                    errors.push_back({fmt::format("cannot read {}: {}", shown, error)});
                    continue;
                }
                in->file = std::move(copy);
            }
        }

        auto read_error = [&](int err) {
            // e.g. EISDIR: fopen accepts a directory on Linux, reading it fails.
            errors.push_back({in->name == "-" ? fmt::format("cannot read standard input: {}", std::strerror(err))
                                              : fmt::format("cannot read {}: {}", shown, std::strerror(err))});
        };
        // A binary given by mistake (`urlcheck ./urlcheck`) would otherwise
        // be thousands of invalid lines of escaped bytes.
        bool binary = false;
        if (const int err = check_first_block(in->file.get(), binary); err != 0) {
            read_error(err);
            continue;
        }
        if (binary) {
            errors.push_back({fmt::format("{}: looks like a binary file, not a URL list", shown)});
            continue;
        }

        std::size_t found = 0;
        std::size_t left_out = 0;
        line_read line;
        int read_errno = 0;
        while (in->next_line(buffer, line, read_errno)) {
            // Filtering needs the whole line parsed (tags, the normalised
            // URL): only paid when a filter is given.
            if (selecting != nullptr && !selecting->selects(line.to_entry({}))) {
                ++left_out;
                continue;
            }
            // A line too long is invalid: no result of it is kept for a repeat.
            if (!line.too_long()) keys.push_back(repeat_key(list_line_url(line.text)));
            ++found;
        }
        if (read_errno != 0) {
            read_error(read_errno);
            continue;
        }
        if (found == 0 && left_out == 0) {
            errors.push_back({fmt::format("{}: no URLs found", shown)});
            continue;
        }
        reader->total_ += found;
        reader->filtered_ += left_out;
        if (std::fseek(in->file.get(), 0, SEEK_SET) != 0) {
            errors.push_back({fmt::format("cannot read {} a second time: {}", shown, std::strerror(errno))});
            continue;
        }
        in->line_number = 0;
        reader->inputs_.push_back(std::move(in));
    }
    std::sort(keys.begin(), keys.end());
    for (std::size_t i = 1; i < keys.size(); ++i) {
        if (keys[i] == keys[i - 1] && (reader->repeated_.empty() || reader->repeated_.back() != keys[i]))
            reader->repeated_.push_back(keys[i]);
    }
    return reader;
}

list_reader::~list_reader() = default;

bool list_reader::next(entry& out) {
    static thread_local std::string buffer;
    while (current_ < inputs_.size()) {
        input& in = *inputs_[current_];
        if (!in.literal.empty()) {
            if (!in.literal_done) {
                in.literal_done = true;
                out = make_entry(in.literal, fmt::format("arg:{}", in.position));
                return true;
            }
        } else {
            line_read line;
            int read_errno = 0;
            if (in.next_line(buffer, line, read_errno)) {
                out = line.to_entry(fmt::format("{}:{}", in.name, in.line_number));
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

input_set read_inputs(const std::vector<std::string>& inputs, std::istream& stdin_stream) {
    input_set set;
    std::unique_ptr<std::FILE, file_closer> copy;
    if (std::find(inputs.begin(), inputs.end(), "-") != inputs.end()) {
        copy.reset(std::tmpfile());
        bool failed = copy == nullptr;
        errno = 0;
        try {
            // With sync_with_stdio(false), libstdc++ throws on a read error
            // (a closed descriptor 0) whatever the exception mask.
            char chunk[64 * 1024];
            while (!failed && stdin_stream.read(chunk, sizeof chunk).gcount() > 0) {
                const auto n = static_cast<std::size_t>(stdin_stream.gcount());
                failed = std::fwrite(chunk, 1, n, copy.get()) != n;
            }
            failed = failed || stdin_stream.bad();
        } catch (const std::ios_base::failure&) {
            failed = true;
        }
        if (failed) {
            const int saved = errno;
            set.errors.push_back({saved != 0 ? fmt::format("cannot read standard input: {}", std::strerror(saved))
                                             : std::string("cannot read standard input")});
            return set;
        }
        std::rewind(copy.get());
    }
    auto reader = list_reader::open(inputs, copy.get(), set.errors);
    if (reader) {
        entry e;
        while (reader->next(e)) set.entries.push_back(std::move(e));
    }
    return set;
}

bool list_reader::may_repeat(const entry& e) const {
    return std::binary_search(repeated_.begin(), repeated_.end(), repeat_key(e.url));
}

}  // namespace urlcheck
