// --cert, --key, --pass-env, --capath and --tls-min through the binary:
// a server that requires a client certificate, setup errors that exit 2
// naming the file, and a passphrase that no output ever shows.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "support/cli_fixture.hpp"
#include "support/test_ca.hpp"
#include "support/test_server.hpp"

namespace urlcheck::test {
namespace {

constexpr const char* passphrase = "correct-horse-7f3a";
constexpr const char* pass_variable = "URLCHECK_CLI_KEY_PASS";

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

server_options requiring_client_certificates() {
    server_options o;
    o.tls = make_server_context(leaf_kind::valid);
    o.client_ca_pem = client_ca_pem();
    return o;
}

class ClientCertCli : public cli_fixture {
protected:
    void SetUp() override {
        cli_fixture::SetUp();
        tls_.route("/", serve::respond(200, {}, "welcome"));
        const pem_leaf& leaf = client_leaf(client_kind::trusted);
        cert_ = write_file("client.pem", leaf.cert);
        key_ = write_file("client.key", encrypted_key_pem(leaf.key, passphrase));
    }

    subprocess_options with_passphrase() const {
        subprocess_options o = base_options();
        o.env[pass_variable] = passphrase;
        return o;
    }

    std::vector<std::string> identity() const {
        return {"--cacert", root_ca_file(), "--cert", cert_, "--key", key_, "--pass-env", pass_variable};
    }

    std::vector<std::string> with(std::vector<std::string> args, const std::vector<std::string>& more) const {
        args.insert(args.end(), more.begin(), more.end());
        return args;
    }

    test_server tls_{requiring_client_certificates()};
    std::string cert_, key_;
};

TEST_F(ClientCertCli, EncryptedKeyEndToEndAndThePassphraseIsNeverShown) {
    const std::string target = tls_.url("/");
    std::vector<subprocess_result> runs;
    runs.push_back(run(with(identity(), {"-v", target}), with_passphrase()));
    runs.push_back(run(with(identity(), {"--format", "json", target}), with_passphrase()));
    runs.push_back(run(with(identity(), {"--explain", target}), with_passphrase()));
    for (const auto& r : runs) {
        ASSERT_FALSE(r.timed_out) << dump(r);
        EXPECT_EQ(r.exit_code, 0) << dump(r);
        EXPECT_FALSE(contains(r.out + r.err, passphrase)) << dump(r);
    }
    EXPECT_TRUE(contains(runs[0].out, target)) << dump(runs[0]);
    EXPECT_TRUE(
        contains(runs[2].out,
                 "*   the server asked for a client certificate: sent O = urlcheck tests, CN = urlcheck test client"))
        << dump(runs[2]);
    EXPECT_EQ(tls_.total_requests(), 3u);
    for (const auto& request : tls_.all_requests())
        EXPECT_EQ(request.client_subject, "/O=urlcheck tests/CN=urlcheck test client");

    // --print-config names the variable, never its value, and reads back.
    const auto shown = run(with(identity(), {"--print-config"}), with_passphrase());
    EXPECT_EQ(shown.exit_code, 0) << dump(shown);
    EXPECT_TRUE(contains(shown.out, std::string("pass-env = \"") + pass_variable + "\"")) << dump(shown);
    EXPECT_TRUE(contains(shown.out, "cert = \"" + cert_ + "\"")) << dump(shown);
    EXPECT_FALSE(contains(shown.out + shown.err, passphrase)) << dump(shown);
    const std::string config = write_file("identity.toml", shown.out);
    const auto from_config = run({"--config", config, target}, with_passphrase());
    EXPECT_EQ(from_config.exit_code, 0) << dump(from_config);
}

TEST_F(ClientCertCli, NoCertificateIsDownWithTheReason) {
    const auto r = run({"--cacert", root_ca_file(), tls_.url("/")});
    ASSERT_FALSE(r.timed_out) << dump(r);
    EXPECT_EQ(r.exit_code, 1) << dump(r);
    EXPECT_TRUE(contains(r.out, "the server requires a client certificate (none was sent; see --cert)")) << dump(r);
    EXPECT_EQ(tls_.total_requests(), 0u);
}

TEST_F(ClientCertCli, BadSetupExitsTwoNamingTheFileBeforeAnyCheck) {
    const std::string missing = path("missing.pem");
    const std::string not_pem = write_file("notes.txt", "hello\n");
    struct bad_case {
        std::vector<std::string> args;
        std::string message;
    };
    std::vector<std::string> unset_variable = identity();
    unset_variable.back() = "URLCHECK_CLI_UNSET_VARIABLE";
    const std::vector<bad_case> cases{
        {{"--cert", missing}, "cannot read the client certificate '" + missing + "': No such file or directory"},
        {{"--cert", not_pem}, "no PEM certificate in '" + not_pem + "' (--cert)"},
        {{"--cert", cert_, "--key", key_},
         "the private key in '" + key_ + "' is encrypted: name the environment variable that holds its passphrase"},
        {unset_variable, "--pass-env URLCHECK_CLI_UNSET_VARIABLE: that environment variable is not set"},
        {{"--capath", dir_.string()}, "--capath '" + dir_.string() + "' has no hashed CA names"},
        {{"--tls-min", "1.1"}, "--tls-min: expected 1.2 or 1.3, got '1.1' (TLS 1.1 and older are never used)"},
    };
    for (const auto& c : cases) {
        const auto r = run(with(c.args, {tls_.url("/")}), with_passphrase());
        ASSERT_FALSE(r.timed_out) << dump(r);
        EXPECT_EQ(r.exit_code, 2) << dump(r);
        EXPECT_TRUE(contains(r.err, c.message)) << c.message << "\n" << dump(r);
        EXPECT_EQ(r.out, "") << dump(r);
    }
    EXPECT_EQ(tls_.connections(), 0u);

    // A wrong passphrase: said so, and the wrong one is not echoed either.
    subprocess_options wrong = base_options();
    wrong.env[pass_variable] = "wrong-horse-19";
    const auto r = run(with(identity(), {tls_.url("/")}), wrong);
    EXPECT_EQ(r.exit_code, 2) << dump(r);
    EXPECT_TRUE(contains(r.err, "cannot decrypt the private key in '" + key_ + "' with the passphrase in $" +
                                    pass_variable + " (wrong passphrase?)"))
        << dump(r);
    EXPECT_FALSE(contains(r.out + r.err, "wrong-horse-19")) << dump(r);
    EXPECT_EQ(tls_.connections(), 0u);
}

}  // namespace
}  // namespace urlcheck::test
