// Markdown with md4c. md4c reports each text run as a pointer into the
// document, so a link's place is exact: the start of its text (for a
// reference-style link, where it is used, not where it is defined). cmark
// was the other candidate; it gives source positions for blocks only, so a
// link in a long paragraph would get the paragraph's first line.
#include <md4c.h>

#include <limits>

#include "extract/positions.hpp"

namespace urlcheck::extract {

namespace {

constexpr std::size_t unplaced = std::numeric_limits<std::size_t>::max();

void append_utf8(std::string& out, unsigned long code) {
    if (code == 0 || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) code = 0xFFFD;
    if (code < 0x80) {
        out += static_cast<char>(code);
    } else if (code < 0x800) {
        out += static_cast<char>(0xC0 | (code >> 6));
        out += static_cast<char>(0x80 | (code & 0x3F));
    } else if (code < 0x10000) {
        out += static_cast<char>(0xE0 | (code >> 12));
        out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (code & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (code >> 18));
        out += static_cast<char>(0x80 | ((code >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (code & 0x3F));
    }
}

// An entity md4c found in a link destination ("&amp;", "&#x2F;"): numeric
// ones and those a URL is written with; any other stays as written (md4c
// exports no table of the 2,000 names).
std::string decoded_entity(std::string_view entity) {
    if (entity.size() > 3 && entity[1] == '#') {
        const bool hex = entity[2] == 'x' || entity[2] == 'X';
        unsigned long code = 0;
        for (const char c : entity.substr(hex ? 3 : 2, entity.size() - (hex ? 4 : 3))) {
            const int digit = c >= '0' && c <= '9'          ? c - '0'
                              : hex && c >= 'a' && c <= 'f' ? c - 'a' + 10
                              : hex && c >= 'A' && c <= 'F' ? c - 'A' + 10
                                                            : -1;
            if (digit < 0) return std::string(entity);
            // Past U+10FFFF it is U+FFFD whatever follows: stop growing.
            if (code <= 0x10FFFF) code = code * (hex ? 16 : 10) + static_cast<unsigned long>(digit);
        }
        std::string out;
        append_utf8(out, code);
        return out;
    }
    if (entity == "&amp;") return "&";
    if (entity == "&lt;") return "<";
    if (entity == "&gt;") return ">";
    if (entity == "&quot;") return "\"";
    if (entity == "&apos;") return "'";
    return std::string(entity);
}

std::string decode(const MD_ATTRIBUTE& attribute) {
    std::string out;
    for (std::size_t i = 0; attribute.substr_offsets[i] < attribute.size; ++i) {
        const std::string_view piece(attribute.text + attribute.substr_offsets[i],
                                     attribute.substr_offsets[i + 1] - attribute.substr_offsets[i]);
        switch (attribute.substr_types[i]) {
            case MD_TEXT_ENTITY: out += decoded_entity(piece); break;
            case MD_TEXT_NULLCHAR: append_utf8(out, 0xFFFD); break;
            default: out.append(piece);
        }
    }
    return out;
}

struct walk {
    std::string_view document;
    line_index lines;
    std::vector<link> links;
    // Links open around the current text: their index in `links` and the
    // offset that places them (unplaced until their first text).
    struct open_link {
        std::size_t index;
        std::size_t offset;
        std::size_t destination;  // where the destination is written, or unplaced
    };
    std::vector<open_link> open;
    std::size_t last_text = 0;  // the offset of the latest text seen
    // An HTML block, from its first byte to its last, parsed as one.
    std::size_t html_start = unplaced;
    std::size_t html_end = 0;
    bool in_html_block = false;

    std::size_t offset_of(const MD_CHAR* p) const {
        if (p < document.data() || p > document.data() + document.size()) return unplaced;
        return static_cast<std::size_t>(p - document.data());
    }

    void enter_link(const MD_ATTRIBUTE& destination) {
        open.push_back({links.size(), unplaced, offset_of(destination.text)});
        links.push_back({decode(destination), 0, 0});
    }

    void leave_link() {
        if (open.empty()) return;
        const open_link l = open.back();
        open.pop_back();
        // "[](url)" has no text: its destination, else the text before it.
        const std::size_t at = l.offset != unplaced ? l.offset : l.destination != unplaced ? l.destination : last_text;
        link& placed = links[l.index];
        placed = lines.place(std::move(placed.url), at);
    }

    void text(MD_TEXTTYPE type, const MD_CHAR* p, MD_SIZE size) {
        const std::size_t at = offset_of(p);
        if (at == unplaced) return;
        if (type == MD_TEXT_HTML) {
            if (in_html_block) {
                html_start = std::min(html_start, at);
                html_end = std::max(html_end, at + size);
            } else {
                add_html_links(document.substr(at, size), at, lines, links);
            }
        }
        last_text = at;
        for (auto& l : open)
            if (l.offset == unplaced) l.offset = at;
    }

    void leave_html_block() {
        in_html_block = false;
        if (html_start < html_end && html_end <= document.size())
            add_html_links(document.substr(html_start, html_end - html_start), html_start, lines, links);
        html_start = unplaced;
        html_end = 0;
    }
};

int on_enter_block(MD_BLOCKTYPE type, void*, void* data) {
    if (type == MD_BLOCK_HTML) static_cast<walk*>(data)->in_html_block = true;
    return 0;
}

int on_leave_block(MD_BLOCKTYPE type, void*, void* data) {
    if (type == MD_BLOCK_HTML) static_cast<walk*>(data)->leave_html_block();
    return 0;
}

int on_enter_span(MD_SPANTYPE type, void* detail, void* data) {
    auto& w = *static_cast<walk*>(data);
    if (type == MD_SPAN_A) w.enter_link(static_cast<const MD_SPAN_A_DETAIL*>(detail)->href);
    if (type == MD_SPAN_IMG) w.enter_link(static_cast<const MD_SPAN_IMG_DETAIL*>(detail)->src);
    return 0;
}

int on_leave_span(MD_SPANTYPE type, void*, void* data) {
    if (type == MD_SPAN_A || type == MD_SPAN_IMG) static_cast<walk*>(data)->leave_link();
    return 0;
}

int on_text(MD_TEXTTYPE type, const MD_CHAR* text, MD_SIZE size, void* data) {
    static_cast<walk*>(data)->text(type, text, size);
    return 0;
}

}  // namespace

std::vector<link> from_markdown(std::string_view text) {
    // md4c counts in 32-bit sizes; list_reader caps documents far below.
    if (text.size() > std::numeric_limits<MD_SIZE>::max()) return {};
    walk w{text, line_index(text), {}, {}};
    MD_PARSER parser{};
    parser.abi_version = 0;
    // GitHub's dialect, less the "www." and e-mail autolinks: what is
    // checked is http(s) URLs written as such.
    parser.flags = MD_FLAG_TABLES | MD_FLAG_STRIKETHROUGH | MD_FLAG_TASKLISTS | MD_FLAG_PERMISSIVEURLAUTOLINKS;
    parser.enter_block = on_enter_block;
    parser.leave_block = on_leave_block;
    parser.enter_span = on_enter_span;
    parser.leave_span = on_leave_span;
    parser.text = on_text;
    md_parse(text.data(), static_cast<MD_SIZE>(text.size()), &parser, &w);
    // Spans left open by an aborted parse still get a place.
    while (!w.open.empty()) w.leave_link();
    return std::move(w.links);
}

}  // namespace urlcheck::extract
