#include "support/test_ca.hpp"

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <unistd.h>

#include <boost/asio/buffer.hpp>
#include <boost/asio/ssl/context.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <stdexcept>
#include <string>

namespace urlcheck::test {
namespace {

namespace ssl = boost::asio::ssl;

struct pkey_free {
    void operator()(EVP_PKEY* p) const noexcept { EVP_PKEY_free(p); }
};
struct x509_free {
    void operator()(X509* p) const noexcept { X509_free(p); }
};
struct bio_free {
    void operator()(BIO* p) const noexcept { BIO_free(p); }
};
using pkey_ptr = std::unique_ptr<EVP_PKEY, pkey_free>;
using x509_ptr = std::unique_ptr<X509, x509_free>;
using bio_ptr = std::unique_ptr<BIO, bio_free>;

[[noreturn]] void fail(const char* what) {
    throw std::runtime_error(std::string("test_ca: ") + what + " failed");
}

void check(int rc, const char* what) {
    if (rc <= 0) fail(what);
}

pkey_ptr new_key() {
    pkey_ptr key(EVP_EC_gen("P-256"));
    if (!key) fail("EVP_EC_gen");
    return key;
}

void add_ext(X509* cert, X509* issuer, int nid, const std::string& value) {
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
    X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str());
    if (!ext) fail("X509V3_EXT_conf_nid");
    int rc = X509_add_ext(cert, ext, -1);
    X509_EXTENSION_free(ext);
    check(rc, "X509_add_ext");
}

void set_random_serial(X509* cert) {
    unsigned char bytes[16];
    check(RAND_bytes(bytes, sizeof bytes), "RAND_bytes");
    bytes[0] &= 0x7f;  // positive
    bytes[0] |= 0x01;  // non-zero, fixed length
    BIGNUM* bn = BN_bin2bn(bytes, sizeof bytes, nullptr);
    if (!bn) fail("BN_bin2bn");
    ASN1_INTEGER* serial = BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(cert));
    BN_free(bn);
    if (!serial) fail("BN_to_ASN1_INTEGER");
}

void set_name(X509* cert, const std::string& cn, bool subject) {
    X509_NAME* name = X509_NAME_new();
    X509_NAME_add_entry_by_txt(name, "O", MBSTRING_UTF8, reinterpret_cast<const unsigned char*>("urlcheck tests"), -1, -1, 0);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8, reinterpret_cast<const unsigned char*>(cn.c_str()), -1, -1, 0);
    int rc = subject ? X509_set_subject_name(cert, name) : X509_set_issuer_name(cert, name);
    X509_NAME_free(name);
    check(rc, "X509_set_name");
}

struct issued {
    x509_ptr cert;
    pkey_ptr key;
};

// Builds a certificate for a fresh key. issuer == nullptr: self-signed.
// `usage`: the extendedKeyUsage of a leaf (serverAuth, or clientAuth for a
// client certificate).
issued build(const std::string& cn, bool is_ca, const issued* issuer, std::chrono::seconds not_before,
             std::chrono::seconds not_after, const std::vector<std::string>& dns,
             const std::vector<std::string>& ips, const char* usage = "serverAuth") {
    issued out{x509_ptr(X509_new()), new_key()};
    X509* cert = out.cert.get();
    if (!cert) fail("X509_new");
    check(X509_set_version(cert, 2), "X509_set_version");
    set_random_serial(cert);
    if (!X509_gmtime_adj(X509_getm_notBefore(cert), static_cast<long>(not_before.count()))) fail("notBefore");
    if (!X509_gmtime_adj(X509_getm_notAfter(cert), static_cast<long>(not_after.count()))) fail("notAfter");
    check(X509_set_pubkey(cert, out.key.get()), "X509_set_pubkey");
    set_name(cert, cn, true);
    if (issuer) {
        check(X509_set_issuer_name(cert, X509_get_subject_name(issuer->cert.get())), "X509_set_issuer_name");
    } else {
        set_name(cert, cn, false);
    }
    X509* issuer_cert = issuer ? issuer->cert.get() : cert;
    if (is_ca) {
        add_ext(cert, issuer_cert, NID_basic_constraints, "critical,CA:TRUE");
        add_ext(cert, issuer_cert, NID_key_usage, "critical,keyCertSign,cRLSign");
    } else {
        add_ext(cert, issuer_cert, NID_basic_constraints, "critical,CA:FALSE");
        add_ext(cert, issuer_cert, NID_key_usage, "critical,digitalSignature");
        add_ext(cert, issuer_cert, NID_ext_key_usage, usage);
    }
    add_ext(cert, issuer_cert, NID_subject_key_identifier, "hash");
    add_ext(cert, issuer_cert, NID_authority_key_identifier, "keyid:always");
    std::string san;
    auto add_san = [&san](const char* type, const std::string& value) {
        if (!san.empty()) san += ',';
        san.append(type).append(value);
    };
    for (const auto& d : dns) add_san("DNS:", d);
    for (const auto& ip : ips) add_san("IP:", ip);
    if (!san.empty()) add_ext(cert, issuer_cert, NID_subject_alt_name, san);
    EVP_PKEY* signing_key = issuer ? issuer->key.get() : out.key.get();
    if (X509_sign(cert, signing_key, EVP_sha256()) <= 0) fail("X509_sign");
    return out;
}

