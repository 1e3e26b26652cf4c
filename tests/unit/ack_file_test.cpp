// The --ack file (src/cli/ack_file): [[ack]] tables with one of url, regex
// or tag, a reason, and an optional until date-time; every mistake named by
// FILE:LINE.
#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "cli/ack_file.hpp"

namespace {

using urlcheck::ack_rule;
using urlcheck::cli::parse_ack_file;

std::vector<ack_rule> parse_ok(const std::string& text) {
    std::string error;
    auto rules = parse_ack_file(text, "acks.toml", &error);
    EXPECT_TRUE(rules.has_value()) << error;
    return rules.value_or(std::vector<ack_rule>{});
}

TEST(AckFile, ReadsEveryKindOfAck) {
    const auto rules = parse_ok(
        "# known failures\n"
        "[[ack]]\n"
        "url = \"https://example.org/old-api\"\n"
        "reason = \"migration, TICKET-12\"\n"
        "until = 2026-12-24T18:00:00Z\n"
        "\n"
        "[[ack]]\n"
        "regex = '^https://legacy\\.example\\.org/'\n"
        "reason = \"being retired\"\n"
        "\n"
        "[[ack]]\n"
        "tag = \"partner\"\n"
        "reason = \"their maintenance window\"\n"
        "until = 2026-12-24T20:00:00+02:00\n");
    ASSERT_EQ(rules.size(), 3u);
    EXPECT_EQ(rules[0].by, ack_rule::match_by::url);
    EXPECT_EQ(rules[0].pattern, "https://example.org/old-api");
    EXPECT_EQ(rules[0].reason, "migration, TICKET-12");
    EXPECT_EQ(rules[0].until, "2026-12-24T18:00:00Z");
    // 2026-12-24T18:00:00Z, by `date -u -d 2026-12-24T18:00:00Z +%s`.
    EXPECT_EQ(rules[0].until_unix_ms, std::int64_t{1'798'135'200'000});
    EXPECT_EQ(rules[0].source, "acks.toml:2");

    EXPECT_EQ(rules[1].by, ack_rule::match_by::regex);
    EXPECT_EQ(rules[1].pattern, "^https://legacy\\.example\\.org/");
    EXPECT_FALSE(rules[1].until_unix_ms.has_value());
    EXPECT_EQ(rules[1].until, "");
    EXPECT_EQ(rules[1].source, "acks.toml:7");

    EXPECT_EQ(rules[2].by, ack_rule::match_by::tag);
    EXPECT_EQ(rules[2].pattern, "partner");
    // +02:00 is two hours ahead of UTC: the same instant as the first.
    EXPECT_EQ(rules[2].until, "2026-12-24T18:00:00Z");
    EXPECT_EQ(rules[2].until_unix_ms, rules[0].until_unix_ms);
    EXPECT_EQ(rules[2].source, "acks.toml:11");
}

TEST(AckFile, LocalDateTimeIsReadAsUtc) {
    const auto rules = parse_ok("[[ack]]\nurl = \"https://x.test/\"\nreason = \"r\"\nuntil = 2026-12-24T18:00:00\n");
    ASSERT_EQ(rules.size(), 1u);
    EXPECT_EQ(rules[0].until, "2026-12-24T18:00:00Z");
    EXPECT_EQ(rules[0].until_unix_ms, std::int64_t{1'798'135'200'000});
}

TEST(AckFile, AnEmptyFileHasNoAcks) { EXPECT_TRUE(parse_ok("# nothing acknowledged now\n").empty()); }

struct bad_file {
    const char* text;
    const char* error;
};

class AckFileErrors : public testing::TestWithParam<bad_file> {};

TEST_P(AckFileErrors, NameTheLine) {
    std::string error;
    EXPECT_FALSE(parse_ack_file(GetParam().text, "acks.toml", &error).has_value());
    EXPECT_EQ(error, GetParam().error);
}

INSTANTIATE_TEST_SUITE_P(
    Table, AckFileErrors,
    testing::Values(
        bad_file{"[[ack]]\nurl = \"https://x.test/\nreason = \"r\"\n",
                 "acks.toml:2:23: Error while parsing string: unescaped control characters other than TAB (U+0009) "
                 "are explicitly prohibited"},
        bad_file{"[[ack]]\nurl = \"https://x.test/\"\n", "acks.toml:1: [[ack]] needs a reason: who knows about the failure, and why"},
        bad_file{"[[ack]]\nreason = \"r\"\n", "acks.toml:1: [[ack]] needs exactly one of url, regex or tag (it has 0)"},
        bad_file{"\n[[ack]]\nurl = \"https://x.test/\"\ntag = \"t\"\nreason = \"r\"\n",
                 "acks.toml:2: [[ack]] needs exactly one of url, regex or tag (it has 2)"},
        bad_file{"[[ack]]\nurl = \"https://x.test/\"\nreason = \"\"\n",
                 "acks.toml:3: reason: expected a string that is not empty"},
        bad_file{"[[ack]]\nurl = 7\nreason = \"r\"\n", "acks.toml:2: url: expected a string that is not empty"},
        bad_file{"[[ack]]\nurl = \"https://x.test/\"\nreasn = \"r\"\n",
                 "acks.toml:3: unknown key 'reasn' in [[ack]] (did you mean 'reason'?)"},
        bad_file{"[[ack]]\ntag = \"two words\"\nreason = \"r\"\n",
                 "acks.toml:2: tag: 'two words' is not a tag (letters, digits, '_', '.' and '-')"},
        bad_file{"[[ack]]\nurl = \"https://x.test/\"\nreason = \"r\"\nuntil = \"2026-12-24T18:00:00Z\"\n",
                 "acks.toml:4: until: expected a TOML date-time such as 2026-12-24T18:00:00Z, without quotes; got a "
                 "string"},
        bad_file{"[[ack]]\nurl = \"https://x.test/\"\nreason = \"r\"\nuntil = 2026-12-24\n",
                 "acks.toml:4: until: a date alone has no time: write it in full, e.g. 2026-12-24T18:00:00Z"},
        bad_file{"[[ack]]\nurl = \"https://x.test/\"\nreason = \"r\"\nuntil = 18:00:00\n",
                 "acks.toml:4: until: expected a TOML date-time such as 2026-12-24T18:00:00Z"},
        bad_file{"[ack]\nurl = \"https://x.test/\"\nreason = \"r\"\n",
                 "acks.toml:1: ack: expected [[ack]] tables, one per acknowledgement"},
        bad_file{"url = \"https://x.test/\"\n",
                 "acks.toml:1: unknown key 'url': an ack file holds [[ack]] tables only"}));

TEST(AckFile, UnreadableFileIsNamed) {
    std::string error;
    EXPECT_FALSE(urlcheck::cli::read_ack_file("/nonexistent/acks.toml", &error).has_value());
    EXPECT_EQ(error, "--ack: cannot read /nonexistent/acks.toml: No such file or directory");
}

TEST(AckFile, ReadsAFile) {
    const auto path = std::filesystem::temp_directory_path() / "urlcheck_ack_file_test.toml";
    std::ofstream(path) << "[[ack]]\ntag = \"t\"\nreason = \"r\"\n";
    std::string error;
    const auto rules = urlcheck::cli::read_ack_file(path.string(), &error);
    std::filesystem::remove(path);
    ASSERT_TRUE(rules.has_value()) << error;
    ASSERT_EQ(rules->size(), 1u);
    EXPECT_EQ((*rules)[0].source, path.string() + ":1");
}

}  // namespace
