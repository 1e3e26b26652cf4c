#include "tls.hpp"

#include <fmt/format.h>
#include <arpa/inet.h>
#include <openssl/bio.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <vector>

namespace urlcheck {

namespace ssl = boost::asio::ssl;

namespace {

std::string openssl_error_text() {
    const unsigned long code = ERR_get_error();
    ERR_clear_error();
    if (code == 0) return "unknown error";
    char buf[256];
    ERR_error_string_n(code, buf, sizeof buf);
    return buf;
}

// The index of our per-connection report in the SSL's ex_data.
int report_index() {
    static const int index = SSL_get_ex_new_index(0, nullptr, nullptr, nullptr, nullptr);
    return index;
}

std::string name_of(const X509_NAME* name) {
    char text[256] = {};
    X509_NAME_oneline(name, text, sizeof text);
    return text;
}

int verify_callback(int preverified, X509_STORE_CTX* store) {
    auto* ssl = static_cast<SSL*>(X509_STORE_CTX_get_ex_data(store, SSL_get_ex_data_X509_STORE_CTX_idx()));
    auto* report = ssl ? static_cast<certificate_report*>(SSL_get_ex_data(ssl, report_index())) : nullptr;
    if (report != nullptr) {
        // The leaf is known from the first call on: record it even when
        // verification fails, so an expired certificate reports its date.
        if (!report->leaf) {
            if (X509* leaf = X509_STORE_CTX_get0_cert(store)) {
                report->leaf = certificate_expiry(leaf, std::chrono::system_clock::now());
                report->leaf_subject = name_of(X509_get_subject_name(leaf));
            }
        }
        if (!preverified && report->verify_error == 0) {
            report->verify_error = X509_STORE_CTX_get_error(store);
            if (is_missing_issuer(report->verify_error)) {
                if (X509* orphan = X509_STORE_CTX_get_current_cert(store))
                    report->missing_issuer = name_of(X509_get_issuer_name(orphan));
                const STACK_OF(X509)* sent = X509_STORE_CTX_get0_untrusted(store);
                report->certificates_sent = sent != nullptr ? sk_X509_num(sent) : 0;
            }
        }
    }
    // Verification mode (peer or none) decides what a failure means; the
    // callback only observes.
    return preverified;
}

// TLS 1.3 tickets arrive after the handshake, while the response is read;
// TLS 1.2 sessions at the end of the handshake. Either way they land here.
int on_new_session(SSL* ssl, SSL_SESSION* session) {
    auto* report = static_cast<certificate_report*>(SSL_get_ex_data(ssl, report_index()));
    if (report == nullptr || report->sessions == nullptr || report->origin.empty()) return 0;
    report->sessions->store_session(report->origin, session);
    return 1;  // we keep the reference
}

// A CertificateRequest arrived (OpenSSL calls this, on a client, only
// then): noted so a refusal can say a certificate was asked for.
int on_certificate_request(SSL* ssl, void*) {
    if (auto* report = static_cast<certificate_report*>(SSL_get_ex_data(ssl, report_index())))
        report->certificate_requested = true;
    return 1;
}

// The server's fatal alert, whenever it comes: TLS 1.3 servers refuse a
// client certificate after the client's handshake is over.
void on_tls_info(const SSL* ssl, int where, int value) {
    if ((where & SSL_CB_READ_ALERT) == 0 || (value >> 8) != SSL3_AL_FATAL) return;
    auto* report = static_cast<certificate_report*>(SSL_get_ex_data(ssl, report_index()));
    if (report != nullptr && report->fatal_alert == 0) report->fatal_alert = value & 0xff;
}

struct bio_closer {
    void operator()(BIO* bio) const noexcept { BIO_free(bio); }
};
using bio_ptr = std::unique_ptr<BIO, bio_closer>;
struct pkey_closer {
    void operator()(EVP_PKEY* key) const noexcept { EVP_PKEY_free(key); }
};
using pkey_ptr = std::unique_ptr<EVP_PKEY, pkey_closer>;

// The text of `path` (the `what` of the option that names it), or an
// exception that says why it cannot be read, in the system's words.
std::string read_setup_file(const std::string& path, std::string_view what) {
    std::error_code error;
    if (std::filesystem::is_directory(path, error))
        throw std::runtime_error(fmt::format("{} '{}' is a directory, not a file", what, path));
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"), &std::fclose);
    if (!file) throw std::runtime_error(fmt::format("cannot read {} '{}': {}", what, path, std::strerror(errno)));
    std::string text;
    char buffer[4096];
    for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, file.get())) > 0;) text.append(buffer, n);
    if (std::ferror(file.get()))
        throw std::runtime_error(fmt::format("cannot read {} '{}': {}", what, path, std::strerror(errno)));
    return text;
}

