// The system CA store as the binary finds it: SSL_CERT_FILE naming nothing
// is one message and exit 2 before any check (tests/unit/trust_store_test
// has the layouts; scripts/portable-test.sh the real foreign ones).
#include <gtest/gtest.h>

#include <string>

#include "cli/cli_binary.hpp"
#include "support/test_ca.hpp"

namespace {

using namespace urlcheck::test;

using TrustStoreCli = cli_binary;

TEST_F(TrustStoreCli, AnEnvironmentNamingNoCertificatesIsOneMessageBeforeAnyCheck) {
    auto options = base_options();
    options.env["SSL_CERT_FILE"] = path("no-such-bundle.pem");
    options.unset_env.push_back("SSL_CERT_DIR");
    const auto r = run({url("/ok"), url("/ok2")}, options);
    ASSERT_FALSE(r.timed_out) << dump(r);
    EXPECT_EQ(r.exit_code, 2) << dump(r);
    EXPECT_EQ(occurrences(r.err, "SSL_CERT_FILE=" + path("no-such-bundle.pem")), 1u) << dump(r);
    EXPECT_EQ(r.out, "") << "nothing was checked: " << dump(r);
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
