// Client certificates and trust end to end: run_checks against TLS test
// servers that require a client certificate (TLS 1.2 and TLS 1.3, which
// refuse at different moments), --capath, and --tls-min.
#include <gtest/gtest.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <stdlib.h>

#include <cstdio>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>

#include "support/engine_run.hpp"
#include "support/result_matchers.hpp"
#include "support/temp_dir.hpp"
#include "support/test_ca.hpp"
#include "support/test_server.hpp"
#include "urlcheck/engine.hpp"

namespace {

using namespace urlcheck;
using namespace urlcheck::test;

result check_url(const std::string& url, const check_options& o) {
    auto run = run_entries(entries_for({url}), o);
    EXPECT_EQ(run.calls[0], 1) << url;
    return run.results[0].value_or(result{});
}

// A TLS server serving the valid leaf that requires a certificate from the
// client CA; TLS 1.2 at most when `tls12`.
std::unique_ptr<test_server> client_auth_server(bool tls12) {
    server_options o;
    o.tls = make_server_context(leaf_kind::valid);
    o.client_ca_pem = client_ca_pem();
    o.tls12_only = tls12;
    auto server = std::make_unique<test_server>(o);
    server->route("/", serve::respond(200, {}, "welcome"));
    return server;
}

// Files for one client identity, the key apart from the certificate.
struct identity_files {
    temp_dir dir;
    std::string cert, key;
    explicit identity_files(const pem_leaf& leaf) {
        cert = dir.file("client.pem", leaf.cert);
        key = dir.file("client.key", leaf.key);
    }
};

check_options with_identity(const identity_files& files) {
    check_options o = fast_tls_check_options();
    o.client_cert = files.cert;
    o.client_key = files.key;
    return o;
}

const char* version_name(bool tls12) { return tls12 ? "TLS 1.2" : "TLS 1.3"; }

TEST(ClientCert, TheRightCertificatePassesAndTheServerSawIt) {
    identity_files files(client_leaf(client_kind::trusted));
    for (bool tls12 : {true, false}) {
        auto server = client_auth_server(tls12);
        auto r = check_url(server->url("/"), with_identity(files));
        EXPECT_TRUE(r.ok) << version_name(tls12) << ": " << describe(r);
        EXPECT_EQ(r.status, 200);
        ASSERT_TRUE(server->last_request()) << version_name(tls12);
        EXPECT_EQ(server->last_request()->client_subject, "/O=urlcheck tests/CN=urlcheck test client");
    }
}

TEST(ClientCert, KeyInTheCertificateFileIsFound) {
    temp_dir dir;
    const pem_leaf& leaf = client_leaf(client_kind::trusted);
    check_options o = fast_tls_check_options();
    o.client_cert = dir.file("both.pem", leaf.cert + leaf.key);
    auto server = client_auth_server(false);
    auto r = check_url(server->url("/"), o);
    EXPECT_TRUE(r.ok) << describe(r);
}

TEST(ClientCert, NoneSentSaysTheServerRequiresOne) {
    for (bool tls12 : {true, false}) {
        auto server = client_auth_server(tls12);
        auto r = check_url(server->url("/"), fast_tls_check_options());
        EXPECT_FALSE(r.ok) << version_name(tls12);
        EXPECT_EQ(r.error, error_kind::tls) << version_name(tls12) << ": " << describe(r);
        EXPECT_EQ(r.message, "the server requires a client certificate (none was sent; see --cert)")
            << version_name(tls12);
        EXPECT_EQ(server->total_requests(), 0u);
    }
}

TEST(ClientCert, OneFromAnotherCaIsRefused) {
    identity_files files(client_leaf(client_kind::other_ca));
    for (bool tls12 : {true, false}) {
        auto server = client_auth_server(tls12);
        auto r = check_url(server->url("/"), with_identity(files));
        EXPECT_FALSE(r.ok) << version_name(tls12);
        EXPECT_EQ(r.error, error_kind::tls) << version_name(tls12) << ": " << describe(r);
        EXPECT_EQ(r.message, "the server refused the client certificate (TLS alert: unknown CA)")
            << version_name(tls12);
    }
}

TEST(ClientCert, ACertificateTheServerDidNotAskForChangesNothing) {
    identity_files files(client_leaf(client_kind::trusted));
    test_server server(make_server_context(leaf_kind::valid));
    server.route("/", serve::respond(200));
    auto r = check_url(server.url("/"), with_identity(files));
    EXPECT_TRUE(r.ok) << describe(r);
    ASSERT_TRUE(server.last_request());
    EXPECT_EQ(server.last_request()->client_subject, "");
}

TEST(ClientCert, EncryptedKeyWithThePassphraseFromTheEnvironment) {
    const pem_leaf& leaf = client_leaf(client_kind::trusted);
    temp_dir dir;
    check_options o = fast_tls_check_options();
    o.client_cert = dir.file("client.pem", leaf.cert);
    o.client_key = dir.file("client.key", encrypted_key_pem(leaf.key, "open sesame"));
    o.pass_env = "URLCHECK_TEST_KEY_PASSPHRASE";
    ::setenv(o.pass_env.c_str(), "open sesame", 1);
    auto server = client_auth_server(false);
    auto r = check_url(server->url("/"), o);
    EXPECT_TRUE(r.ok) << describe(r);
    EXPECT_EQ(server->last_request().value_or(http_request{}).client_subject,
              "/O=urlcheck tests/CN=urlcheck test client");
    ::unsetenv(o.pass_env.c_str());
}

// Setup failures stop the run before any check, naming the file.
std::string setup_error(const check_options& o) {
    auto server = client_auth_server(false);
    const auto entries = entries_for({server->url("/")});
    try {
        run_checks(entries, o, run_hooks{});
    } catch (const std::runtime_error& e) {
        EXPECT_EQ(server->connections(), 0u) << e.what();
        return e.what();
    }
    ADD_FAILURE() << "no setup error";
    return {};
}

TEST(ClientCert, BadSetupIsAnErrorBeforeAnyCheck) {
    const pem_leaf& leaf = client_leaf(client_kind::trusted);
    const pem_leaf& stranger = client_leaf(client_kind::other_ca);
    temp_dir dir;
    const std::string cert = dir.file("client.pem", leaf.cert);
    const std::string key = dir.file("client.key", leaf.key);
    const std::string encrypted = dir.file("encrypted.key", encrypted_key_pem(leaf.key, "right"));
    check_options base = fast_tls_check_options();
    base.client_cert = cert;
    base.client_key = key;

    auto o = base;
    o.client_cert = dir.path + "/missing.pem";
    EXPECT_EQ(setup_error(o), "cannot read the client certificate '" + o.client_cert + "': No such file or directory");

    o = base;
    o.client_cert = dir.file("notes.txt", "not a certificate\n");
    EXPECT_EQ(setup_error(o), "no PEM certificate in '" + o.client_cert + "' (--cert)");

    o = base;
    o.client_key = dir.file("stranger.key", stranger.key);
    EXPECT_EQ(setup_error(o),
              "the private key in '" + o.client_key + "' does not match the client certificate in '" + cert + "'");

    o = base;
    o.client_key.clear();
    EXPECT_EQ(setup_error(o), "no private key in '" + cert + "' (--cert): name the key's file with --key FILE");

    o = base;
    o.client_key = cert;
    EXPECT_EQ(setup_error(o), "no PEM private key in '" + cert + "' (--key)");

    o = base;
    o.client_key = encrypted;
    EXPECT_EQ(setup_error(o), "the private key in '" + encrypted +
                                  "' is encrypted: name the environment variable that holds its passphrase with "
                                  "--pass-env NAME");

    o.pass_env = "URLCHECK_TEST_UNSET_PASSPHRASE";
    ::unsetenv(o.pass_env.c_str());
    EXPECT_EQ(setup_error(o),
              "--pass-env URLCHECK_TEST_UNSET_PASSPHRASE: that environment variable is not set (it must hold the "
              "passphrase of the client key)");

    o.pass_env = "URLCHECK_TEST_WRONG_PASSPHRASE";
    ::setenv(o.pass_env.c_str(), "wrong", 1);
    const std::string message = setup_error(o);
    EXPECT_EQ(message, "cannot decrypt the private key in '" + encrypted +
                           "' with the passphrase in $URLCHECK_TEST_WRONG_PASSPHRASE (wrong passphrase?)");
    EXPECT_EQ(message.find("wrong,"), std::string::npos);
    ::unsetenv(o.pass_env.c_str());

    o = fast_tls_check_options();
    o.client_key = key;
    EXPECT_EQ(setup_error(o), "--key needs --cert (the certificate it belongs to)");
}

// A directory of CA certificates named by subject hash, as `openssl rehash` makes it.
std::string rehashed_directory(const temp_dir& dir, const std::string& ca_pem) {
    const std::string sub = dir.path + "/cas";
    std::filesystem::create_directory(sub);
    std::unique_ptr<BIO, decltype(&BIO_free)> in(BIO_new_mem_buf(ca_pem.data(), static_cast<int>(ca_pem.size())),
                                                 &BIO_free);
    std::unique_ptr<X509, decltype(&X509_free)> ca(PEM_read_bio_X509(in.get(), nullptr, nullptr, nullptr), &X509_free);
    char name[16];
    std::snprintf(name, sizeof name, "%08lx.0",
                  X509_NAME_hash_ex(X509_get_subject_name(ca.get()), nullptr, nullptr, nullptr));
    dir.file(std::string("cas/") + name, ca_pem);
    return sub;
}

TEST(ClientCert, CapathVerifiesTheServer) {
    temp_dir dir;
    test_server server(make_server_context(leaf_kind::valid));
    server.route("/", serve::respond(200));
    check_options o = fast_tls_check_options();
    o.cacert.clear();
    o.capath = rehashed_directory(dir, root_ca_pem());
    auto r = check_url(server.url("/"), o);
    EXPECT_TRUE(r.ok) << describe(r);

    // It replaces the system store, as --cacert does: another root's leaf
    // stays untrusted.
    test_server stranger(make_server_context(leaf_kind::untrusted_root));
    r = check_url(stranger.url("/"), o);
    EXPECT_EQ(r.error, error_kind::tls) << describe(r);

    // With --cacert, both are trusted.
    o.cacert = other_root_ca_file();
    stranger.route("/", serve::respond(200));
    EXPECT_TRUE(check_url(stranger.url("/"), o).ok);
    EXPECT_TRUE(check_url(server.url("/"), o).ok);
}

TEST(ClientCert, CapathWithoutHashedNamesIsASetupError) {
    temp_dir dir;
    check_options o = fast_tls_check_options();
    o.capath = dir.path;
    dir.file("root.pem", root_ca_pem());
    EXPECT_EQ(setup_error(o), "--capath '" + dir.path + "' has no hashed CA names (HASH.0): run 'openssl rehash " +
                                  dir.path + "' first");
    o.capath = dir.path + "/nowhere";
    EXPECT_EQ(setup_error(o), "--capath '" + o.capath + "' is not a directory (it does not exist)");
}

TEST(ClientCert, TlsMinimumAboveWhatTheServerSpeaks) {
    server_options so;
    so.tls = make_server_context(leaf_kind::valid);
    so.tls12_only = true;
    test_server server(so);
    server.route("/", serve::respond(200));
    check_options o = fast_tls_check_options();
    EXPECT_TRUE(check_url(server.url("/"), o).ok);
    o.tls_min = tls_version::v1_3;
    auto r = check_url(server.url("/"), o);
    EXPECT_EQ(r.error, error_kind::tls) << describe(r);
    EXPECT_EQ(r.message,
              "TLS handshake failed: the server does not support TLS 1.3, the oldest version --tls-min 1.3 allows");
    test_server modern(make_server_context(leaf_kind::valid));
    modern.route("/", serve::respond(200));
    EXPECT_TRUE(check_url(modern.url("/"), o).ok);
}

}  // namespace