// Whether `text` holds a PEM block whose label ends in `label_end`
// ("CERTIFICATE", "PRIVATE KEY"): OpenSSL's own errors for a file without
// one ("DECODER routines::unsupported") do not say so.
bool has_pem_block(std::string_view text, std::string_view label_end) {
    for (std::size_t at = text.find("-----BEGIN "); at != std::string_view::npos;
         at = text.find("-----BEGIN ", at + 1)) {
        const std::size_t close = text.find("-----", at + 11);
        if (close != std::string_view::npos && text.substr(at + 11, close - at - 11).ends_with(label_end)) return true;
    }
    return false;
}

// The passphrase for an encrypted key, and whether OpenSSL asked for one.
struct passphrase_request {
    const std::string* passphrase = nullptr;  // null: no --pass-env
    bool asked = false;
};

int give_passphrase(char* buffer, int size, int, void* userdata) {
    auto* request = static_cast<passphrase_request*>(userdata);
    request->asked = true;
    if (request->passphrase == nullptr || size <= 0) return -1;
    const std::size_t length = std::min(request->passphrase->size(), static_cast<std::size_t>(size));
    std::memcpy(buffer, request->passphrase->data(), length);
    return static_cast<int>(length);
}

// The passphrase --pass-env names, read once here and wiped after use by
// the caller; never kept in the options, never printed.
std::optional<std::string> passphrase_from(const check_options& options) {
    if (options.pass_env.empty()) return std::nullopt;
    const char* value = std::getenv(options.pass_env.c_str());
    if (value == nullptr)
        throw std::runtime_error(fmt::format(
            "--pass-env {}: that environment variable is not set (it must hold the passphrase of the client key)",
            options.pass_env));
    return std::string(value);
}

void wipe(std::optional<std::string>& secret) {
    if (secret && !secret->empty()) OPENSSL_cleanse(secret->data(), secret->size());
    secret.reset();
}

pkey_ptr read_private_key(const check_options& options, const std::string& path, const std::string* passphrase) {
    const bool from_cert_file = options.client_key.empty();
    std::string text = read_setup_file(path, from_cert_file ? "the client certificate" : "the client key");
    if (!has_pem_block(text, "PRIVATE KEY"))
        throw std::runtime_error(
            from_cert_file ? fmt::format("no private key in '{}' (--cert): name the key's file with --key FILE", path)
                           : fmt::format("no PEM private key in '{}' (--key)", path));
    passphrase_request request{passphrase};
    ERR_clear_error();
    pkey_ptr key;
    {
        bio_ptr bio(BIO_new_mem_buf(text.data(), static_cast<int>(text.size())));
        if (bio) key.reset(PEM_read_bio_PrivateKey(bio.get(), nullptr, give_passphrase, &request));
    }
    OPENSSL_cleanse(text.data(), text.size());
    if (key) return key;
    if (request.asked && passphrase == nullptr)
        throw std::runtime_error(fmt::format(
            "the private key in '{}' is encrypted: name the environment variable that holds its passphrase "
            "with --pass-env NAME",
            path));
    if (request.asked)
        throw std::runtime_error(fmt::format(
            "cannot decrypt the private key in '{}' with the passphrase in ${} (wrong passphrase?)", path,
            options.pass_env));
    throw std::runtime_error(fmt::format("cannot read the private key in '{}': {}", path, openssl_error_text()));
}

