// URLs as people write them (a browser's address bar, a sitemap, a
// Location header) into the ASCII form the wire needs: an internationalised
// host name becomes its A-label (libidn2, UTS #46 non-transitional), and
// every other non-ASCII byte is percent-encoded as it is, the way browsers
// do (WHATWG URL). The one place this happens: list lines, --base, extracted
// links, sitemap <loc>s, redirects and --resolve all go through it.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace urlcheck {

// A host name in the form DNS, TLS (SNI and the certificate's names) and
// the Host header take, or why it has none.
struct ascii_host {
    std::string host;   // lower case; empty when `error` is set
    std::string error;  // libidn2's reason ("string contains a disallowed character"); empty if fine
};

// `host` (a reg-name as written: UTF-8, perhaps percent-encoded, labels
// separated by '.' or an ideographic full stop) as ASCII. A label that is
// ASCII and not an A-label ("xn--...") is only lowered, as browsers do
// (no hyphen or length rules: DNS says what it thinks of those); any other
// label goes through libidn2, which also rejects a malformed A-label.
ascii_host to_ascii_host(std::string_view host);

// `text` with every byte from 0x80 up written %XX. UTF-8 so becomes its
// percent-encoding; bytes that are no UTF-8 are encoded as they are, as
// WHATWG URL does. ASCII, '%' included, is untouched, so an escape already
// written stays as it is.
std::string percent_encode_non_ascii(std::string_view text);

// A URL, or a relative reference, with its host (if it has one) through
// to_ascii_host and the rest through percent_encode_non_ascii. When the host
// is refused, `url` is empty, `reason` is why and `host` the host as written
// (starting at `host_offset` of the input). A reference that is no URI even
// then comes back with only its non-ASCII bytes encoded, for the caller's
// parser to judge.
struct ascii_url {
    std::string url;
    std::string host;
    std::string reason;
    std::size_t host_offset = 0;
    bool ok() const noexcept { return reason.empty(); }
    // "international host name 'b\xFCcher.example' is invalid: string
    // encoding error": bytes outside printable ASCII as \xNN, as in every
    // message (text.hpp).
    std::string error() const;
};
ascii_url to_ascii_url(std::string_view reference);

// `url` with each byte from 0x80 up replaced by 'x': a stand-in the URL
// grammar (ASCII only) can check, each byte at its place, so that the
// columns its errors name are the written URL's.
std::string ascii_stand_in(std::string_view url);

}  // namespace urlcheck
