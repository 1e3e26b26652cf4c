#include "trust_store.hpp"

#include <gtest/gtest.h>

#include <set>

namespace urlcheck {
namespace {

using kind = trust_store_choice::kind;

// What a statically linked Debian OpenSSL was configured with.
trust_store_environment debian_openssl() {
    trust_store_environment environment;
    environment.openssl_file = "/usr/lib/ssl/cert.pem";
    environment.openssl_dir = "/usr/lib/ssl/certs";
    return environment;
}

trust_store_choice choose_on(const trust_store_environment& environment, std::set<std::string> present) {
    return choose_trust_store(environment, [&](const std::string& path) { return present.contains(path); });
}

struct layout_row {
    const char* distribution;
    std::set<std::string> present;
    kind expected_kind;
    const char* expected_path;
};

TEST(TrustStore, EachDistributionsLayoutIsFound) {
    const layout_row rows[] = {
        {"Debian/Ubuntu: OpenSSL's own paths",
         {"/usr/lib/ssl/cert.pem", "/usr/lib/ssl/certs", "/etc/ssl/certs/ca-certificates.crt", "/etc/ssl/certs"},
         kind::openssl_defaults,
         ""},
        {"Debian, only the hashed directory", {"/usr/lib/ssl/certs"}, kind::openssl_defaults, ""},
        {"Fedora",
         {"/etc/pki/tls/certs/ca-bundle.crt", "/etc/pki/tls/certs",
          "/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem"},
         kind::file,
         "/etc/pki/tls/certs/ca-bundle.crt"},
        {"RHEL/CentOS 7+ extracted bundle only",
         {"/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem"},
         kind::file,
         "/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem"},
        {"Alpine with ca-certificates",
         {"/etc/ssl/certs/ca-certificates.crt", "/etc/ssl/cert.pem", "/etc/ssl/certs"},
         kind::file,
         "/etc/ssl/certs/ca-certificates.crt"},
        {"Alpine, cert.pem only", {"/etc/ssl/cert.pem"}, kind::file, "/etc/ssl/cert.pem"},
        {"openSUSE", {"/etc/ssl/ca-bundle.pem", "/etc/ssl/certs"}, kind::file, "/etc/ssl/ca-bundle.pem"},
        {"SLES 11: a hashed directory, no bundle", {"/etc/ssl/certs"}, kind::directory, "/etc/ssl/certs"},
        {"Fedora, directory only", {"/etc/pki/tls/certs"}, kind::directory, "/etc/pki/tls/certs"},
    };
    for (const auto& row : rows) {
        const auto choice = choose_on(debian_openssl(), row.present);
        EXPECT_EQ(choice.how, row.expected_kind) << row.distribution;
        EXPECT_EQ(choice.path, row.expected_path) << row.distribution;
        EXPECT_TRUE(choice.problem.empty()) << row.distribution;
    }
}

TEST(TrustStore, EnvironmentWinsOverEveryProbe) {
    auto environment = debian_openssl();
    environment.cert_file = "/opt/corp/ca.pem";
    auto choice = choose_on(environment, {"/opt/corp/ca.pem", "/etc/pki/tls/certs/ca-bundle.crt"});
    EXPECT_EQ(choice.how, kind::openssl_defaults);  // OpenSSL reads SSL_CERT_FILE itself

    environment = debian_openssl();
    environment.cert_dir = "/nowhere:/opt/corp/certs";  // a list, as OpenSSL takes it
    choice = choose_on(environment, {"/opt/corp/certs", "/etc/ssl/cert.pem"});
    EXPECT_EQ(choice.how, kind::openssl_defaults);
}

TEST(TrustStore, EnvironmentNamingNothingIsTheProblemNotSkipped) {
    auto environment = debian_openssl();
    environment.cert_file = "/tmp/typo.pem";
    const auto choice = choose_on(environment, {"/etc/ssl/certs/ca-certificates.crt"});
    EXPECT_EQ(choice.how, kind::none);
    EXPECT_NE(choice.problem.find("SSL_CERT_FILE=/tmp/typo.pem"), std::string::npos) << choice.problem;
}

TEST(TrustStore, NoneFoundNamesEveryPathTriedAndTheWayOut) {
    const auto choice = choose_on(debian_openssl(), {"/etc/ssl/certs/ca-certificates.crt.dpkg-new"});
    ASSERT_EQ(choice.how, kind::none);
    EXPECT_TRUE(choice.path.empty());
    for (const auto& path : known_trust_files()) EXPECT_NE(choice.problem.find(path), std::string::npos) << path;
    for (const auto& path : known_trust_directories()) EXPECT_NE(choice.problem.find(path), std::string::npos) << path;
    EXPECT_NE(choice.problem.find("/usr/lib/ssl/cert.pem"), std::string::npos);
    EXPECT_NE(choice.problem.find("SSL_CERT_FILE"), std::string::npos);
    EXPECT_NE(choice.problem.find("--cacert"), std::string::npos);
}

TEST(TrustStore, FilesAreTriedBeforeDirectories) {
    // /etc/ssl/certs is a directory on every layout that has it; a bundle
    // beside it is complete where the directory may lack c_rehash's links.
    const auto choice = choose_on(debian_openssl(), {"/etc/ssl/certs", "/etc/ssl/cert.pem"});
    EXPECT_EQ(choice.how, kind::file);
    EXPECT_EQ(choice.path, "/etc/ssl/cert.pem");
}

}  // namespace
}  // namespace urlcheck