// --cert (leaf, then its chain) and its key, checked against each other.
void load_client_identity(SSL_CTX* native, const check_options& options) {
    if (options.client_cert.empty()) {
        if (!options.client_key.empty()) throw std::runtime_error("--key needs --cert (the certificate it belongs to)");
        if (!options.pass_env.empty())
            throw std::runtime_error("--pass-env needs --cert (it names the passphrase of the client key)");
        return;
    }
    std::string cert_text = read_setup_file(options.client_cert, "the client certificate");
    const bool has_certificate = has_pem_block(cert_text, "CERTIFICATE");
    OPENSSL_cleanse(cert_text.data(), cert_text.size());  // it may hold the key too
    if (!has_certificate)
        throw std::runtime_error(fmt::format("no PEM certificate in '{}' (--cert)", options.client_cert));
    ERR_clear_error();
    if (SSL_CTX_use_certificate_chain_file(native, options.client_cert.c_str()) != 1) {
        throw std::runtime_error(fmt::format("cannot load the client certificate from '{}': {}", options.client_cert,
                                             openssl_error_text()));
    }
    const std::string& key_path = options.client_key.empty() ? options.client_cert : options.client_key;
    std::optional<std::string> passphrase = passphrase_from(options);
    pkey_ptr key;
    try {
        key = read_private_key(options, key_path, passphrase ? &*passphrase : nullptr);
    } catch (...) {
        wipe(passphrase);
        throw;
    }
    wipe(passphrase);
    if (X509_check_private_key(SSL_CTX_get0_certificate(native), key.get()) != 1) {
        ERR_clear_error();
        throw std::runtime_error(fmt::format("the private key in '{}' does not match the client certificate in '{}'",
                                             key_path, options.client_cert));
    }
    if (SSL_CTX_use_PrivateKey(native, key.get()) != 1 || SSL_CTX_check_private_key(native) != 1)
        throw std::runtime_error(
            fmt::format("cannot use the private key in '{}': {}", key_path, openssl_error_text()));
}

// --capath: a directory OpenSSL looks CAs up in by subject hash, so one
// without "<hash>.0" names would trust nothing and fail every URL.
void require_hashed_directory(const std::string& path) {
    std::error_code error;
    if (!std::filesystem::is_directory(path, error))
        throw std::runtime_error(fmt::format("--capath '{}' is not a directory{}", path,
                                             std::filesystem::exists(path, error) ? "" : " (it does not exist)"));
    auto hashed = [](const std::filesystem::directory_entry& entry) {
        const std::string name = entry.path().filename().string();
        const auto dot = name.find('.');
        return dot == 8 && dot + 1 < name.size() &&
               name.find_first_not_of("0123456789abcdef") == dot &&
               name.find_first_not_of("0123456789", dot + 1) == std::string::npos;
    };
    std::filesystem::directory_iterator entries(path, error);
    if (error)
        throw std::runtime_error(fmt::format("cannot read the --capath directory '{}': {}", path, error.message()));
    if (std::none_of(begin(entries), end(entries), hashed))
        throw std::runtime_error(fmt::format(
            "--capath '{}' has no hashed CA names (HASH.0): run 'openssl rehash {}' first", path, path));
}

std::optional<std::string> environment_variable(const char* name) {
    const char* value = std::getenv(name);
    if (value == nullptr) return std::nullopt;
    return std::string(value);
}

// A bundle with something in it, or a directory with entries: an empty
// /etc/ssl/certs (openssl installed, ca-certificates not) is no store.
bool usable_trust_path(const std::string& path) {
    std::error_code error;
    if (std::filesystem::is_regular_file(path, error)) return std::filesystem::file_size(path, error) > 0 && !error;
    return std::filesystem::is_directory(path, error) &&
           std::filesystem::directory_iterator(path, error) != std::filesystem::directory_iterator();
}

trust_store_choice system_trust_store() {
    trust_store_environment environment;
    environment.cert_file = environment_variable(X509_get_default_cert_file_env());
    environment.cert_dir = environment_variable(X509_get_default_cert_dir_env());
    environment.openssl_file = X509_get_default_cert_file();
    environment.openssl_dir = X509_get_default_cert_dir();
    return choose_trust_store(environment, usable_trust_path);
}

}  // namespace

