// TLS for the client side: one OpenSSL context per run, and per connection
// SNI, hostname verification and a record of what the certificate said.
#pragma once

#include <boost/asio/ssl/context.hpp>
#include <openssl/ssl.h>

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "urlcheck/options.hpp"
#include "urlcheck/result.hpp"

namespace urlcheck {

// Made on first use: loading the system trust store costs ~17 ms, which a
// run of plain-http URLs should not pay.
class tls_contexts {
public:
    explicit tls_contexts(const check_options& options) : options_(options) {}

    // Throws std::runtime_error naming the file when --cacert cannot be loaded.
    boost::asio::ssl::context& client();

private:
    const check_options& options_;
    std::unique_ptr<boost::asio::ssl::context> client_;
};

// What verification saw, filled by the verify callback during the handshake.
struct certificate_report {
    long verify_error = 0;  // first X509_V_ERR_* seen, 0 if none
    std::optional<tls_info> leaf;
    std::string leaf_subject;
};

// Sets SNI (names only) and the name or IP address the certificate must
// match, and hooks a verify callback that records into `report`, which must
// outlive the handshake.
void prepare_client_connection(SSL* ssl, std::string_view host, bool host_is_ip, certificate_report& report);

// notAfter of `cert` in ISO 8601 UTC and whole days left from `now`.
std::optional<tls_info> certificate_expiry(X509* cert, std::chrono::system_clock::time_point now);

}  // namespace urlcheck