std::string read_bio(BIO* bio) {
    char* data = nullptr;
    long n = BIO_get_mem_data(bio, &data);
    return std::string(data, static_cast<std::size_t>(n));
}

std::string cert_pem(X509* cert) {
    bio_ptr bio(BIO_new(BIO_s_mem()));
    check(PEM_write_bio_X509(bio.get(), cert), "PEM_write_bio_X509");
    return read_bio(bio.get());
}

std::string key_pem(EVP_PKEY* key) {
    bio_ptr bio(BIO_new(BIO_s_mem()));
    check(PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr), "PEM_write_bio_PrivateKey");
    return read_bio(bio.get());
}

constexpr std::chrono::hours day{24};

struct authority {
    issued root;
    issued intermediate;
    issued other_root;
    issued client_ca;
    std::string root_pem, intermediate_pem, other_root_pem, client_ca_pem;
    pem_leaf leaves[7];
    pem_leaf clients[2];

    authority() {
        root = build("urlcheck test root CA", true, nullptr, -day, day * 3650, {}, {});
        intermediate = build("urlcheck test intermediate CA", true, &root, -day, day * 3650, {}, {});
        other_root = build("urlcheck untrusted root CA", true, nullptr, -day, day * 3650, {}, {});
        root_pem = cert_pem(root.cert.get());
        intermediate_pem = cert_pem(intermediate.cert.get());
        other_root_pem = cert_pem(other_root.cert.get());

        auto spec = [](signer s) {
            leaf_spec l;
            l.issuer = s;
            l.not_after = day * valid_leaf_days + std::chrono::hours(1);
            return l;
        };
        leaves[static_cast<int>(leaf_kind::valid)] = issue(spec(signer::root));
        leaves[static_cast<int>(leaf_kind::via_intermediate)] = issue(spec(signer::intermediate));
        {
            auto l = spec(signer::root);
            l.not_before = -day * 30;
            l.not_after = -day;
            leaves[static_cast<int>(leaf_kind::expired)] = issue(l);
        }
        {
            auto l = spec(signer::root);
            l.not_before = day;
            l.not_after = day * 30;
            leaves[static_cast<int>(leaf_kind::not_yet_valid)] = issue(l);
        }
        {
            auto l = spec(signer::root);
            l.common_name = "wrong.example";
            l.dns_names = {"wrong.example"};
            l.ip_addresses = {};
            leaves[static_cast<int>(leaf_kind::wrong_host)] = issue(l);
        }
        leaves[static_cast<int>(leaf_kind::self_signed)] = issue(spec(signer::self));
        leaves[static_cast<int>(leaf_kind::untrusted_root)] = issue(spec(signer::other_root));

        client_ca = build("urlcheck test client CA", true, nullptr, -day, day * 3650, {}, {});
        client_ca_pem = cert_pem(client_ca.cert.get());
        clients[static_cast<int>(client_kind::trusted)] = issue_client("urlcheck test client", client_ca);
        clients[static_cast<int>(client_kind::other_ca)] = issue_client("urlcheck stranger", other_root);
    }

    static pem_leaf issue_client(const std::string& cn, const issued& by) {
        issued leaf = build(cn, false, &by, -day, day * 90, {}, {}, "clientAuth");
        return pem_leaf{cert_pem(leaf.cert.get()), key_pem(leaf.key.get()), {}};
    }

    pem_leaf issue(const leaf_spec& s) const {
        const issued* by = nullptr;
        switch (s.issuer) {
            case signer::root: by = &root; break;
            case signer::intermediate: by = &intermediate; break;
            case signer::other_root: by = &other_root; break;
            case signer::self: by = nullptr; break;
        }
        issued leaf = build(s.common_name, false, by, s.not_before, s.not_after, s.dns_names, s.ip_addresses);
        pem_leaf out;
        out.cert = cert_pem(leaf.cert.get());
        out.key = key_pem(leaf.key.get());
        if (s.issuer == signer::intermediate) out.chain = intermediate_pem;
        return out;
    }
};

const authority& ca() {
    static const authority instance;
    return instance;
}

// A file removed when the process exits normally.
struct temp_file {
    std::string path;
    explicit temp_file(const std::string& stem, const std::string& content) {
        namespace fs = std::filesystem;
        path = (fs::temp_directory_path() / (stem + "-" + std::to_string(::getpid()) + ".pem")).string();
        std::ofstream out(path, std::ios::binary | std::ios::trunc);
        out << content;
        out.close();
        if (!out) throw std::runtime_error("test_ca: cannot write " + path);
    }
    ~temp_file() {
        std::error_code ec;
        std::filesystem::remove(path, ec);
    }
    temp_file(const temp_file&) = delete;
    temp_file& operator=(const temp_file&) = delete;
};

}  // namespace