tls_contexts::~tls_contexts() {
    for (auto& [origin, sessions] : sessions_)
        for (SSL_SESSION* session : sessions) SSL_SESSION_free(session);
}

std::size_t tls_contexts::max_sessions_per_origin() const noexcept {
    return std::clamp<std::size_t>(2 * static_cast<std::size_t>(std::max(options_.per_host, 1)), 4, 512);
}

SSL_SESSION* tls_contexts::take_session(const std::string& origin) {
    auto it = sessions_.find(origin);
    if (it == sessions_.end() || it->second.empty()) return nullptr;
    SSL_SESSION* session = it->second.back();
    if (SSL_SESSION_get_protocol_version(session) >= TLS1_3_VERSION) {
        it->second.pop_back();  // our reference goes to the caller
    } else {
        SSL_SESSION_up_ref(session);
    }
    return session;
}

void tls_contexts::store_session(const std::string& origin, SSL_SESSION* session) {
    auto [it, inserted] = sessions_.try_emplace(origin);
    auto& sessions = it->second;
    sessions.push_back(session);
    if (sessions.size() > max_sessions_per_origin()) {
        SSL_SESSION_free(sessions.front());
        sessions.pop_front();
    }
    if (!inserted) return;
    // Sessions hold the server's certificate and tickets of up to 64 KiB: a
    // list of a million HTTPS hosts must not keep them all. The oldest
    // origins go first; they are the least likely to come again.
    origin_order_.push_back(origin);
    if (sessions_.size() > max_origins) {
        auto victim = sessions_.find(origin_order_.front());
        origin_order_.pop_front();
        if (victim != sessions_.end()) {
            for (SSL_SESSION* old : victim->second) SSL_SESSION_free(old);
            sessions_.erase(victim);
        }
    }
}

bool is_missing_issuer(long verify_error) noexcept {
    return verify_error == X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY ||
           verify_error == X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT ||
           verify_error == X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE;
}

const trust_store_choice& tls_contexts::system_store() {
    if (!system_store_) system_store_ = system_trust_store();
    return *system_store_;
}

const std::string& tls_contexts::trust_problem() {
    // choose_trust_store leaves `problem` empty unless nothing was found.
    static const std::string no_problem;
    return options_.cacert.empty() && options_.capath.empty() ? system_store().problem : no_problem;
}

bool tls_contexts::names_files(const check_options& options) noexcept {
    return !options.cacert.empty() || !options.capath.empty() || !options.client_cert.empty() ||
           !options.client_key.empty() || !options.pass_env.empty();
}

void mark_clean_shutdown(SSL* ssl) { SSL_set_shutdown(ssl, SSL_SENT_SHUTDOWN | SSL_RECEIVED_SHUTDOWN); }

