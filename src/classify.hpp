// Turns the error that ended an HTTP exchange into the contract's error kind
// and a message a person can act on. Pure: table-tested in classify_test.
#pragma once

#include <boost/system/error_code.hpp>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "urlcheck/accept_list.hpp"
#include "urlcheck/result.hpp"

namespace urlcheck {

// Where an exchange was when it failed; timeouts name it.
enum class phase { dns, connect, tls_handshake, send_request, read_header, read_body };

std::string_view describe(phase p) noexcept;  // "resolving the host name", ...

// What went wrong, if anything: kind none (the default) is no failure, so a
// step that succeeded returns failure{} and callers ask `if (f)`.
struct failure {
    error_kind kind = error_kind::none;
    std::string message;

    explicit operator bool() const noexcept { return kind != error_kind::none; }
};

// EMFILE or ENFILE: no descriptor for a socket. Classified as
// error_kind::resource at any phase.
bool is_out_of_descriptors(const boost::system::error_code& ec) noexcept;

// `limit` is the timeout that was in force (for the message only).
// `received`: the response bytes not yet parsed when reading the header
// failed; a message about a bad status line quotes their first line.
failure classify(phase where, const boost::system::error_code& ec, std::chrono::milliseconds limit,
                 std::string_view received = {});

// How far a response body had come when reading it failed.
struct body_progress {
    std::uint64_t read = 0;               // body bytes received (after the chunk framing)
    std::optional<std::uint64_t> length;  // its Content-Length, if it has one
    bool chunked = false;
    // Received but not parsed: in a chunked body, the chunk header the
    // parser stopped at (with the CRLF that ends the chunk before it).
    std::string_view unparsed;
};

// The verdict on a body whose read failed before its end: protocol, naming
// what broke ("body cut short: connection closed after 6 of 75 bytes",
// "invalid chunk size in the body: ..."), or timeout. Stopping at
// --body-limit is no failure and never comes here.
failure classify_body(const boost::system::error_code& ec, std::chrono::milliseconds limit,
                      const body_progress& body);

// The verdict on a final response that is not followed as a redirect: kind
// none when `accept` takes the status, else kind status with "HTTP 404 Not
// Found" (and where a redirect pointed, or that it had no Location).
failure classify_status(int status, std::string_view reason, std::string_view location, const accept_list& accept);

// Text for an X509_V_ERR_* verification result, e.g. "certificate expired",
// "hostname mismatch", "self-signed certificate".
std::string describe_verify_error(long x509_error);

// The verify error of a chain whose issuer is missing (the server did not
// send it and the trust store does not have it): an incomplete chain or an
// unknown CA, told apart as far as `certificates_sent` allows.
std::string describe_missing_issuer(std::string_view issuer, int certificates_sent);

// What a connection knew of the client's own side of TLS when it failed:
// the fatal alert the server sent (a TLS AlertDescription, RFC 8446 6; 0
// when none), whether the server asked for a client certificate and one
// was sent, and whether --tls-min 1.3 was in force.
struct client_tls_view {
    int alert = 0;
    bool certificate_requested = false;
    bool certificate_sent = false;
    bool tls13_required = false;
};

// Kind tls with a message a person can act on when the client's setup was
// the cause, else nullopt: "the server requires a client certificate (none
// was sent; see --cert)" (TLS 1.3's certificate_required, or TLS 1.2's
// handshake_failure after a CertificateRequest went unanswered), "the
// server refused the client certificate (TLS alert: unknown CA)", or a
// server without TLS 1.3 under --tls-min 1.3 (`ec`: the handshake's error).
std::optional<failure> classify_client_tls(const client_tls_view& view, const boost::system::error_code& ec = {});

// The first line of what the server sent, quoted for a message: at most 60
// bytes, control and non-ASCII bytes as \xNN, e.g. "SSH-2.0-OpenSSH_9.0".
std::string quote_first_line(std::string_view received);

// A timeout's message, and the reason that quotes it, also say how many
// tries the check made and whether a second look confirmed it, so that
// "timed out after 10 s (3 tries, confirmed)" agrees with a time of 31 s.
// Run once on a check's final result; other results are left as they are.
void say_tries(result& r);

}  // namespace urlcheck