const std::string& root_ca_pem() { return ca().root_pem; }
const std::string& intermediate_ca_pem() { return ca().intermediate_pem; }
const std::string& other_root_ca_pem() { return ca().other_root_pem; }

const pem_leaf& leaf(leaf_kind kind) { return ca().leaves[static_cast<int>(kind)]; }

const std::string& client_ca_pem() { return ca().client_ca_pem; }
const pem_leaf& client_leaf(client_kind kind) { return ca().clients[static_cast<int>(kind)]; }

std::string encrypted_key_pem(const std::string& key_pem, const std::string& passphrase) {
    bio_ptr in(BIO_new_mem_buf(key_pem.data(), static_cast<int>(key_pem.size())));
    pkey_ptr key(PEM_read_bio_PrivateKey(in.get(), nullptr, nullptr, nullptr));
    if (!key) fail("PEM_read_bio_PrivateKey");
    bio_ptr out(BIO_new(BIO_s_mem()));
    check(PEM_write_bio_PKCS8PrivateKey(out.get(), key.get(), EVP_aes_256_cbc(), passphrase.data(),
                                        static_cast<int>(passphrase.size()), nullptr, nullptr),
          "PEM_write_bio_PKCS8PrivateKey");
    return read_bio(out.get());
}

void require_client_certificate(boost::asio::ssl::context& ctx, const std::string& ca_pem) {
    SSL_CTX* native = ctx.native_handle();
    bio_ptr in(BIO_new_mem_buf(ca_pem.data(), static_cast<int>(ca_pem.size())));
    x509_ptr ca_cert(PEM_read_bio_X509(in.get(), nullptr, nullptr, nullptr));
    if (!ca_cert) fail("PEM_read_bio_X509");
    check(X509_STORE_add_cert(SSL_CTX_get_cert_store(native), ca_cert.get()), "X509_STORE_add_cert");
    check(SSL_CTX_add_client_CA(native, ca_cert.get()), "SSL_CTX_add_client_CA");
    SSL_CTX_set_verify(native, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, nullptr);
    // Resumed sessions skip the client certificate: every connection must show it.
    SSL_CTX_set_session_cache_mode(native, SSL_SESS_CACHE_OFF);
    SSL_CTX_set_num_tickets(native, 0);
    static const unsigned char context_id[] = "urlcheck-client-auth";
    check(SSL_CTX_set_session_id_context(native, context_id, sizeof context_id - 1), "SSL_CTX_set_session_id_context");
}

pem_leaf make_leaf(const leaf_spec& spec) { return ca().issue(spec); }

pem_leaf leaf_expiring_in_days(long days) {
    leaf_spec s;
    s.not_after = day * days + std::chrono::hours(1);
    if (s.not_after <= s.not_before) s.not_before = s.not_after - day * 30;
    return make_leaf(s);
}

const std::string& root_ca_file() {
    static const temp_file file("urlcheck-test-root-ca", root_ca_pem());
    return file.path;
}

const std::string& other_root_ca_file() {
    static const temp_file file("urlcheck-test-other-root-ca", other_root_ca_pem());
    return file.path;
}

void use_leaf(ssl::context& ctx, const pem_leaf& leaf) {
    const std::string chain = leaf.full_chain();
    ctx.use_certificate_chain(boost::asio::buffer(chain));
    ctx.use_private_key(boost::asio::buffer(leaf.key), ssl::context::pem);
}

std::shared_ptr<ssl::context> make_server_context(const pem_leaf& leaf) {
    auto ctx = std::make_shared<ssl::context>(ssl::context::tls_server);
    ctx->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3 |
                     ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1);
    use_leaf(*ctx, leaf);
    return ctx;
}

std::shared_ptr<ssl::context> make_server_context(leaf_kind kind) { return make_server_context(leaf(kind)); }

std::shared_ptr<ssl::context> make_tls10_server_context() {
    auto ctx = std::make_shared<ssl::context>(ssl::context::tls_server);
    SSL_CTX* native = ctx->native_handle();
    check(SSL_CTX_set_min_proto_version(native, TLS1_VERSION), "SSL_CTX_set_min_proto_version");
    check(SSL_CTX_set_max_proto_version(native, TLS1_VERSION), "SSL_CTX_set_max_proto_version");
    check(SSL_CTX_set_cipher_list(native, "DEFAULT:@SECLEVEL=0"), "SSL_CTX_set_cipher_list");
    use_leaf(*ctx, leaf(leaf_kind::valid));
    return ctx;
}

std::shared_ptr<ssl::context> make_client_context() {
    auto ctx = std::make_shared<ssl::context>(ssl::context::tls_client);
    ctx->add_certificate_authority(boost::asio::buffer(root_ca_pem()));
    ctx->set_verify_mode(ssl::verify_peer);
    return ctx;
}

}  // namespace urlcheck::test