ssl::context& tls_contexts::client() {
    if (client_) return *client_;
    auto ctx = std::make_unique<ssl::context>(ssl::context::tls_client);
    SSL_CTX* native = ctx->native_handle();
    SSL_CTX_set_min_proto_version(native,
                                  options_.tls_min == tls_version::v1_3 ? TLS1_3_VERSION : TLS1_2_VERSION);
    SSL_CTX_set_options(native, SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION);
    // --cacert and --capath add up (as in curl and OpenSSL); either one
    // replaces the system store.
    if (!options_.cacert.empty() || !options_.capath.empty()) {
        if (!options_.capath.empty()) require_hashed_directory(options_.capath);
        if (!options_.cacert.empty() &&
            SSL_CTX_load_verify_locations(native, options_.cacert.c_str(), nullptr) != 1)
            throw std::runtime_error(
                fmt::format("cannot load CA certificates from '{}': {}", options_.cacert, openssl_error_text()));
        if (!options_.capath.empty() && SSL_CTX_load_verify_locations(native, nullptr, options_.capath.c_str()) != 1)
            throw std::runtime_error(
                fmt::format("cannot use the CA directory '{}': {}", options_.capath, openssl_error_text()));
    } else {
        const trust_store_choice& store = system_store();
        using kind = trust_store_choice::kind;
        bool loaded = false;
        switch (store.how) {
            case kind::openssl_defaults: loaded = SSL_CTX_set_default_verify_paths(native) == 1; break;
            case kind::file: loaded = SSL_CTX_load_verify_locations(native, store.path.c_str(), nullptr) == 1; break;
            case kind::directory: loaded = SSL_CTX_load_verify_locations(native, nullptr, store.path.c_str()) == 1; break;
            // Nothing to load: open_connection fails every verified https
            // URL with trust_problem(), and an unverified one needs none.
            case kind::none: loaded = true; break;
        }
        if (!loaded)
            throw std::runtime_error(fmt::format("cannot load the system trust store{}{}: {}",
                                                 store.path.empty() ? "" : " ", store.path, openssl_error_text()));
    }
    load_client_identity(native, options_);
    SSL_CTX_set_cert_cb(native, on_certificate_request, nullptr);
    SSL_CTX_set_info_callback(native, on_tls_info);
    SSL_CTX_set_verify(native, options_.insecure ? SSL_VERIFY_NONE : SSL_VERIFY_PEER, verify_callback);
    // Sessions live in our per-origin map, not OpenSSL's internal cache,
    // which is keyed for servers.
    SSL_CTX_set_session_cache_mode(native, SSL_SESS_CACHE_CLIENT | SSL_SESS_CACHE_NO_INTERNAL_STORE);
    SSL_CTX_sess_set_new_cb(native, on_new_session);
    // Idle pooled connections give their read/write buffers back (~34 KiB each).
    SSL_CTX_set_mode(native, SSL_MODE_RELEASE_BUFFERS);
    client_ = std::move(ctx);
    return *client_;
}

