#include "redirect.hpp"

#include <boost/url/grammar/ci_string.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/url.hpp>
#include <fmt/format.h>

#include "idn.hpp"

namespace urlcheck {

namespace urls = boost::urls;

bool is_redirect_status(int status) noexcept {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

namespace {

std::uint16_t effective_port(const urls::url_view& u) {
    if (u.has_port() && !u.port().empty()) return u.port_number();  // "host:/" is the default port
    return u.scheme_id() == urls::scheme::https ? 443 : 80;
}

}  // namespace

redirect_target resolve_redirect(std::string_view current_url, std::string_view location) {
    redirect_target out;
    auto base = urls::parse_uri(current_url);
    if (!base) {
        out.error = fmt::format("cannot resolve a redirect from '{}'", current_url);
        return out;
    }
    // Servers do send spaces and other raw characters in Location; browsers
    // and curl percent-encode them rather than give up, so do the same,
    // first for the ASCII that no URL may hold...
    std::string fixed(location);
    if (!urls::parse_uri_reference(ascii_stand_in(location))) {
        fixed.clear();
        for (unsigned char c : location) {
            if (c <= 0x20 || c == 0x7f || c == '"' || c == '<' || c == '>' || c == '\\' || c == '^' || c == '`' ||
                c == '{' || c == '|' || c == '}')
                fixed += fmt::format("%{:02X}", c);
            else
                fixed += static_cast<char>(c);
        }
    }
    // ...then for raw UTF-8, as a list line: the host as its A-label, the
    // rest percent-encoded. `ascii` outlives `ref`, which points into it.
    const ascii_url ascii = to_ascii_url(fixed);
    if (!ascii.ok()) {
        out.error = fmt::format("invalid Location header: {}", ascii.error());
        return out;
    }
    const auto ref = urls::parse_uri_reference(ascii.url);
    if (!ref) {
        out.error = fmt::format("invalid Location header '{}'", location);
        return out;
    }
    urls::url resolved;
    auto rv = urls::resolve(*base, *ref, resolved);
    if (!rv) {
        out.error = fmt::format("cannot resolve Location '{}': {}", location, rv.error().message());
        return out;
    }
    resolved.remove_fragment();
    const auto scheme = resolved.scheme_id();
    if (scheme != urls::scheme::http && scheme != urls::scheme::https) {
        out.error = fmt::format("refused redirect to non-HTTP URL '{}'", std::string_view(resolved.buffer()));
        return out;
    }
    if (resolved.encoded_host().empty()) {
        out.error = fmt::format("redirect to a URL without a host: '{}'", location);
        return out;
    }
    resolved.normalize_scheme();
    out.same_origin = base->scheme_id() == scheme && effective_port(*base) == effective_port(resolved) &&
                      urls::grammar::ci_is_equal(base->host(), resolved.host());
    out.url = std::string(resolved.buffer());
    return out;
}

}  // namespace urlcheck
