// The system CA store as the binary finds it: when SSL_CERT_FILE names
// nothing, each https URL fails with one message naming it, before any
// connection, and plain http is checked as always (tests/unit/trust_store_test
// has the layouts; scripts/portable-test.sh the real foreign ones).
#include <gtest/gtest.h>

#include <string>

#include "cli/cli_binary.hpp"
#include "support/test_ca.hpp"

namespace {

using namespace urlcheck::test;

using TrustStoreCli = cli_binary;

TEST_F(TrustStoreCli, AnEnvironmentNamingNoCertificatesFailsEachHttpsUrlAndNotHttp) {
    auto options = base_options();
    options.env["SSL_CERT_FILE"] = path("no-such-bundle.pem");
    options.unset_env.push_back("SSL_CERT_DIR");
    // A plain-http run needs no store.
    const auto plain = run({"-q", url("/ok")}, options);
    EXPECT_EQ(plain.exit_code, 0) << dump(plain);
    // Port 9 on loopback refuses: "tls" rather than "connect" shows that no
    // connection was tried for a certificate nothing could verify.
    const auto secure = run({"--format", "jsonl", "https://127.0.0.1:9/", url("/ok")}, options);
    ASSERT_FALSE(secure.timed_out) << dump(secure);
    EXPECT_EQ(secure.exit_code, 1) << dump(secure);
    EXPECT_TRUE(contains(secure.out, R"("error":"tls")")) << dump(secure);
    EXPECT_TRUE(contains(secure.out, "SSL_CERT_FILE=" + path("no-such-bundle.pem"))) << dump(secure);
    EXPECT_FALSE(contains(secure.out, "refused")) << dump(secure);
    EXPECT_TRUE(contains(secure.out, R"("state":"up")")) << "the http URL: " << dump(secure);
}

TEST_F(TrustStoreCli, CacertOrInsecureNeedsNoSystemStore) {
    auto options = base_options();
    options.env["SSL_CERT_FILE"] = path("no-such-bundle.pem");
    const auto insecure = run({"-k", "-q", url("/ok")}, options);
    EXPECT_EQ(insecure.exit_code, 0) << dump(insecure);
    const auto cacert = run({"--cacert", root_ca_file(), "-q", url("/ok")}, options);
    EXPECT_EQ(cacert.exit_code, 0) << dump(cacert);
    const auto unset = run({"-q", url("/ok")}, base_options());
    EXPECT_EQ(unset.exit_code, 0) << dump(unset);
}

}  // namespace
