// TLS for the client side: one OpenSSL context per run, and per connection
// SNI, hostname verification and a record of what the certificate said.
#pragma once

#include <boost/asio/ssl/context.hpp>
#include <openssl/ssl.h>

#include <chrono>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "classify.hpp"
#include "trust_store.hpp"
#include "urlcheck/options.hpp"
#include "urlcheck/result.hpp"
#include "urlcheck/trace.hpp"

namespace urlcheck {

// Made on first use: loading the system trust store costs ~17 ms, which a
// run of plain-http URLs should not pay. Also holds the run's TLS sessions,
// one per origin, so a new connection to a known server can resume instead
// of paying a full handshake.
class tls_contexts {
public:
    explicit tls_contexts(const check_options& options) : options_(options) {}
    ~tls_contexts();
    tls_contexts(const tls_contexts&) = delete;
    tls_contexts& operator=(const tls_contexts&) = delete;

    // Throws std::runtime_error naming the file and what is wrong with it
    // when --cacert, --capath, --cert or --key cannot be used (or --pass-env
    // names no variable).
    boost::asio::ssl::context& client();

    // Whether the options name files client() loads: the engine then calls
    // it before any check, so a bad file is a usage error (exit 2), not a
    // thousand tls results.
    static bool names_files(const check_options& options) noexcept;

    // Why no https URL can be verified, or empty: verification needs the
    // system's CA certificates (no --cacert) and there are none, or
    // SSL_CERT_FILE/SSL_CERT_DIR name nothing. Looked up once, at the first
    // https URL, so a plain-http run on a machine without a store (a slim
    // container checking internal services) is not stopped by it; each
    // https URL fails with the message instead, as each curl transfer does.
    const std::string& trust_problem();

    // A session to resume with for `origin`, or null; the caller owns the
    // reference. Sessions are keyed by origin alone, not by client identity:
    // a run presents one identity (--cert) or none, so a resumed session
    // always carries the identity its connection would have presented. TLS 1.3 tickets are handed out once each (RFC 8446 C.4:
    // servers may accept a ticket only once, and reuse links connections);
    // a TLS 1.2 session stays for the next connection too.
    SSL_SESSION* take_session(const std::string& origin);
    // Takes ownership of `session` (a reference from the new-session callback).
    void store_session(const std::string& origin, SSL_SESSION* session);

private:
    const check_options& options_;
    std::unique_ptr<boost::asio::ssl::context> client_;
    // The system store, probed once: by trust_problem() at the first https
    // URL and by client() when it loads it.
    const trust_store_choice& system_store();
    std::optional<trust_store_choice> system_store_;
    // Servers send two tickets per connection (OpenSSL's default) and every
    // new connection uses one: keeping two per connection the per-host limit
    // allows keeps a whole wave of new connections resuming.
    std::size_t max_sessions_per_origin() const noexcept;
    static constexpr std::size_t max_origins = 1024;
    std::unordered_map<std::string, std::deque<SSL_SESSION*>> sessions_;  // newest last
    std::deque<std::string> origin_order_;  // origins, oldest first
};

// What verification saw, filled by the verify callback during the handshake;
// also tells the new-session callback where the session belongs.
struct certificate_report {
    long verify_error = 0;  // first X509_V_ERR_* seen, 0 if none
    std::optional<tls_info> leaf;
    std::string leaf_subject;
    // When verification failed for want of an issuer: its name, and how
    // many certificates the server sent (1: the leaf alone).
    std::string missing_issuer;
    int certificates_sent = 0;
    tls_contexts* sessions = nullptr;
    std::string origin;
    // The client certificate's side: whether the server asked for one
    // (CertificateRequest), and the first fatal alert the server sent (a
    // TLS AlertDescription; 0: none), which in TLS 1.3 arrives only after
    // the client's handshake is done, on the first read.
    bool certificate_requested = false;
    int fatal_alert = 0;
};

// Rewrites `failed` when the cause was the client's own TLS setup: a client
// certificate the server required or refused, or a --tls-min the server
// cannot meet (classify_client_tls). `ec`: the handshake's error; empty
// after the handshake, where only the server's alert tells.
void describe_client_side_failure(SSL* ssl, const certificate_report& report, const boost::system::error_code& ec,
                                  failure& failed);

// Sets SNI (names only), the name or IP address the certificate must match,
// whether a failed verification ends the handshake (`verify`; false for
// --insecure and a list line's insecure: this connection only), and a
// session to resume if the origin has one; hooks the verify and new-session
// callbacks to `report`, which must outlive the SSL object. False when
// OpenSSL refuses the name to match (then nothing would be checked, so the
// caller must not go on).
bool prepare_client_connection(SSL* ssl, std::string_view host, bool host_is_ip, bool verify,
                               certificate_report& report);

// The verify errors that mean the chain stops short of a trusted CA because
// an issuer's certificate is nowhere to be had.
bool is_missing_issuer(long verify_error) noexcept;

// Lets OpenSSL keep the session resumable when the SSL object is freed
// without a close_notify exchange (it marks sessions of connections that
// were not shut down as not resumable).
void mark_clean_shutdown(SSL* ssl);

// notAfter of `cert` in ISO 8601 UTC, whole days left from `now`, and its subject.
std::optional<tls_info> certificate_expiry(X509* cert, std::chrono::system_clock::time_point now);

// What a completed handshake agreed on and the leaf it was shown, for
// --explain: version, cipher, ALPN, the leaf's subject, issuer, expiry and
// subjectAltNames. `ms` is left to the caller.
trace::tls_handshake describe_handshake(SSL* ssl);

}  // namespace urlcheck
