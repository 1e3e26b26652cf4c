// Turns the error that ended an HTTP exchange into the contract's error kind
// and a message a person can act on. Pure: table-tested in classify_test.
#pragma once

#include <boost/system/error_code.hpp>

#include <chrono>
#include <string>
#include <string_view>

#include "urlcheck/accept_list.hpp"
#include "urlcheck/result.hpp"

namespace urlcheck {

// Where an exchange was when it failed; timeouts name it.
enum class phase { dns, connect, tls_handshake, send_request, read_header, read_body };

std::string_view describe(phase p) noexcept;  // "resolving the host name", ...

struct failure {
    error_kind kind = error_kind::none;
    std::string message;
};

// `limit` is the timeout that was in force (for the message only).
failure classify(phase where, const boost::system::error_code& ec, std::chrono::milliseconds limit);

// The verdict on a final response that is not followed as a redirect: kind
// none when `accept` takes the status, else kind status with "HTTP 404 Not
// Found" (and where a redirect pointed, or that it had no Location).
failure classify_status(int status, std::string_view reason, std::string_view location, const accept_list& accept);

// Text for an X509_V_ERR_* verification result, e.g. "certificate expired",
// "hostname mismatch", "self-signed certificate".
std::string describe_verify_error(long x509_error);

// "2.5 s", "500 ms": durations in messages.
std::string format_duration(std::chrono::milliseconds d);

}  // namespace urlcheck
