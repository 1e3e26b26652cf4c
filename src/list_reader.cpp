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

// Copies a stream that can be read only once (standard input, a pipe) into
// an anonymous temporary file.
std::unique_ptr<std::FILE, file_closer> spool(std::FILE* in, std::string& error) {
    std::unique_ptr<std::FILE, file_closer> copy(std::tmpfile());
    if (!copy) {
        error = fmt::format("cannot make a temporary copy: {}", std::strerror(errno));
        return nullptr;
    }
    char buffer[64 * 1024];
    errno = 0;
    for (;;) {
        const std::size_t n = std::fread(buffer, 1, sizeof buffer, in);
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

struct list_reader::input {
    std::string literal;  // a URL given as INPUT; empty for files
    std::string name;     // source prefix: the path, "-" or "arg"
    std::size_t position = 0;  // N of arg:N
    std::unique_ptr<std::FILE, file_closer> file;
    std::size_t line_number = 0;
    bool literal_done = false;

    // The next non-blank, non-comment line (BOM and '\n' removed), or false
    // at the end.
    bool next_line(char*& buffer, std::size_t& capacity, std::string_view& line, int& read_errno) {
        for (;;) {
            errno = 0;
            const ssize_t n = ::getline(&buffer, &capacity, file.get());
            if (n < 0) {
                if (std::ferror(file.get())) read_errno = errno != 0 ? errno : EIO;
                return false;
            }
            line = std::string_view(buffer, static_cast<std::size_t>(n));
            if (++line_number == 1 && line.substr(0, bom.size()) == bom) line.remove_prefix(bom.size());
            if (!line.empty() && line.back() == '\n') line.remove_suffix(1);
            if (!list_line_content(line).empty()) return true;
        }
    }
};

namespace {

// A getline buffer shared by the scan and the reads.
struct line_buffer {
    char* data = nullptr;
    std::size_t capacity = 0;
    ~line_buffer() { std::free(data); }
};

}  // namespace

std::unique_ptr<list_reader> list_reader::open(const std::vector<std::string>& inputs, std::FILE* stdin_file,
                                               std::vector<input_error>& errors, const entry_filter* filter) {
    std::unique_ptr<list_reader> reader(new list_reader());
    if (filter != nullptr && filter->active()) reader->filter_ = filter;
    const entry_filter* const selecting = reader->filter_;
    std::vector<std::uint64_t> keys;
    bool stdin_used = false;
    line_buffer buffer;

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
            in->file = spool(stdin_file, error);
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
                auto copy = spool(in->file.get(), error);
                if (!copy) {
                    errors.push_back({fmt::format("cannot read {}: {}", shown, error)});
                    continue;
                }
                in->file = std::move(copy);
            }
        }

        std::size_t found = 0;
        std::size_t left_out = 0;
        std::string_view line;
        int read_errno = 0;
        while (in->next_line(buffer.data, buffer.capacity, line, read_errno)) {
            // Filtering needs the whole line parsed (tags, the normalised
            // URL): only paid when a filter is given.
            if (selecting != nullptr && !selecting->selects(make_list_entry(line, {}))) {
                ++left_out;
                continue;
            }
            keys.push_back(repeat_key(list_line_url(line)));
            ++found;
        }
        if (read_errno != 0) {
            // e.g. EISDIR: fopen accepts a directory on Linux, reading it fails.
            errors.push_back({in->name == "-" ? fmt::format("cannot read standard input: {}", std::strerror(read_errno))
                                              : fmt::format("cannot read {}: {}", shown, std::strerror(read_errno))});
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
    static thread_local line_buffer buffer;
    while (current_ < inputs_.size()) {
        input& in = *inputs_[current_];
        if (!in.literal.empty()) {
            if (!in.literal_done) {
                in.literal_done = true;
                out = make_entry(in.literal, fmt::format("arg:{}", in.position));
                return true;
            }
        } else {
            std::string_view line;
            int read_errno = 0;
            if (in.next_line(buffer.data, buffer.capacity, line, read_errno)) {
                out = make_list_entry(line, fmt::format("{}:{}", in.name, in.line_number));
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
