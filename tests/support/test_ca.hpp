// A throw-away PKI for the TLS tests, generated in memory once per test
// process (EC P-256 keys, SHA-256 signatures). No key material is stored in
// the repository.
//
//   root CA ──┬── leaf "valid"            (SAN DNS:localhost, IP:127.0.0.1, IP:::1)
//             ├── leaf "expired"          (notBefore -30d, notAfter -1d)
//             ├── leaf "not_yet_valid"    (notBefore +1d,  notAfter +30d)
//             ├── leaf "wrong_host"       (SAN DNS:wrong.example only)
//             └── intermediate CA ── leaf "via_intermediate" (server sends the chain)
//   other root CA ── leaf "untrusted_root" (a CA nobody trusts)
//   leaf "self_signed" (its own issuer)
//   client CA ── client "trusted"          (clientAuth; what client-auth servers accept)
//   other root CA ── client "other_ca"     (clientAuth; a stranger to those servers)
//
// Every leaf except wrong_host carries the localhost SANs, so each one fails
// (or passes) verification for exactly one reason.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

namespace boost::asio::ssl {
class context;
}

namespace urlcheck::test {

struct pem_leaf {
    std::string cert;   // the leaf certificate (PEM)
    std::string key;    // its private key (PKCS#8 PEM)
    std::string chain;  // intermediates the server sends after the leaf; empty when none
    std::string full_chain() const { return cert + chain; }
};

enum class leaf_kind {
    valid,             // signed by the root directly; notAfter now + 90 days (+1 h)
    via_intermediate,  // signed by the intermediate; chain = intermediate
    expired,           // notBefore -30 days, notAfter -1 day
    not_yet_valid,     // notBefore +1 day, notAfter +30 days
    wrong_host,        // SAN DNS:wrong.example only (CN wrong.example)
    self_signed,       // issuer == subject, not signed by the root
    untrusted_root,    // signed by a second root that no test trusts
};

enum class signer { root, intermediate, self, other_root };

// Everything about a leaf that a test may want to vary.
struct leaf_spec {
    std::string common_name = "localhost";
    std::vector<std::string> dns_names = {"localhost"};
    std::vector<std::string> ip_addresses = {"127.0.0.1", "::1"};
    std::chrono::seconds not_before = -std::chrono::hours(1);  // relative to now
    std::chrono::seconds not_after = std::chrono::hours(24 * 90);
    signer issuer = signer::root;
};

// Days until the "valid" leaf expires (its notAfter is now + this + 1 hour).
inline constexpr long valid_leaf_days = 90;

const std::string& root_ca_pem();
const std::string& intermediate_ca_pem();
const std::string& other_root_ca_pem();

// The cached leaves (generated on first use, thread-safe).
const pem_leaf& leaf(leaf_kind kind);

// A fresh leaf (not cached).
pem_leaf make_leaf(const leaf_spec& spec);

// A localhost leaf signed by the root whose notAfter is now + `days` days
// + 1 hour, so a floor("whole days left") computation gives exactly `days`
// (negative `days` gives an expired leaf: notBefore is then days-30).
pem_leaf leaf_expiring_in_days(long days);

// Path of a temp file holding root_ca_pem() (for --cacert /
// check_options::cacert). Written once per process, removed at exit.
const std::string& root_ca_file();
// Same for the other root (a CA that signed only the untrusted_root leaf).
const std::string& other_root_ca_file();

// Client certificates (extendedKeyUsage clientAuth, no SANs).
enum class client_kind {
    trusted,   // issued by the client CA
    other_ca,  // issued by the other root: a server that trusts the client CA refuses it
};
const std::string& client_ca_pem();
const pem_leaf& client_leaf(client_kind kind);

// `key_pem` as an encrypted PKCS#8 PEM ("ENCRYPTED PRIVATE KEY", AES-256-CBC)
// under `passphrase`.
std::string encrypted_key_pem(const std::string& key_pem, const std::string& passphrase);

// Server side: every handshake must present a certificate issued by the CA
// in `ca_pem` (SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT), with no
// session resumption (a resumed session would skip the certificate).
void require_client_certificate(boost::asio::ssl::context& ctx, const std::string& ca_pem);

// Server side: loads leaf.full_chain() and leaf.key into `ctx`.
void use_leaf(boost::asio::ssl::context& ctx, const pem_leaf& leaf);

// A TLS server context (TLS 1.2+) serving `leaf`.
std::shared_ptr<boost::asio::ssl::context> make_server_context(const pem_leaf& leaf);
std::shared_ptr<boost::asio::ssl::context> make_server_context(leaf_kind kind);
// A server stuck in the past: TLS 1.0 only, at OpenSSL security level 0 (as
// an old appliance would be), serving the valid leaf.
std::shared_ptr<boost::asio::ssl::context> make_tls10_server_context();

// Client side, for the support self-tests: trusts the root only and verifies
// the peer (host name checks are per stream: ssl::host_name_verification).
std::shared_ptr<boost::asio::ssl::context> make_client_context();

}  // namespace urlcheck::test
