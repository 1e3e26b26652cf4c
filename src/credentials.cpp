#include "credentials.hpp"

#include <boost/beast/core/string.hpp>
#include <boost/url/parse.hpp>
#include <openssl/evp.h>

#include <algorithm>

namespace urlcheck {

namespace {

// Where an authority ends. In a URL field (the whole string is one URL,
// perhaps invalid as written) only a '/' ends it, so that a raw '#', '?' or
// space in a password still counts as password. In text, the end of the quote
// or a space ends it too.
enum class scope { url, text };

bool ends_authority(char c, scope where) noexcept {
    if (c == '/') return true;
    if (where == scope::url) return false;
    switch (c) {
        case '?': case '#': case ' ': case '\t': case '\r': case '\n': case '\'': case '"': case '<': case '>':
            return true;
        default:
            return false;
    }
}

// Redacts the password of the authority starting at `from` in `text`.
// Returns where the authority ended. The userinfo ends at the last '@' (a
// raw '@' in a password is not valid, but curl and browsers read it so).
std::size_t redact_authority(std::string& text, std::size_t from, scope where) {
    std::size_t end = from;
    while (end < text.size() && !ends_authority(text[end], where)) ++end;
    if (end == from) return end;
    const std::size_t at = text.rfind('@', end - 1);
    if (at == std::string::npos || at < from) return end;
    const std::size_t colon = text.find(':', from);
    if (colon == std::string::npos || colon + 1 >= at) return end;  // a user name alone, or an empty password
    const std::size_t removed = at - colon - 1;
    text.replace(colon + 1, removed, "***");
    return end - removed + 3;
}

// Schemes registered without an authority, whose '@' separates the parts of
// an address or a message ID and is never a userinfo's: mailto (RFC 6068),
// xmpp (RFC 5122), im and pres (RFC 3860, 3859), news (RFC 5538), mid and
// cid (RFC 2392). Their text is shown as written; any other
// "name:text@host" is redacted as if scheme-less, since "user:pass@host" may
// be a URL whose https:// was left out. Not sip and sips: RFC 3261 19.1.1
// lets "sip:user:password@host" carry a password.
bool has_no_authority(std::string_view url) noexcept {
    const std::size_t colon = url.find(':');
    if (colon == std::string_view::npos) return false;
    const std::string_view scheme = url.substr(0, colon);
    for (const char* name : {"mailto", "xmpp", "im", "pres", "news", "mid", "cid"})
        if (boost::beast::iequals(scheme, name)) return true;
    return false;
}

// Every "scheme://" authority from `pos` on.
void redact_in_text(std::string& text, std::size_t pos) {
    while ((pos = text.find("://", pos)) != std::string::npos) pos = redact_authority(text, pos + 3, scope::text);
}

}  // namespace

bool is_credential_header(std::string_view name) noexcept {
    namespace beast = boost::beast;
    return beast::iequals(name, "authorization") || beast::iequals(name, "cookie") ||
           beast::iequals(name, "proxy-authorization");
}

std::string basic_authorization(std::string_view url) {
    if (url.find('@') == std::string_view::npos) return {};  // the common case, without a parse
    auto parsed = boost::urls::parse_uri(url);
    if (!parsed || !parsed->has_userinfo() || parsed->encoded_userinfo().empty()) return {};
    const std::string plain = parsed->user() + ":" + parsed->password();
    // OpenSSL's EVP_EncodeBlock: a public, documented function of a library
    // every build links already. Beast's base64 sits in a detail namespace
    // with no promise to stay, and Boost has no public base64.
    std::string encoded(4 * ((plain.size() + 2) / 3) + 1, '\0');
    const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(encoded.data()),
                                  reinterpret_cast<const unsigned char*>(plain.data()), static_cast<int>(plain.size()));
    encoded.resize(static_cast<std::size_t>(n));
    return "Basic " + encoded;
}

std::string redact_url(std::string_view url) {
    std::string out(url);
    if (out.find('@') == std::string::npos) return out;
    // A URL as written may have no scheme ("user:pass@host/x",
    // "//user:pass@host"): then it starts with its authority.
    std::size_t start = 0;
    const std::size_t scheme_end = out.find("://");
    if (scheme_end != std::string::npos && scheme_end < out.find('/'))
        start = scheme_end + 3;
    else if (out.compare(0, 2, "//") == 0)
        start = 2;
    else if (has_no_authority(out)) {
        redact_in_text(out, 0);  // only URLs inside it, e.g. mailto:a@b?body=https://...
        return out;
    }
    const std::size_t end = redact_authority(out, start, scope::url);
    redact_in_text(out, end);  // URLs inside it, e.g. a query's next=https://...
    return out;
}

std::string redact_text(std::string_view text) {
    std::string out(text);
    if (out.find('@') != std::string::npos) redact_in_text(out, 0);
    return out;
}

namespace {

// "name=***" for one "name=value" of a cookie header; a part without '='
// is all value.
std::string redact_cookie_pair(std::string_view pair) {
    const std::size_t first = pair.find_first_not_of(' ');
    if (first == std::string_view::npos) return std::string(pair);
    const std::size_t eq = pair.find('=');
    if (eq == std::string_view::npos) return std::string(pair.substr(0, first)) + "***";
    return std::string(pair.substr(0, eq + 1)) + "***";
}

}  // namespace

std::string redact_header_value(std::string_view name, std::string_view value) {
    namespace beast = boost::beast;
    if (beast::iequals(name, "authorization") || beast::iequals(name, "proxy-authorization")) {
        const std::size_t space = value.find(' ');
        return space == std::string_view::npos ? "***" : std::string(value.substr(0, space)) + " ***";
    }
    if (beast::iequals(name, "cookie")) {
        std::string out;
        for (std::size_t start = 0; start <= value.size();) {
            const std::size_t semicolon = std::min(value.find(';', start), value.size());
            if (start > 0) out += ';';
            out += redact_cookie_pair(value.substr(start, semicolon - start));
            start = semicolon + 1;
        }
        return out;
    }
    if (beast::iequals(name, "set-cookie")) {
        const std::size_t semicolon = std::min(value.find(';'), value.size());
        return redact_cookie_pair(value.substr(0, semicolon)) + std::string(value.substr(semicolon));
    }
    return redact_text(value);
}

void redact_credentials(result& r) {
    // Only strings with an '@' can hold a userinfo: the rest are left alone
    // at the cost of a scan.
    auto has_at = [](const std::string& s) { return s.find('@') != std::string::npos; };
    if (has_at(r.url)) r.url = redact_url(r.url);
    if (has_at(r.final_url)) r.final_url = redact_url(r.final_url);
    if (has_at(r.message)) r.message = redact_text(r.message);
    for (auto& reason : r.reasons)
        if (has_at(reason)) reason = redact_text(reason);
    // --all-addresses: each address's own words, which quote URLs as well.
    for (auto& address : r.addresses) {
        if (has_at(address.message)) address.message = redact_text(address.message);
        for (auto& reason : address.reasons)
            if (has_at(reason)) reason = redact_text(reason);
    }
}

}  // namespace urlcheck
