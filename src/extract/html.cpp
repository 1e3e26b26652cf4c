// HTML with gumbo: the HTML5 parsing algorithm (what a browser makes of
// malformed markup), and for every attribute a pointer to its original text,
// so each link's line and column are exact.
#include <gumbo.h>

#include <array>
#include <memory>
#include <utility>

#include "extract/positions.hpp"

namespace urlcheck::extract {

namespace {

struct url_attribute {
    GumboTag tag;
    std::string_view name;
};

// The attributes that hold one URL a reader of the page follows or loads.
constexpr std::array<url_attribute, 22> url_attributes{{
    {GUMBO_TAG_A, "href"},           {GUMBO_TAG_AREA, "href"},       {GUMBO_TAG_LINK, "href"},
    {GUMBO_TAG_IMG, "src"},          {GUMBO_TAG_SCRIPT, "src"},      {GUMBO_TAG_IFRAME, "src"},
    {GUMBO_TAG_FRAME, "src"},        {GUMBO_TAG_EMBED, "src"},       {GUMBO_TAG_AUDIO, "src"},
    {GUMBO_TAG_VIDEO, "src"},        {GUMBO_TAG_SOURCE, "src"},      {GUMBO_TAG_TRACK, "src"},
    {GUMBO_TAG_INPUT, "src"},        {GUMBO_TAG_OBJECT, "data"},     {GUMBO_TAG_VIDEO, "poster"},
    {GUMBO_TAG_FORM, "action"},      {GUMBO_TAG_BLOCKQUOTE, "cite"}, {GUMBO_TAG_Q, "cite"},
    {GUMBO_TAG_INS, "cite"},         {GUMBO_TAG_DEL, "cite"},        {GUMBO_TAG_BUTTON, "formaction"},
    {GUMBO_TAG_INPUT, "formaction"},
}};

bool holds_url(GumboTag tag, std::string_view name) {
    for (const auto& [t, n] : url_attributes)
        if (t == tag && n == name) return true;
    return false;
}

// Elements whose content is code or not text at all: nothing in it is a
// link (lychee's default, too).
bool verbatim(GumboTag tag) {
    return tag == GUMBO_TAG_CODE || tag == GUMBO_TAG_PRE || tag == GUMBO_TAG_SCRIPT || tag == GUMBO_TAG_STYLE ||
           tag == GUMBO_TAG_TEXTAREA || tag == GUMBO_TAG_KBD || tag == GUMBO_TAG_SAMP;
}

bool html_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'; }

// Where `value` (decoded) starts in the document: after the quote of its
// original text. Entities can make the two differ in length, never in start.
std::size_t value_offset(const GumboAttribute& attribute, std::string_view document, std::size_t offset) {
    const GumboStringPiece& original = attribute.original_value;
    if (original.data == nullptr || original.length == 0) return offset;
    auto at = static_cast<std::size_t>(original.data - document.data());
    if (original.data[0] == '"' || original.data[0] == '\'') ++at;
    return offset + at;
}

std::string_view unquoted(const GumboStringPiece& original) {
    std::string_view text(original.data, original.data == nullptr ? 0 : original.length);
    if (text.size() >= 2 && (text.front() == '"' || text.front() == '\'') && text.back() == text.front())
        text = text.substr(1, text.size() - 2);
    return text;
}

// srcset="a.png 1x, https://x.test/b.png 2x": the URL of each candidate,
// with its offset in the decoded value (the HTML standard's parsing, less
// the descriptors' details).
std::vector<std::pair<std::string_view, std::size_t>> srcset_urls(std::string_view value) {
    std::vector<std::pair<std::string_view, std::size_t>> urls;
    std::size_t i = 0;
    while (i < value.size()) {
        while (i < value.size() && (html_space(value[i]) || value[i] == ',')) ++i;
        const std::size_t start = i;
        while (i < value.size() && !html_space(value[i])) ++i;
        std::string_view url = value.substr(start, i - start);
        const bool last_of_candidate = !url.empty() && url.back() == ',';
        while (!url.empty() && url.back() == ',') url.remove_suffix(1);
        if (!url.empty()) urls.emplace_back(url, start);
        if (!last_of_candidate) {
            // Skip the descriptors ("2x", "100w") up to the next candidate.
            while (i < value.size() && value[i] != ',') ++i;
        }
    }
    return urls;
}

struct output_deleter {
    void operator()(GumboOutput* output) const noexcept { gumbo_destroy_output(&kGumboDefaultOptions, output); }
};

}  // namespace

void add_html_links(std::string_view html, std::size_t offset, const line_index& lines, std::vector<link>& out) {
    GumboOptions options = kGumboDefaultOptions;
    options.max_errors = 0;  // the parse errors are not reported: keep none
    const std::unique_ptr<GumboOutput, output_deleter> parsed(
        gumbo_parse_with_options(&options, html.data(), html.size()));
    if (!parsed) return;
    // Depth first, in document order, without recursion: nesting depth is
    // the document's to choose.
    // A URL in a link's text is that link's, already taken from its href.
    struct visit {
        const GumboNode* node;
        bool in_link;
    };
    std::vector<visit> pending{{parsed->document, false}};
    while (!pending.empty()) {
        const auto [node, in_link] = pending.back();
        pending.pop_back();
        if (node->type == GUMBO_NODE_TEXT && !in_link) {
            const GumboStringPiece& text = node->v.text.original_text;
            if (text.data != nullptr && text.data >= html.data() &&
                text.data + text.length <= html.data() + html.size())
                add_bare_urls({text.data, text.length}, offset + static_cast<std::size_t>(text.data - html.data()),
                              lines, out);
            continue;
        }
        if (node->type != GUMBO_NODE_ELEMENT && node->type != GUMBO_NODE_DOCUMENT) continue;
        const GumboVector* children = nullptr;
        bool link_below = in_link;
        if (node->type == GUMBO_NODE_ELEMENT) {
            const GumboElement& element = node->v.element;
            // The parser repeats an unclosed <a> or <b> in later blocks
            // ("<a href=x>1<p>2"): a copy is not another link in the source.
            const bool copy = (node->parse_flags & (GUMBO_INSERTION_RECONSTRUCTED_FORMATTING_ELEMENT |
                                                    GUMBO_INSERTION_ADOPTION_AGENCY_CLONED)) != 0;
            for (unsigned i = 0; !copy && i < element.attributes.length; ++i) {
                const auto& attribute = *static_cast<const GumboAttribute*>(element.attributes.data[i]);
                const std::string_view name = attribute.name;
                const std::string_view value = attribute.value;
                const std::size_t at = value_offset(attribute, html, offset);
                if (holds_url(element.tag, name)) {
                    out.push_back(lines.place(std::string(value), at));
                } else if (name == "srcset" && (element.tag == GUMBO_TAG_IMG || element.tag == GUMBO_TAG_SOURCE)) {
                    // Offsets in the decoded value are the source's only when
                    // nothing was decoded (an entity, a byte that is not
                    // UTF-8); else each candidate is placed at the value.
                    const bool verbatim_value = unquoted(attribute.original_value) == value;
                    for (const auto& [url, start] : srcset_urls(value))
                        out.push_back(lines.place(std::string(url), verbatim_value ? at + start : at));
                }
            }
            if (verbatim(element.tag)) continue;
            children = &element.children;
            link_below = link_below || element.tag == GUMBO_TAG_A;
        } else {
            children = &node->v.document.children;
        }
        for (unsigned i = children->length; i > 0; --i)
            pending.push_back({static_cast<const GumboNode*>(children->data[i - 1]), link_below});
    }
}

std::vector<link> from_html(std::string_view text) {
    std::vector<link> links;
    add_html_links(text, 0, line_index(text), links);
    return links;
}

}  // namespace urlcheck::extract
