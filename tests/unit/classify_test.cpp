#include "classify.hpp"

#include <boost/asio/error.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/system/errc.hpp>
#include <gtest/gtest.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509_vfy.h>

#include <string>
#include <string_view>

namespace urlcheck {
namespace {

using namespace std::chrono_literals;
namespace asio_error = boost::asio::error;
namespace http = boost::beast::http;

struct classify_case {
    phase where;
    boost::system::error_code ec;
    error_kind kind;
    const char* message_part;
};

class Classify : public ::testing::TestWithParam<classify_case> {};

TEST_P(Classify, KindAndMessage) {
    const auto& c = GetParam();
    auto f = classify(c.where, c.ec, 5s);
    EXPECT_EQ(f.kind, c.kind) << f.message;
    EXPECT_NE(f.message.find(c.message_part), std::string::npos) << f.message;
}

INSTANTIATE_TEST_SUITE_P(
    Table, Classify,
    ::testing::Values(
        classify_case{phase::dns, asio_error::host_not_found, error_kind::dns, "NXDOMAIN"},
        classify_case{phase::dns, asio_error::host_not_found_try_again, error_kind::dns, "temporary"},
        classify_case{phase::dns, asio_error::host_not_found_try_again, error_kind::dns, "SERVFAIL, REFUSED"},
        classify_case{phase::dns, asio_error::no_data, error_kind::dns, "no address"},
        classify_case{phase::dns, asio_error::invalid_argument, error_kind::dns, "invalid host name"},
        classify_case{phase::dns, asio_error::timed_out, error_kind::timeout, "resolving"},
        classify_case{phase::connect, asio_error::connection_refused, error_kind::connect, "refused"},
        classify_case{phase::connect, asio_error::network_unreachable, error_kind::connect, "unreachable"},
        classify_case{phase::connect, asio_error::address_family_not_supported, error_kind::connect, "-4/-6"},
        classify_case{phase::connect, boost::beast::error::timeout, error_kind::timeout, "after 5 s connecting"},
        classify_case{phase::connect, asio_error::no_descriptors, error_kind::resource,
                      "out of file descriptors (EMFILE: too many open files in this process) for a connection"},
        classify_case{phase::connect, make_error_code(boost::system::errc::too_many_files_open_in_system),
                      error_kind::resource, "(ENFILE: too many open files in the system)"},
        classify_case{phase::dns, asio_error::no_descriptors, error_kind::resource, "(EMFILE"},
        classify_case{phase::tls_handshake, boost::beast::error::timeout, error_kind::timeout,
                      "timed out after 5 s during the TLS handshake"},
        classify_case{phase::tls_handshake, asio_error::eof, error_kind::tls, "closed during the TLS handshake"},
        classify_case{phase::tls_handshake, asio_error::connection_reset, error_kind::tls,
                      "connection reset during the TLS handshake"},
        classify_case{phase::tls_handshake,
                      {static_cast<int>(ERR_PACK(ERR_LIB_SSL, 0, SSL_R_TLSV1_ALERT_PROTOCOL_VERSION)),
                       boost::asio::error::get_ssl_category()},
                      error_kind::tls, "only TLS versions older than 1.2"},
        classify_case{phase::tls_handshake,
                      {static_cast<int>(ERR_PACK(ERR_LIB_SSL, 0, SSL_R_UNSUPPORTED_PROTOCOL)),
                       boost::asio::error::get_ssl_category()},
                      error_kind::tls, "only TLS versions older than 1.2"},
        classify_case{phase::read_header, boost::beast::error::timeout, error_kind::timeout, "response header"},
        classify_case{phase::read_header, http::error::end_of_stream, error_kind::protocol, "before a complete"},
        classify_case{phase::read_header, http::error::partial_message, error_kind::protocol, "before a complete"},
        classify_case{phase::read_header, asio_error::connection_reset, error_kind::protocol, "reset"},
        classify_case{phase::read_header, http::error::bad_version, error_kind::protocol, "not an HTTP"},
        classify_case{phase::read_header, http::error::header_limit, error_kind::protocol, "too large"},
        classify_case{phase::read_header, http::error::bad_chunk, error_kind::protocol, "invalid HTTP"},
        classify_case{phase::read_header, http::error::multiple_content_length, error_kind::protocol,
                      "invalid HTTP response: conflicting Content-Length headers"},
        classify_case{phase::read_header, http::error::bad_transfer_encoding, error_kind::protocol,
                      "invalid Transfer-Encoding"},
        classify_case{phase::read_header, http::error::bad_value, error_kind::protocol, "NUL"},
        classify_case{phase::read_header, http::error::bad_line_ending, error_kind::protocol, "CR without LF"},
        classify_case{phase::send_request, asio_error::broken_pipe, error_kind::protocol, "sending"}));

body_progress of_length(std::uint64_t read, std::uint64_t length) {
    body_progress b;
    b.read = read;
    b.length = length;
    return b;
}

body_progress to_the_close(std::uint64_t read) {
    body_progress b;
    b.read = read;
    return b;
}

body_progress chunked(std::uint64_t read, std::string_view unparsed = {}) {
    body_progress b;
    b.read = read;
    b.chunked = true;
    b.unparsed = unparsed;
    return b;
}

TEST(ClassifyBody, CutShortSaysHowFar) {
    const auto cut = classify_body(http::error::partial_message, 5s, of_length(6, 75));
    EXPECT_EQ(cut.kind, error_kind::protocol);
    EXPECT_EQ(cut.message, "body cut short: connection closed after 6 of 75 bytes");
    EXPECT_EQ(classify_body(boost::asio::ssl::error::stream_truncated, 5s, of_length(0, 1)).message,
              "body cut short: connection closed after 0 of 1 byte");
    EXPECT_EQ(classify_body(asio_error::connection_reset, 5s, of_length(6, 75)).message,
              "body cut short: connection reset by peer after 6 of 75 bytes");
    EXPECT_EQ(classify_body(http::error::partial_message, 5s, chunked(1)).message,
              "body cut short: connection closed after 1 byte, before the end of the chunked body");
    // A chunk-size line or trailer that is only incomplete is a cut, not a malformed chunk.
    for (std::string_view unparsed : {"\r", "\r\n", "\r\n1f", "\r\n0\r\nX-Sum: 1", "\r\n5;ext=1"})
        EXPECT_EQ(classify_body(http::error::partial_message, 5s, chunked(3, unparsed)).message,
                  "body cut short: connection closed after 3 bytes, before the end of the chunked body")
            << unparsed;
    EXPECT_EQ(classify_body(asio_error::connection_reset, 5s, to_the_close(19)).message,
              "body cut short: connection reset by peer after 19 bytes");
}

TEST(ClassifyBody, MalformedChunksAreNamed) {
    // The first chunk has no CRLF before it; later ones do.
    EXPECT_EQ(classify_body(http::error::partial_message, 5s, chunked(0, "ILLEGAL")).message,
              "invalid chunk size in the body: \"ILLEGAL\" (not hexadecimal)");
    const auto illegal = classify_body(http::error::partial_message, 5s, chunked(2, "\r\nILLEGAL"));
    EXPECT_EQ(illegal.kind, error_kind::protocol);
    EXPECT_EQ(illegal.message, "invalid chunk size in the body: \"ILLEGAL\" (not hexadecimal)");
    EXPECT_EQ(classify_body(http::error::bad_chunk, 5s, chunked(2, "\r\n zz\r\n")).message,
              "invalid chunk size in the body: \" zz\" (not hexadecimal)");
    EXPECT_EQ(classify_body(http::error::bad_chunk, 5s, chunked(0, "10000000000000000\r\nx")).message,
              "chunk size too large in the body: \"10000000000000000\" (over 64 bits)");
    EXPECT_EQ(classify_body(http::error::bad_chunk, 5s, chunked(2, "llo\r\n0\r\n\r\n")).message,
              "invalid chunk in the body: more data than its size (no CRLF after it)");
    // 16 significant digits fit; leading zeros do not count.
    EXPECT_EQ(classify_body(http::error::partial_message, 5s, chunked(0, "000000ffffffffffffffff")).kind,
              error_kind::protocol);
    EXPECT_NE(classify_body(http::error::partial_message, 5s, chunked(0, "000000ffffffffffffffff"))
                  .message.find("cut short"),
              std::string::npos);
    // The malformed chunk is the cause, also when the server then stalls.
    EXPECT_EQ(classify_body(boost::beast::error::timeout, 5s, chunked(2, "\r\nILLEGAL")).kind, error_kind::protocol);
    EXPECT_EQ(classify_body(http::error::bad_chunk_extension, 5s, chunked(0, "5;=\r\n")).message,
              "invalid chunk extension in the body");
    // Only a chunked body has chunk headers to look at.
    EXPECT_EQ(classify_body(http::error::partial_message, 5s, of_length(0, 5)).message,
              "body cut short: connection closed after 0 of 5 bytes");
}

TEST(ClassifyBody, StallIsATimeoutWithTheBytesRead) {
    const auto stalled = classify_body(boost::beast::error::timeout, 2s, to_the_close(19));
    EXPECT_EQ(stalled.kind, error_kind::timeout);
    EXPECT_EQ(stalled.message, "timed out after 2 s reading the response body (19 bytes read)");
    EXPECT_EQ(classify_body(asio_error::timed_out, 1500ms, of_length(5, 100)).message,
              "timed out after 1.5 s reading the response body (5 of 100 bytes read)");
    EXPECT_EQ(classify_body(boost::beast::error::timeout, 2s, chunked(1, "\r\n1")).kind, error_kind::timeout);
}

TEST(ClassifyBody, OtherErrorsSayWhere) {
    const boost::system::error_code tls_error(static_cast<int>(ERR_PACK(ERR_LIB_SSL, 0, SSL_R_DECRYPTION_FAILED)),
                                              boost::asio::error::get_ssl_category());
    const auto tls = classify_body(tls_error, 5s, of_length(1, 2));
    EXPECT_EQ(tls.kind, error_kind::protocol);
    EXPECT_EQ(tls.message.rfind("TLS error reading the response body: ", 0), 0u) << tls.message;
    const auto other = classify_body(asio_error::no_buffer_space, 5s, of_length(1, 2));
    EXPECT_EQ(other.kind, error_kind::protocol);
    EXPECT_EQ(other.message.rfind("error reading the response body: ", 0), 0u) << other.message;
}

TEST(VerifyErrors, NameTheProblem) {
    EXPECT_EQ(describe_verify_error(X509_V_ERR_CERT_HAS_EXPIRED), "certificate expired");
    EXPECT_EQ(describe_verify_error(X509_V_ERR_HOSTNAME_MISMATCH), "hostname mismatch");
    EXPECT_EQ(describe_verify_error(X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT), "self-signed certificate");
    EXPECT_NE(describe_verify_error(X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY).find("untrusted"),
              std::string::npos);
    EXPECT_NE(describe_verify_error(X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE).find("incomplete chain"),
              std::string::npos);
    EXPECT_NE(describe_verify_error(X509_V_ERR_CERT_REJECTED).find("verification failed"), std::string::npos);
}

TEST(Classify, BadStatusLineQuotesWhatArrived) {
    auto f = classify(phase::read_header, http::error::bad_version, 5s, "SSH-2.0-OpenSSH_9.0\r\nmore");
    EXPECT_EQ(f.kind, error_kind::protocol);
    EXPECT_EQ(f.message, "not an HTTP/1.x response (bad status line): \"SSH-2.0-OpenSSH_9.0\"");
    EXPECT_EQ(classify(phase::read_header, http::error::bad_version, 5s).message,
              "not an HTTP/1.x response (bad status line)");
    // Other errors do not quote.
    EXPECT_EQ(classify(phase::read_header, http::error::header_limit, 5s, "HTTP/1.1 200 OK").message,
              "response header too large");
}

TEST(QuoteFirstLine, PrintableAndBounded) {
    EXPECT_EQ(quote_first_line("220 mail.example.com ESMTP\r\n"), "\"220 mail.example.com ESMTP\"");
    EXPECT_EQ(quote_first_line("<html>\nbody"), "\"<html>\"");
    EXPECT_EQ(quote_first_line(""), "\"\"");
    EXPECT_EQ(quote_first_line(std::string_view("a\0b\x16\xff\"\\", 7)), "\"a\\x00b\\x16\\xff\\x22\\x5c\"");
    EXPECT_EQ(quote_first_line(std::string(100, 'x')), "\"" + std::string(60, 'x') + "\"...");
    EXPECT_EQ(quote_first_line(std::string(60, 'x')), "\"" + std::string(60, 'x') + "\"");
}

TEST(VerifyErrors, MissingIssuerSaysTheChainIsIncomplete) {
    const auto alone = describe_missing_issuer("/CN=Some Intermediate", 1);
    EXPECT_EQ(alone.rfind("untrusted: ", 0), 0u) << alone;
    EXPECT_NE(alone.find("issuer certificate was not sent"), std::string::npos) << alone;
    EXPECT_NE(alone.find("incomplete chain"), std::string::npos) << alone;
    EXPECT_NE(alone.find("/CN=Some Intermediate"), std::string::npos) << alone;
    const auto chain = describe_missing_issuer("/CN=Private Root", 2);
    EXPECT_EQ(chain.rfind("untrusted: ", 0), 0u) << chain;
    EXPECT_NE(chain.find("not a trusted CA: /CN=Private Root"), std::string::npos) << chain;
    EXPECT_EQ(chain.find("not sent"), std::string::npos) << chain;
}

// The client's own side of a TLS failure: a client certificate required
// or refused (by the server's alert), or --tls-min 1.3 against an older server.
struct client_tls_case {
    client_tls_view view;
    boost::system::error_code ec;
    const char* message;  // nullptr: not the client's side, nothing to say
};

const boost::system::error_code version_refused(static_cast<int>(ERR_PACK(ERR_LIB_SSL, 0,
                                                                          SSL_R_TLSV1_ALERT_PROTOCOL_VERSION)),
                                                boost::asio::error::get_ssl_category());
constexpr const char* requires_one = "the server requires a client certificate (none was sent; see --cert)";

class ClassifyClientTls : public ::testing::TestWithParam<client_tls_case> {};

TEST_P(ClassifyClientTls, Rows) {
    const auto& c = GetParam();
    const auto f = classify_client_tls(c.view, c.ec);
    if (c.message == nullptr) {
        EXPECT_FALSE(f) << f->message;
        return;
    }
    ASSERT_TRUE(f);
    EXPECT_EQ(f->kind, error_kind::tls);
    EXPECT_EQ(f->message, c.message);
}

INSTANTIATE_TEST_SUITE_P(
    Rows, ClassifyClientTls,
    ::testing::Values(
        // TLS 1.3: certificate_required, after the client's handshake.
        client_tls_case{{SSL_AD_CERTIFICATE_REQUIRED, true, false, false}, {}, requires_one},
        client_tls_case{{SSL_AD_CERTIFICATE_REQUIRED, false, false, false}, {}, requires_one},
        // TLS 1.2: handshake_failure, or a certificate alert, after an unanswered CertificateRequest.
        client_tls_case{{SSL_AD_HANDSHAKE_FAILURE, true, false, false}, {}, requires_one},
        client_tls_case{{SSL_AD_BAD_CERTIFICATE, true, false, false}, {}, requires_one},
        // handshake_failure without a CertificateRequest is about something else.
        client_tls_case{{SSL_AD_HANDSHAKE_FAILURE, false, false, false}, {}, nullptr},
        client_tls_case{{SSL_AD_HANDSHAKE_FAILURE, true, true, false}, {}, nullptr},
        // A certificate sent and refused, whatever the alert.
        client_tls_case{{SSL_AD_UNKNOWN_CA, true, true, false}, {},
                        "the server refused the client certificate (TLS alert: unknown CA)"},
        client_tls_case{{SSL_AD_BAD_CERTIFICATE, true, true, false}, {},
                        "the server refused the client certificate (TLS alert: bad certificate)"},
        client_tls_case{{SSL_AD_CERTIFICATE_UNKNOWN, true, true, false}, {},
                        "the server refused the client certificate (TLS alert: certificate unknown)"},
        client_tls_case{{SSL_AD_ACCESS_DENIED, true, true, false}, {},
                        "the server refused the client certificate (TLS alert: access denied)"},
        client_tls_case{{SSL_AD_CERTIFICATE_EXPIRED, true, true, false}, {},
                        "the server refused the client certificate (TLS alert: certificate expired)"},
        // No alert, or one about something else: nothing to add.
        client_tls_case{{0, true, true, false}, {}, nullptr},
        client_tls_case{{SSL_AD_DECODE_ERROR, true, true, false}, {}, nullptr},
        client_tls_case{{SSL_AD_ACCESS_DENIED, false, false, false}, {}, nullptr},
        // --tls-min 1.3 against a server without it; without --tls-min the
        // ordinary "older than 1.2" message stands.
        client_tls_case{{SSL_AD_PROTOCOL_VERSION, false, false, true}, version_refused,
                        "TLS handshake failed: the server does not support TLS 1.3, the oldest version --tls-min "
                        "1.3 allows"},
        client_tls_case{{0, false, false, true},
                        {static_cast<int>(ERR_PACK(ERR_LIB_SSL, 0, SSL_R_UNSUPPORTED_PROTOCOL)),
                         boost::asio::error::get_ssl_category()},
                        "TLS handshake failed: the server does not support TLS 1.3, the oldest version --tls-min "
                        "1.3 allows"},
        client_tls_case{{SSL_AD_PROTOCOL_VERSION, false, false, false}, version_refused, nullptr},
        client_tls_case{{0, false, false, true}, asio_error::eof, nullptr}));

TEST(ClassifyStatus, VerdictOnAFinalResponse) {
    const accept_list accept;  // 200-299
    EXPECT_EQ(classify_status(204, "No Content", "", accept).kind, error_kind::none);
    const auto not_found = classify_status(404, "Not Found", "", accept);
    EXPECT_EQ(not_found.kind, error_kind::status);
    EXPECT_EQ(not_found.message, "HTTP 404 Not Found");
    EXPECT_EQ(classify_status(599, "", "", accept).message, "HTTP 599");
    EXPECT_EQ(classify_status(301, "Moved", "", accept).message, "HTTP 301 Moved (redirect without a Location header)");
    EXPECT_EQ(classify_status(302, "Found", "/next", accept).message, "HTTP 302 Found -> /next");
    EXPECT_EQ(classify_status(302, "Found", "/next", *accept_list::parse("300-399")).kind, error_kind::none);
}

}  // namespace
}  // namespace urlcheck
