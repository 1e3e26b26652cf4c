#include "idn.hpp"

#include <algorithm>
#include <array>
#include <cstdlib>
#include <memory>
#include <optional>

#include <boost/url/parse.hpp>
#include <boost/url/pct_string_view.hpp>
#include <fmt/format.h>
#include <idn2.h>

#include "text.hpp"

namespace urlcheck {

namespace {

bool is_ascii(std::string_view s) noexcept {
    return std::all_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

// The label separators of UTS #46 (section 2.3): '.' and, as UTF-8,
// U+3002 IDEOGRAPHIC FULL STOP, U+FF0E FULLWIDTH FULL STOP and U+FF61
// HALFWIDTH IDEOGRAPHIC FULL STOP. Splitting on them here keeps an ASCII
// label next to them out of libidn2 (see to_ascii_host).
constexpr std::array<std::string_view, 3> wide_dots = {"\xE3\x80\x82", "\xEF\xBC\x8E", "\xEF\xBD\xA1"};

// The length of the separator at the start of `s`, or 0.
std::size_t separator_at(std::string_view s) noexcept {
    if (!s.empty() && s.front() == '.') return 1;
    for (const std::string_view dot : wide_dots)
        if (s.substr(0, dot.size()) == dot) return dot.size();
    return 0;
}

bool is_a_label(std::string_view label) noexcept {
    return label.size() >= 4 && ascii_lower(label.substr(0, 4)) == "xn--";
}

// What RFC 3986's reg-name holds besides percent-escapes: a mapped host with
// anything else ("／" maps to '/') would change what the URL means.
bool is_reg_name_char(char c) noexcept {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
    return std::string_view("-._~!$&'()*+,;=").find(c) != std::string_view::npos;
}

// Why `host` (ASCII, or UTF-8 whose ASCII is checked) cannot be a host.
std::optional<std::string> forbidden_char(std::string_view host) {
    const auto bad = std::find_if(host.begin(), host.end(),
                                  [](char c) { return static_cast<unsigned char>(c) < 0x80 && !is_reg_name_char(c); });
    if (bad == host.end()) return std::nullopt;
    return fmt::format("it maps to '{}', which a host name cannot hold", printable({&*bad, 1}));
}

struct idn2_string_deleter {
    void operator()(char* p) const noexcept { idn2_free(p); }
};

}  // namespace

ascii_host to_ascii_host(std::string_view written) {
    // WHATWG URL decodes a host's percent-escapes before mapping it.
    std::string host;
    if (const auto escaped = boost::urls::make_pct_string_view(written);
        escaped && written.find('%') != std::string_view::npos)
        host = escaped->decode();
    else
        host = std::string(written);

    // Decoding ("%00", "%2F") as well as mapping ("／" is '/') can give
    // what no host may hold; a NUL would also end libidn2's input early.
    if (auto why = forbidden_char(host)) return ascii_host{{}, std::move(*why)};
    ascii_host out;
    std::string_view rest = host;
    for (;;) {
        std::size_t end = 0;
        while (end < rest.size() && separator_at(rest.substr(end)) == 0) ++end;
        const std::string label(rest.substr(0, end));
        if (is_ascii(label) && !is_a_label(label)) {
            // Browsers take an ASCII label as it is (CheckHyphens=false,
            // VerifyDnsLength=false); libidn2 would refuse "ab--cd" or a
            // 64-byte label, which DNS may well answer.
            out.host += ascii_lower(label);
        } else {
            // Non-transitional (UTS #46 as browsers since 2017 and
            // IDNA2008: 'ß' stays 'ß'), NFC first (the input may be
            // decomposed). Not USE_STD3_ASCII_RULES: libidn2 then silently
            // drops the characters STD3 forbids ("a_b" becomes "ab").
            char* mapped = nullptr;
            const int rc = idn2_to_ascii_8z(label.c_str(), &mapped, IDN2_NONTRANSITIONAL | IDN2_NFC_INPUT);
            const std::unique_ptr<char, idn2_string_deleter> owned(mapped);
            // An A-label as written is what DNS gets already: symbols that
            // IDNA2008 disallows and UTS #46 allows ("xn--ls8h.la", a
            // registered name) are taken as written, as curl and browsers
            // take them. Malformed Punycode or a control character is still
            // refused.
            if (rc == IDN2_DISALLOWED && is_ascii(label)) {
                out.host += ascii_lower(label);
            } else {
                if (rc != IDN2_OK) return ascii_host{{}, idn2_strerror(rc)};
                if (auto why = forbidden_char(mapped)) return ascii_host{{}, std::move(*why)};
                // UTS #46 deletes some characters outright (U+FEFF, the soft
                // hyphen): a label of only those would leave "https://" or
                // ".example" behind, no host at all.
                if (*mapped == '\0') return ascii_host{{}, "a label holds only characters that map to nothing"};
                out.host += mapped;
            }
        }
        if (end == rest.size()) break;
        out.host += '.';
        rest.remove_prefix(end + separator_at(rest.substr(end)));
    }
    return out;
}

std::string percent_encode_non_ascii(std::string_view text) {
    if (is_ascii(text)) return std::string(text);
    // By hand because boost::urls::encode asserts that its set of characters
    // to keep excludes '%', and here every '%' already in the text must stay
    // as written (it is an escape the user typed), exactly as browsers do.
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(text.size() * 3);
    for (char c : text) {
        auto const byte = static_cast<unsigned char>(c);
        if (byte < 0x80) {
            out += c;
        } else {
            out += '%';
            out += hex[byte >> 4];
            out += hex[byte & 0xF];
        }
    }
    return out;
}

std::string ascii_stand_in(std::string_view url) {
    std::string out(url);
    std::replace_if(
        out.begin(), out.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; }, 'x');
    return out;
}

std::string ascii_url::error() const {
    return fmt::format("international host name '{}' is invalid: {}", printable(host), reason);
}

ascii_url to_ascii_url(std::string_view reference) {
    ascii_url out;
    const bool has_a_label = ascii_lower(reference).find("xn--") != std::string::npos;
    if (is_ascii(reference) && !has_a_label && reference.find('%') == std::string_view::npos) {
        out.url = std::string(reference);
        return out;
    }
    // Boost.URL parses ASCII only: find the host in a stand-in of the same
    // length, then take its bytes from the reference itself.
    const std::string stand_in = ascii_stand_in(reference);
    const auto parsed = boost::urls::parse_uri_reference(stand_in);
    if (!parsed || !parsed->has_authority() || parsed->host_type() != boost::urls::host_type::name) {
        out.url = percent_encode_non_ascii(reference);
        return out;
    }
    const std::string_view host_in_stand_in = parsed->encoded_host();
    const auto host_offset = static_cast<std::size_t>(host_in_stand_in.data() - stand_in.data());
    const std::string_view host = reference.substr(host_offset, host_in_stand_in.size());
    ascii_host mapped = to_ascii_host(host);
    if (!mapped.error.empty()) {
        out.host = std::string(host);
        out.reason = std::move(mapped.error);
        out.host_offset = host_offset;
        return out;
    }
    out.url = percent_encode_non_ascii(reference.substr(0, host_offset));
    out.url += mapped.host;
    out.url += percent_encode_non_ascii(reference.substr(host_offset + host.size()));
    return out;
}

}  // namespace urlcheck
