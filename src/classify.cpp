#include "classify.hpp"

#include "redirect.hpp"
#include "urlcheck/duration.hpp"

#include <boost/asio/error.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/system/errc.hpp>
#include <fmt/format.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509_vfy.h>

#include <algorithm>

namespace urlcheck {

namespace asio_error = boost::asio::error;
namespace http_error = boost::beast::http;

std::string_view describe(phase p) noexcept {
    switch (p) {
        case phase::dns: return "resolving the host name";
        case phase::connect: return "connecting";
        case phase::tls_handshake: return "during the TLS handshake";
        case phase::send_request: return "sending the request";
        case phase::read_header: return "waiting for the response header";
        case phase::read_body: return "reading the response body";
    }
    return "the request";
}

std::string describe_verify_error(long code) {
    switch (code) {
        case X509_V_ERR_CERT_HAS_EXPIRED: return "certificate expired";
        case X509_V_ERR_CERT_NOT_YET_VALID: return "certificate not yet valid";
        case X509_V_ERR_HOSTNAME_MISMATCH: return "hostname mismatch";
        case X509_V_ERR_IP_ADDRESS_MISMATCH: return "IP address mismatch";
        case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT: return "self-signed certificate";
        case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN: return "untrusted: self-signed certificate in chain";
        case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
        case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
            return "untrusted: unable to get issuer certificate (unknown CA, or the server left out an intermediate)";
        case X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE:
            return "untrusted: unable to verify the first certificate (incomplete chain?)";
        case X509_V_ERR_CERT_REVOKED: return "certificate revoked";
        case X509_V_ERR_INVALID_PURPOSE: return "certificate not valid for TLS server authentication";
        case X509_V_ERR_CERT_SIGNATURE_FAILURE: return "certificate signature failure";
        case X509_V_ERR_EE_KEY_TOO_SMALL:
        case X509_V_ERR_CA_KEY_TOO_SMALL:
        case X509_V_ERR_CA_MD_TOO_WEAK: return "certificate uses a weak key or digest";
        default: break;
    }
    return fmt::format("certificate verification failed: {}", X509_verify_cert_error_string(code));
}

std::string describe_missing_issuer(std::string_view issuer, int certificates_sent) {
    if (certificates_sent <= 1)
        return fmt::format(
            "untrusted: the issuer certificate was not sent by the server and is not a trusted CA: {} (an "
            "incomplete chain, the server must send its intermediate certificates; or an unknown CA)",
            issuer);
    return fmt::format("untrusted: the chain the server sent ends at an issuer that is not a trusted CA: {} "
                       "(an unknown or private CA)",
                       issuer);
}

std::string quote_first_line(std::string_view received) {
    constexpr std::size_t max = 60;
    const std::string_view line = received.substr(0, received.find_first_of("\r\n"));
    std::string out = "\"";
    for (unsigned char c : line.substr(0, max)) {
        if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\')
            out += fmt::format("\\x{:02x}", c);
        else
            out += static_cast<char>(c);
    }
    out += '"';
    if (line.size() > max) out += "...";
    return out;
}

bool is_out_of_descriptors(const boost::system::error_code& ec) noexcept {
    return ec == asio_error::no_descriptors || ec == boost::system::errc::too_many_files_open_in_system;
}

namespace {

bool is_timeout(const boost::system::error_code& ec) {
    return ec == boost::beast::error::timeout || ec == asio_error::timed_out;
}

// The peer went away or spoke something that is not HTTP/1.x: all of it is
// "protocol" while no complete response header has arrived.
bool is_connection_lost(const boost::system::error_code& ec) {
    return ec == asio_error::eof || ec == asio_error::connection_reset || ec == asio_error::broken_pipe ||
           ec == asio_error::connection_aborted || ec == boost::asio::ssl::error::stream_truncated ||
           ec == http_error::error::end_of_stream || ec == http_error::error::partial_message;
}

std::string lost_message(const boost::system::error_code& ec, phase where) {
    const char* what = ec == asio_error::connection_reset ? "connection reset by peer" : "connection closed by peer";
    if (where == phase::send_request) return fmt::format("{} while sending the request", what);
    return fmt::format("{} before a complete response header", what);
}

// The server and urlcheck share no protocol version: a TLS 1.3-aware server
// answers the ClientHello with a protocol_version alert, an older one picks
// its own old version, which the client then refuses.
bool is_protocol_version_refused(const boost::system::error_code& ec) {
    if (ec.category() != boost::asio::error::get_ssl_category()) return false;
    const int reason = ERR_GET_REASON(static_cast<unsigned long>(ec.value()));
    return reason == SSL_R_TLSV1_ALERT_PROTOCOL_VERSION || reason == SSL_R_UNSUPPORTED_PROTOCOL ||
           reason == SSL_R_WRONG_SSL_VERSION || reason == SSL_R_NO_PROTOCOLS_AVAILABLE;
}

std::string http_parse_message(const boost::system::error_code& ec, std::string_view received) {
    using http_error::error;
    if (ec == error::header_limit || ec == error::buffer_overflow) return "response header too large";
    if (ec == error::bad_version || ec == error::bad_status || ec == error::bad_reason) {
        if (received.empty()) return "not an HTTP/1.x response (bad status line)";
        return fmt::format("not an HTTP/1.x response (bad status line): {}", quote_first_line(received));
    }
    const char* what = nullptr;
    if (ec == error::bad_line_ending) what = "a line ends in a CR without LF";
    if (ec == error::bad_field) what = "invalid header field name";
    if (ec == error::bad_value) what = "invalid character in a header value (NUL or another control character)";
    if (ec == error::bad_obs_fold) what = "invalid folded header line";
    if (ec == error::multiple_content_length) what = "conflicting Content-Length headers";
    if (ec == error::bad_content_length)
        what = "invalid Content-Length (not a number, or sent with chunked Transfer-Encoding)";
    if (ec == error::bad_transfer_encoding)
        what = "invalid Transfer-Encoding (chunked twice, or sent with Content-Length)";
    return fmt::format("invalid HTTP response: {}", what != nullptr ? what : ec.message());
}

// "6 of 75 bytes", "19 bytes": how much of a body arrived.
std::string body_bytes(const body_progress& body) {
    if (body.length) return fmt::format("{} of {} byte{}", body.read, *body.length, *body.length == 1 ? "" : "s");
    return fmt::format("{} byte{}", body.read, body.read == 1 ? "" : "s");
}

// What is wrong with the chunk header a chunked body stopped at; empty when
// it is merely incomplete. Beast looks at a chunk size only once its whole
// line is in, so "ILLEGAL" followed by a close reads as a body cut short;
// and it reports a size that is not hex and one over 64 bits alike.
std::string chunk_header_problem(std::string_view unparsed, bool after_chunk_data) {
    if (after_chunk_data) {
        constexpr std::string_view crlf = "\r\n";  // ends every chunk's data
        const std::size_t n = std::min(unparsed.size(), crlf.size());
        if (unparsed.substr(0, n) != crlf.substr(0, n))
            return "invalid chunk in the body: more data than its size (no CRLF after it)";
        if (n < crlf.size()) return {};
        unparsed.remove_prefix(n);
    }
    if (unparsed.empty()) return {};
    const std::size_t digits = std::min(unparsed.find_first_not_of("0123456789abcdefABCDEF"), unparsed.size());
    if (digits == 0)
        return fmt::format("invalid chunk size in the body: {} (not hexadecimal)", quote_first_line(unparsed));
    const std::size_t zeros = std::min(unparsed.find_first_not_of('0'), digits);
    if (digits - zeros > 16)
        return fmt::format("chunk size too large in the body: {} (over 64 bits)", quote_first_line(unparsed));
    return {};
}

}  // namespace

failure classify_body(const boost::system::error_code& ec, std::chrono::milliseconds limit,
                      const body_progress& body) {
    // A malformed chunk header is the cause even when the server then
    // closes or stalls.
    if (body.chunked) {
        if (auto problem = chunk_header_problem(body.unparsed, body.read > 0); !problem.empty())
            return {error_kind::protocol, std::move(problem)};
    }
    if (is_timeout(ec))
        return {error_kind::timeout, fmt::format("timed out after {} {} ({} read)", format_duration(limit),
                                                 describe(phase::read_body), body_bytes(body))};
    if (is_connection_lost(ec)) {
        const char* what = ec == asio_error::connection_reset ? "connection reset by peer" : "connection closed";
        return {error_kind::protocol, fmt::format("body cut short: {} after {}{}", what, body_bytes(body),
                                                  body.chunked ? ", before the end of the chunked body" : "")};
    }
    if (ec == http_error::error::bad_chunk_extension)
        return {error_kind::protocol, "invalid chunk extension in the body"};
    if (ec.category() == http_error::make_error_code(http_error::error::bad_version).category())
        return {error_kind::protocol, fmt::format("invalid HTTP response body: {}", ec.message())};
    if (ec.category() == boost::asio::error::get_ssl_category() ||
        ec.category() == boost::asio::ssl::error::get_stream_category())
        return {error_kind::protocol, fmt::format("TLS error {}: {}", describe(phase::read_body), ec.message())};
    return {error_kind::protocol, fmt::format("error {}: {}", describe(phase::read_body), ec.message())};
}

failure classify(phase where, const boost::system::error_code& ec, std::chrono::milliseconds limit,
                 std::string_view received) {
    // A shortage of this machine, whatever step met it: never the URL's fault.
    if (is_out_of_descriptors(ec))
        return {error_kind::resource,
                fmt::format("out of file descriptors ({}) for {}",
                            ec == asio_error::no_descriptors ? "EMFILE: too many open files in this process"
                                                             : "ENFILE: too many open files in the system",
                            where == phase::dns ? "a DNS query" : "a connection")};
    if (is_timeout(ec))
        return {error_kind::timeout, fmt::format("timed out after {} {}", format_duration(limit), describe(where))};

    switch (where) {
        case phase::dns:
            if (ec == asio_error::host_not_found) return {error_kind::dns, "host not found (NXDOMAIN)"};
            if (ec == asio_error::host_not_found_try_again)
                return {error_kind::dns, "temporary DNS failure (SERVFAIL, REFUSED or no answer from the DNS server)"};
            if (ec == asio_error::no_data) return {error_kind::dns, "host has no address"};
            if (ec == asio_error::invalid_argument) return {error_kind::dns, "invalid host name"};
            return {error_kind::dns, fmt::format("DNS lookup failed: {}", ec.message())};
        case phase::connect:
            if (ec == asio_error::connection_refused) return {error_kind::connect, "connection refused"};
            if (ec == asio_error::network_unreachable) return {error_kind::connect, "network unreachable"};
            if (ec == asio_error::host_unreachable) return {error_kind::connect, "host unreachable"};
            if (ec == asio_error::address_family_not_supported)
                return {error_kind::connect, "no address of the IP version asked for (-4/-6)"};
            return {error_kind::connect, fmt::format("connect failed: {}", ec.message())};
        case phase::tls_handshake:
            if (ec == asio_error::connection_reset) return {error_kind::tls, "connection reset during the TLS handshake"};
            if (is_connection_lost(ec)) return {error_kind::tls, "connection closed during the TLS handshake"};
            if (is_protocol_version_refused(ec))
                return {error_kind::tls,
                        fmt::format("TLS handshake failed: the server offers only TLS versions older than 1.2, "
                                    "which urlcheck refuses ({})",
                                    ec.message())};
            if (ec.message().find("wrong version number") != std::string::npos)
                return {error_kind::tls, "TLS handshake failed: wrong version number (is the server speaking plain HTTP?)"};
            return {error_kind::tls, fmt::format("TLS handshake failed: {}", ec.message())};
        case phase::send_request:
        case phase::read_header:
        case phase::read_body:
            if (is_connection_lost(ec)) return {error_kind::protocol, lost_message(ec, where)};
            if (ec.category() == http_error::make_error_code(http_error::error::bad_version).category())
                return {error_kind::protocol, http_parse_message(ec, received)};
            if (ec.category() == boost::asio::error::get_ssl_category() ||
                ec.category() == boost::asio::ssl::error::get_stream_category())
                return {error_kind::protocol, fmt::format("TLS error: {}", ec.message())};
            return {error_kind::protocol, ec.message()};
    }
    return {error_kind::protocol, ec.message()};
}

namespace {

// The alerts a server sends about the certificate it was given (RFC 8446
// 6.2): after a client certificate was sent, they are about that one.
bool is_certificate_alert(int alert) noexcept {
    switch (alert) {
        case SSL_AD_BAD_CERTIFICATE:
        case SSL_AD_UNSUPPORTED_CERTIFICATE:
        case SSL_AD_CERTIFICATE_REVOKED:
        case SSL_AD_CERTIFICATE_EXPIRED:
        case SSL_AD_CERTIFICATE_UNKNOWN:
        case SSL_AD_UNKNOWN_CA:
        case SSL_AD_ACCESS_DENIED: return true;
        default: return false;
    }
}

}  // namespace

std::optional<failure> classify_client_tls(const client_tls_view& view, const boost::system::error_code& ec) {
    const bool asked_and_none = view.certificate_requested && !view.certificate_sent;
    // TLS 1.3 has an alert of its own for it; TLS 1.2 servers send
    // handshake_failure (OpenSSL, nginx) or a certificate alert.
    if ((view.alert == SSL_AD_CERTIFICATE_REQUIRED && !view.certificate_sent) ||
        (asked_and_none && (view.alert == SSL_AD_HANDSHAKE_FAILURE || is_certificate_alert(view.alert))))
        return failure{error_kind::tls, "the server requires a client certificate (none was sent; see --cert)"};
    if (view.certificate_sent && (is_certificate_alert(view.alert) || view.alert == SSL_AD_CERTIFICATE_REQUIRED))
        return failure{error_kind::tls, fmt::format("the server refused the client certificate (TLS alert: {})",
                                                    SSL_alert_desc_string_long(view.alert))};
    if (view.tls13_required && ec && is_protocol_version_refused(ec))
        return failure{error_kind::tls, "TLS handshake failed: the server does not support TLS 1.3, the oldest "
                                        "version --tls-min 1.3 allows"};
    return std::nullopt;
}

failure classify_status(int status, std::string_view reason, std::string_view location, const accept_list& accept) {
    if (accept.accepts(status)) return {};
    failure f{error_kind::status, reason.empty() ? fmt::format("HTTP {}", status) : fmt::format("HTTP {} {}", status, reason)};
    if (is_redirect_status(status) && location.empty())
        f.message += " (redirect without a Location header)";
    else if (is_redirect_status(status))
        f.message += fmt::format(" -> {}", location);
    return f;
}

void say_tries(result& r) {
    if (r.error != error_kind::timeout || (r.attempts <= 1 && !r.confirmed) || r.message.empty()) return;
    const std::string note = r.confirmed
                                 ? fmt::format(" ({} tr{}, confirmed)", r.attempts, r.attempts == 1 ? "y" : "ies")
                                 : fmt::format(" ({} tries)", r.attempts);
    for (std::string& reason : r.reasons)
        if (reason.size() >= r.message.size() && reason.ends_with(r.message)) reason += note;
    r.message += note;
}

}  // namespace urlcheck
