#include "classify.hpp"

#include "redirect.hpp"

#include <boost/asio/error.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/http/error.hpp>
#include <fmt/format.h>
#include <openssl/x509_vfy.h>

namespace urlcheck {

namespace asio_error = boost::asio::error;
namespace http_error = boost::beast::http;

std::string_view describe(phase p) noexcept {
    switch (p) {
        case phase::dns: return "resolving the host name";
        case phase::connect: return "connecting";
        case phase::tls_handshake: return "the TLS handshake";
        case phase::send_request: return "sending the request";
        case phase::read_header: return "waiting for the response header";
        case phase::read_body: return "reading the response body";
    }
    return "the request";
}

std::string format_duration(std::chrono::milliseconds d) {
    if (d.count() < 1000) return fmt::format("{} ms", d.count());
    if (d.count() % 1000 == 0) return fmt::format("{} s", d.count() / 1000);
    return fmt::format("{:.1f} s", static_cast<double>(d.count()) / 1000.0);
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

std::string http_parse_message(const boost::system::error_code& ec) {
    if (ec == http_error::error::header_limit) return "response header too large";
    if (ec == http_error::error::buffer_overflow) return "response header too large";
    if (ec == http_error::error::bad_version || ec == http_error::error::bad_status ||
        ec == http_error::error::bad_reason)
        return "not an HTTP/1.x response (bad status line)";
    return fmt::format("invalid HTTP response: {}", ec.message());
}

}  // namespace

failure classify(phase where, const boost::system::error_code& ec, std::chrono::milliseconds limit) {
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
            if (is_connection_lost(ec)) return {error_kind::tls, "connection closed during the TLS handshake"};
            if (ec.message().find("wrong version number") != std::string::npos)
                return {error_kind::tls, "TLS handshake failed: wrong version number (is the server speaking plain HTTP?)"};
            return {error_kind::tls, fmt::format("TLS handshake failed: {}", ec.message())};
        case phase::send_request:
        case phase::read_header:
        case phase::read_body:
            if (is_connection_lost(ec)) return {error_kind::protocol, lost_message(ec, where)};
            if (ec.category() == http_error::make_error_code(http_error::error::bad_version).category())
                return {error_kind::protocol, http_parse_message(ec)};
            if (ec.category() == boost::asio::error::get_ssl_category() ||
                ec.category() == boost::asio::ssl::error::get_stream_category())
                return {error_kind::protocol, fmt::format("TLS error: {}", ec.message())};
            return {error_kind::protocol, ec.message()};
    }
    return {error_kind::protocol, ec.message()};
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

}  // namespace urlcheck
