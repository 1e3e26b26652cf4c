// What one check did, step by step, for `urlcheck --explain`: plain records
// the I/O layer hands to a trace_sink as each step ends. The engine never
// looks at them; a run without a sink (every normal run) makes none.
//
// Values are as they went over the wire: header values and URLs are NOT
// redacted here. Whoever shows a trace redacts it (report/explain.cpp does,
// with credentials.hpp), as deliver() does for results.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "urlcheck/header_field.hpp"
#include "urlcheck/result.hpp"

namespace urlcheck::trace {

// A look at the URL begins: the first, or the second look confirm before
// fail makes after --confirm-wait.
struct look_started {
    std::string url;
    bool confirmation = false;
    int attempts_before = 0;  // attempts made by earlier looks
};

// One attempt: the request and the redirects it leads to.
struct attempt_started {
    int number = 1;      // counted over the whole check, as result::attempts
    std::string method;  // "GET" or "HEAD"
    std::string url;
};

// The addresses a host name resolved to (or the literal address a URL
// named), in the order the connector tries them.
struct dns_answer {
    std::string host;
    std::uint16_t port = 0;
    std::vector<std::string> addresses;  // "127.0.0.1", "::1"
    bool literal = false;                // an IP literal: nothing was looked up
    bool overridden = false;             // answered by --resolve: nothing was looked up
    bool cached = false;                 // looked up earlier in the run
    double ms = 0;
    std::string error;  // empty when addresses came back
};

// One TCP connection attempt (Happy Eyeballs may race several).
struct connect_try {
    std::string address;  // "127.0.0.1:8080", "[::1]:8080"
    double ms = 0;        // from its start to its end
    bool won = false;     // this connection carried the request
    std::string outcome;  // "connected", or why not: "Connection refused", ...
};

// A TLS handshake and what it agreed on; when it failed, why and what
// is known of the certificate the server sent.
struct tls_handshake {
    std::string version;  // "TLSv1.3"
    std::string cipher;   // "TLS_AES_256_GCM_SHA384"
    std::string subject;  // the leaf's, one line: "CN=localhost"
    std::string issuer;
    std::string not_after;  // ISO 8601 UTC
    long days_left = 0;
    std::vector<std::string> names;  // subjectAltName: "DNS:localhost", "IP:127.0.0.1"
    std::string alpn;                // empty when none was agreed
    bool resumed = false;            // an earlier session was resumed
    bool verified = false;           // the chain and name were verified (false under --insecure)
    double ms = 0;
    std::string error;  // empty when the handshake completed
    // The server asked for a client certificate (--cert): the subject of
    // the one sent, empty when none was.
    bool client_certificate_requested = false;
    std::string client_certificate;
};

// Through a proxy: the CONNECT that asked it for a tunnel to the origin
// (https), or only the connection to it (http: requests go to it whole).
struct proxy_tunnel {
    std::string proxy;      // "http://proxy:3128", never its credentials
    std::string authority;  // "host:443"; empty for plain http
    int status = 0;         // the proxy's answer to CONNECT; 0 when none
    std::string reason;
    double ms = 0;
    std::string error;  // empty when the tunnel (or connection) is open
};

// A pooled connection was used again: no DNS, connect or handshake.
struct connection_reused {
    std::string remote_addr;
};

struct request_sent {
    std::string method;
    std::string target;                 // "/path?query"
    std::vector<header_field> headers;  // in the order sent
};

struct response_head {
    int status = 0;
    std::string reason;
    std::vector<header_field> headers;  // in the order received
};

// One request and response (or the failure on the way), with its phases.
struct exchange_done {
    std::string url;
    std::string remote_addr;  // empty when no peer answered
    timings phases;           // dns, connect, tls, first byte (after the request went out)
    double total_ms = 0;      // from the start of the exchange to its end
    bool reused = false;      // on a pooled connection
    std::string error;        // empty when a response header arrived
};

struct redirect_hop {
    int status = 0;
    std::string from;
    std::string location;  // as the server wrote it
    std::string to;        // resolved against `from`
};

// How an attempt ended, and what was decided next.
struct attempt_ended {
    int number = 1;
    std::optional<int> status;
    error_kind error = error_kind::none;
    std::string message;
    double ms = 0;
    std::string next;  // "retry in 500 ms: ...", "GET next: ...", "no retries left", ...
};

using event = std::variant<look_started, attempt_started, dns_answer, connect_try, tls_handshake, connection_reused,
                           request_sent, response_head, exchange_done, redirect_hop, attempt_ended,
                           proxy_tunnel>;

// An event and when it was recorded, in milliseconds from the trace's start.
struct stamped {
    double at_ms = 0;
    event what;
};

// Where the I/O layer reports. Called on the run's one thread.
class sink {
public:
    virtual void record(event e) = 0;

protected:
    ~sink() = default;
};

}  // namespace urlcheck::trace