bool prepare_client_connection(SSL* ssl, std::string_view host, bool host_is_ip, bool verify,
                               certificate_report& report) {
    const std::string name(host);
    SSL_set_verify(ssl, verify ? SSL_VERIFY_PEER : SSL_VERIFY_NONE, verify_callback);
    X509_VERIFY_PARAM* param = SSL_get0_param(ssl);
    if (host_is_ip) {
        if (X509_VERIFY_PARAM_set1_ip_asc(param, name.c_str()) != 1) return false;
    } else {
        // SNI is for names only (RFC 6066 forbids IP literals).
        SSL_set_tlsext_host_name(ssl, name.c_str());
        X509_VERIFY_PARAM_set_hostflags(param, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
        if (X509_VERIFY_PARAM_set1_host(param, name.c_str(), name.size()) != 1) return false;
    }
    SSL_set_ex_data(ssl, report_index(), &report);
    if (report.sessions != nullptr) {
        if (SSL_SESSION* session = report.sessions->take_session(report.origin)) {
            SSL_set_session(ssl, session);  // takes its own reference
            SSL_SESSION_free(session);
        }
    }
    return true;
}

void describe_client_side_failure(SSL* ssl, const certificate_report& report, const boost::system::error_code& ec,
                                  failure& failed) {
    if (!failed || failed.kind == error_kind::timeout) return;
    client_tls_view view;
    view.alert = report.fatal_alert;
    view.certificate_requested = report.certificate_requested;
    view.certificate_sent = report.certificate_requested && SSL_get_certificate(ssl) != nullptr;
    view.tls13_required = SSL_get_min_proto_version(ssl) >= TLS1_3_VERSION;
    if (auto refused = classify_client_tls(view, ec)) failed = std::move(*refused);
}

std::optional<tls_info> certificate_expiry(X509* cert, std::chrono::system_clock::time_point now) {
    const ASN1_TIME* not_after = X509_get0_notAfter(cert);
    std::tm tm{};
    if (not_after == nullptr || ASN1_TIME_to_tm(not_after, &tm) != 1) return std::nullopt;
    const std::time_t expires = timegm(&tm);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
    const double seconds_left = std::difftime(expires, std::chrono::system_clock::to_time_t(now));
    tls_info info;
    info.not_after = text;
    info.days_left = static_cast<long>(std::floor(seconds_left / 86400.0));
    info.subject = name_of(X509_get_subject_name(cert));
    return info;
}

namespace {

// "CN = localhost, O = Example": the one-line form curl -v shows, easier
// to read than X509_NAME_oneline's "/CN=localhost/O=Example".
std::string readable_name(const X509_NAME* name) {
    std::unique_ptr<BIO, decltype(&BIO_free)> out(BIO_new(BIO_s_mem()), &BIO_free);
    if (!out || X509_NAME_print_ex(out.get(), name, 0, XN_FLAG_ONELINE & ~ASN1_STRFLGS_ESC_MSB) < 0) return {};
    char* data = nullptr;
    const long size = BIO_get_mem_data(out.get(), &data);
    return size > 0 ? std::string(data, static_cast<std::size_t>(size)) : std::string();
}

std::string asn1_text(const ASN1_STRING* s) {
    return std::string(reinterpret_cast<const char*>(ASN1_STRING_get0_data(s)),
                       static_cast<std::size_t>(ASN1_STRING_length(s)));
}

std::vector<std::string> alt_names(X509* cert) {
    std::vector<std::string> names;
    auto* general = static_cast<GENERAL_NAMES*>(X509_get_ext_d2i(cert, NID_subject_alt_name, nullptr, nullptr));
    if (general == nullptr) return names;
    for (int i = 0; i < sk_GENERAL_NAME_num(general); ++i) {
        const GENERAL_NAME* name = sk_GENERAL_NAME_value(general, i);
        switch (name->type) {
            case GEN_DNS: names.push_back("DNS:" + asn1_text(name->d.dNSName)); break;
            case GEN_URI: names.push_back("URI:" + asn1_text(name->d.uniformResourceIdentifier)); break;
            case GEN_EMAIL: names.push_back("email:" + asn1_text(name->d.rfc822Name)); break;
            case GEN_IPADD: {
                const ASN1_OCTET_STRING* ip = name->d.iPAddress;
                char text[INET6_ADDRSTRLEN] = {};
                const int family = ASN1_STRING_length(ip) == 4 ? AF_INET : AF_INET6;
                if (ASN1_STRING_length(ip) == 4 || ASN1_STRING_length(ip) == 16)
                    if (inet_ntop(family, ASN1_STRING_get0_data(ip), text, sizeof text) != nullptr)
                        names.push_back(std::string("IP:") + text);
                break;
            }
            default: break;
        }
    }
    GENERAL_NAMES_free(general);
    return names;
}

}  // namespace

trace::tls_handshake describe_handshake(SSL* ssl) {
    trace::tls_handshake t;
    t.version = SSL_get_version(ssl);
    if (const SSL_CIPHER* cipher = SSL_get_current_cipher(ssl)) t.cipher = SSL_CIPHER_get_name(cipher);
    const unsigned char* alpn = nullptr;
    unsigned alpn_length = 0;
    SSL_get0_alpn_selected(ssl, &alpn, &alpn_length);
    if (alpn != nullptr) t.alpn.assign(reinterpret_cast<const char*>(alpn), alpn_length);
    t.resumed = SSL_session_reused(ssl) == 1;
    t.verified = (SSL_get_verify_mode(ssl) & SSL_VERIFY_PEER) != 0 && SSL_get_verify_result(ssl) == X509_V_OK;
    if (const auto* report = static_cast<certificate_report*>(SSL_get_ex_data(ssl, report_index()))) {
        t.client_certificate_requested = report->certificate_requested;
        if (X509* mine = SSL_get_certificate(ssl); mine != nullptr && report->certificate_requested)
            t.client_certificate = readable_name(X509_get_subject_name(mine));
    }
    if (X509* leaf = SSL_get0_peer_certificate(ssl)) {
        t.subject = readable_name(X509_get_subject_name(leaf));
        t.issuer = readable_name(X509_get_issuer_name(leaf));
        if (auto expiry = certificate_expiry(leaf, std::chrono::system_clock::now())) {
            t.not_after = expiry->not_after;
            t.days_left = expiry->days_left;
        }
        t.names = alt_names(leaf);
    }
    return t;
}

}  // namespace urlcheck
