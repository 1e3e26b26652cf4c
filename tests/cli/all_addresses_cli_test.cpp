// --all-addresses, ips= and --connect-to as the binary takes them: the json
// report's `addresses`, the text report's lines under the entry, one list
// line with ips=all among lines without, and --connect-to end to end.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include <fmt/format.h>

#include <string>
#include <vector>

#include "cli/cli_binary.hpp"

namespace {

namespace json = boost::json;
using namespace urlcheck::test;
using namespace urlcheck::test::serve;

// The fixture's server on 127.0.0.1:P and a second one on 127.0.0.2:P;
// nothing listens on 127.0.0.3:P.
class AllAddressesCli : public cli_binary {
protected:
    void SetUp() override {
        cli_binary::SetUp();
        server_options o;
        o.address = "127.0.0.2";
        o.port = server_.port();
        second_.emplace(o);
        second_->route("/ok", respond(200, {}, "ok"));
    }
    std::string resolve(const std::string& addresses) const {
        return fmt::format("rr.test:{}:{}", server_.port(), addresses);
    }
    std::string rr_url(const std::string& path) const { return fmt::format("http://rr.test:{}{}", server_.port(), path); }

    std::optional<test_server> second_;
};

TEST_F(AllAddressesCli, JsonHasTheAddressesArray) {
    const auto r = run({"--all-addresses", "--retries", "0", "--no-confirm", "--format", "json", "--resolve",
                        resolve("127.0.0.1,127.0.0.2,127.0.0.3"), rr_url("/ok")});
    EXPECT_EQ(r.exit_code, 0) << dump(r);  // degraded does not fail the run
    const json::value doc = json::parse(r.out);
    const auto& result = doc.at("results").at(0);
    EXPECT_EQ(result.at("state").as_string(), "degraded");
    EXPECT_EQ(result.at("reasons").at(0).as_string(),
              fmt::format("1 of 3 addresses down: 127.0.0.3:{} refused", server_.port()));
    const auto& addresses = result.at("addresses").as_array();
    ASSERT_EQ(addresses.size(), 3u);
    EXPECT_EQ(addresses[0].at("remote_addr").as_string(), fmt::format("127.0.0.1:{}", server_.port()));
    EXPECT_EQ(addresses[0].at("state").as_string(), "up");
    EXPECT_EQ(addresses[0].at("status").as_int64(), 200);
    EXPECT_EQ(addresses[2].at("state").as_string(), "down");
    EXPECT_EQ(addresses[2].at("error").as_string(), "connect");
    EXPECT_TRUE(addresses[2].at("status").is_null());
}

TEST_F(AllAddressesCli, StrictFailsTheRunAndTextListsTheFailingAddress) {
    const auto r = run({"--all-addresses=strict", "--retries", "0", "--no-confirm", "--resolve",
                        resolve("127.0.0.1,127.0.0.3"), rr_url("/ok")});
    EXPECT_EQ(r.exit_code, 1) << dump(r);
    const auto down = lines_with(r.out, "DOWN  ");
    ASSERT_EQ(down.size(), 1u) << dump(r);
    EXPECT_TRUE(contains(down[0], "1 of 2 addresses down")) << dump(r);
    // One indented line for the failing address, none for the one that answered.
    EXPECT_EQ(lines_with(r.out, fmt::format("    127.0.0.3:{} DOWN connect: connection refused", server_.port())).size(),
              1u)
        << dump(r);
    EXPECT_TRUE(lines_with(r.out, fmt::format("    127.0.0.1:{}", server_.port())).empty()) << dump(r);
}

TEST_F(AllAddressesCli, IpsAllOnOneLineOnly) {
    const std::string list = write_file("urls.txt", rr_url("/ok") + " ips=all\n" + rr_url("/ok") + "\n");
    const auto r = run({"--retries", "0", "--no-confirm", "--format", "jsonl", "--resolve",
                        resolve("127.0.0.1,127.0.0.2,127.0.0.3"), list});
    EXPECT_EQ(r.exit_code, 0) << dump(r);
    const auto lines = split_lines(r.out);
    ASSERT_EQ(lines.size(), 2u) << dump(r);
    const json::value first = json::parse(lines[0]);
    const json::value second = json::parse(lines[1]);
    // jsonl comes in completion order: tell the lines apart by source.
    const bool in_order = first.at("source").as_string().ends_with(":1");
    const json::value& with = in_order ? first : second;
    const json::value& without = in_order ? second : first;
    EXPECT_EQ(with.at("state").as_string(), "degraded") << dump(r);
    EXPECT_EQ(with.at("addresses").as_array().size(), 3u);
    EXPECT_EQ(without.at("state").as_string(), "up") << dump(r);
    EXPECT_FALSE(without.as_object().contains("addresses"));
}

TEST_F(AllAddressesCli, BadIpsValueIsALineError) {
    const std::string list = write_file("urls.txt", rr_url("/ok") + " ips=some\n");
    const auto r = run({list});
    EXPECT_EQ(r.exit_code, 1) << dump(r);
    EXPECT_TRUE(contains(r.out, "ips: expected all, all-strict or one, got 'some'")) << dump(r);
}

TEST_F(AllAddressesCli, ConnectToKeepsTheNameInHost) {
    server_.route("/who", [](const http_request& req) { return http_response{200, {}, req.header("Host")}; });
    const auto r = run({"-v", "--connect-to", fmt::format("example.invalid:80:127.0.0.1:{}", server_.port()),
                        "http://example.invalid/who"});
    EXPECT_EQ(r.exit_code, 0) << dump(r);
    ASSERT_TRUE(server_.last_request()) << dump(r);
    EXPECT_EQ(server_.last_request()->path, "/who");
    EXPECT_EQ(server_.last_request()->header("Host"), "example.invalid");
}

TEST_F(AllAddressesCli, ConnectToTargetGoesThroughResolve) {
    // curl: --resolve applies to HOST2.
    const auto r = run({"--connect-to", "example.invalid:80:backend.invalid:" + std::to_string(server_.port()),
                        "--resolve", fmt::format("backend.invalid:{}:127.0.0.1", server_.port()),
                        "http://example.invalid/ok"});
    EXPECT_EQ(r.exit_code, 0) << dump(r);
    EXPECT_EQ(server_.requests("/ok"), 1u);
}

TEST_F(AllAddressesCli, ConnectToBadValueIsAUsageError) {
    const auto r = run({"--connect-to", "example.com:443:backend", "http://example.com/"});
    EXPECT_EQ(r.exit_code, 2) << dump(r);
    EXPECT_TRUE(contains(r.err, "--connect-to")) << dump(r);
}

}  // namespace
