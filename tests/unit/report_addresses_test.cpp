// --all-addresses in the reports: the shared hostile run's entry checked on
// every address (tests/support/hostile_results.hpp, entry 6) as json, jsonl
// and text show it, and every other format still writing it.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include <string>

#include "support/hostile_results.hpp"
#include "urlcheck/vocabulary.hpp"

namespace urlcheck::test {
namespace {

namespace json = boost::json;

const json::value& secret_of(const json::value& doc) { return doc.at("results").at(6); }

TEST(ReportAddresses, JsonAppendsOneObjectPerAddress) {
    const json::value doc = json::parse(render(output_format::json, make_hostile_run()));
    const auto& addresses = secret_of(doc).at("addresses").as_array();
    ASSERT_EQ(addresses.size(), 2u);
    EXPECT_EQ(addresses[0].at("remote_addr").as_string(), "127.0.0.1:443");
    EXPECT_EQ(addresses[0].at("state").as_string(), "down");
    EXPECT_EQ(addresses[0].at("ok").as_bool(), false);
    EXPECT_TRUE(addresses[0].at("status").is_null());
    EXPECT_EQ(addresses[0].at("error").as_string(), "connect");
    EXPECT_EQ(addresses[1].at("remote_addr").as_string(), "[2001:db8::3]:443");
    EXPECT_EQ(addresses[1].at("status").as_int64(), 502);
    EXPECT_EQ(addresses[1].at("message").as_string(), "HTTP 502 \"Bad\"\r\n<Gateway>");
    EXPECT_EQ(addresses[1].at("reasons").at(0).as_string(), "status: HTTP 502 \"Bad\"\r\n<Gateway>");
    EXPECT_EQ(addresses[1].at("time_ms").as_double(), 1.1);
    // The other entries have no such key: their bytes are as before.
    EXPECT_FALSE(doc.at("results").at(0).as_object().contains("addresses"));
}

TEST(ReportAddresses, TextListsEachFailingAddressUnderItsEntryOnItsOwnLine) {
    const std::string text = render(output_format::text, make_hostile_run());
    const auto entry = text.find("https://user:***@private.example/admin");
    ASSERT_NE(entry, std::string::npos) << text;
    const auto next_line = text.find('\n', entry) + 1;
    EXPECT_EQ(text.substr(next_line, text.find('\n', next_line) - next_line),
              "    127.0.0.1:443 DOWN connect: connection refused");
    // A CR/LF from a server never starts a line of its own.
    EXPECT_NE(text.find("    [2001:db8::3]:443 DOWN HTTP 502 \"Bad\"\\x0D\\x0A<Gateway>\n"), std::string::npos) << text;
}

TEST(ReportAddresses, EveryFormatWritesTheRun) {
    for (const auto& [name, format] : output_format_names) {
        const std::string out = render(format, make_hostile_run());
        EXPECT_FALSE(out.empty()) << name;
        // The roll-up's own words reach every format that shows messages.
        if (format != output_format::prometheus) {
            EXPECT_NE(out.find("private.example"), std::string::npos) << name;
        }
    }
}

}  // namespace
}  // namespace urlcheck::test
