#include "line_reader.hpp"

#include <algorithm>
#include <cerrno>

namespace urlcheck {

namespace {

constexpr std::string_view bom = "\xEF\xBB\xBF";

bool is_space(int c) noexcept { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v'; }

}  // namespace

entry list_line::to_entry(std::string source) const {
    return too_long() ? make_overlong_line_entry(text.substr(0, max_line_length), length, std::move(source))
                      : make_list_entry(text, std::move(source));
}

void line_reader::start(std::FILE* file) noexcept {
    file_ = file;
    line_number_ = 0;
    error_ = 0;
}

bool line_reader::next(list_line& line) {
    // However long a line is, at most max_line_length bytes of it (and a BOM
    // and a '\r') are kept: the rest is counted and skipped, never read into
    // memory.
    constexpr std::size_t keep = max_line_length + bom.size() + 1;
    buffer_.resize(keep);  // written by index: no capacity check per byte
    char* const kept = buffer_.data();
    for (;;) {
        std::uint64_t length = 0;
        int c = 0;
        int last = 0;
        // Past what is kept, bytes are looked at only as long as the line
        // may still be blank: a long comment line is no error.
        enum class rest { blank, comment, content } skipped = rest::blank;
        errno = 0;
        while ((c = getc_unlocked(file_)) != EOF && c != '\n') {
            if (length < keep) {
                kept[length] = static_cast<char>(c);
            } else if (skipped == rest::blank && !is_space(c)) {
                skipped = c == '#' && (last == ' ' || last == '\t') ? rest::comment : rest::content;
            }
            last = c;
            ++length;
        }
        if (c == EOF && (length == 0 || std::ferror(file_))) {
            if (std::ferror(file_)) error_ = errno != 0 ? errno : EIO;
            return false;
        }
        line.text = std::string_view(kept, std::min<std::uint64_t>(length, keep));
        line.number = ++line_number_;
        if (line.number == 1 && line.text.substr(0, bom.size()) == bom) {
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

}  // namespace urlcheck
