// What must never reach a report or a message (credentials in URLs), and
// the --insecure warning.
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <string>
#include <vector>

#include "cli/cli_binary.hpp"

namespace {

using namespace std::chrono_literals;
using namespace urlcheck::test;
using namespace urlcheck::test::serve;

using Security = cli_binary;

TEST_F(Security, InsecureWarnsOncePerRunEvenWhenQuiet) {
    const std::string warning = "urlcheck: warning: --insecure: TLS certificates are not verified\n";
    for (const char* quiet : {"-v", "-q"}) {
        const auto r = run({"-k", quiet, url("/ok"), url("/ok2"), url("/missing"), url("/redirect")});
        ASSERT_FALSE(r.timed_out) << dump(r);
        EXPECT_EQ(r.exit_code, 1) << dump(r);
        EXPECT_EQ(occurrences(r.err, warning), 1u) << dump(r);
        EXPECT_EQ(r.err, warning) << "nothing else on stderr: " << dump(r);
    }
    const auto without = run({"-q", url("/ok")});
    EXPECT_EQ(without.err, "") << dump(without);
}

TEST_F(Security, NoCredentialInAnyReportOrMessage) {
    server_.route("/to-other", redirect(302, server_.url("localhost", "/missing")));
    const std::string with_password =
        "http://user:pw-s3cret@127.0.0.1:" + std::to_string(server_.port()) + "/redirect";
    const std::string list = write_file("urls.txt", with_password + "\n" + url("/to-other") + "\n" +
                                                        "https://user:pw-s3cret@bad host/\n" + url("/hang") + "\n");
    for (const char* format : {"text", "json", "jsonl"}) {
        const auto r = run({"-v", "--format", format, "-t", "0.5", "--retries", "0", "--no-confirm", "-H",
                            "Authorization: Bearer tok-s3cret", "-H", "Cookie: c=cookie-s3cret", "-H",
                            "X-Api-Key: key-s3cret", list});
        ASSERT_FALSE(r.timed_out) << dump(r);
        EXPECT_EQ(r.exit_code, 1) << dump(r);
        EXPECT_EQ(r.out.find("s3cret"), std::string::npos) << format << ": " << dump(r);
        EXPECT_EQ(r.err.find("s3cret"), std::string::npos) << format << ": " << dump(r);
        EXPECT_EQ(occurrences(r.out, "user:***@"), std::string_view(format) == "text" ? 2u : 3u)
            << format << ": url and final_url of the first entry, url of the third: " << dump(r);
    }
    // The report file gets the same results.
    const auto r = run({"--format", "json", "-o", path("report.json"), with_password});
    EXPECT_EQ(r.exit_code, 0) << dump(r);
    std::ifstream in(path("report.json"));
    const std::string report((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_EQ(report.find("s3cret"), std::string::npos) << report;
    EXPECT_NE(report.find("user:***@"), std::string::npos) << report;
}

}  // namespace
