// render_explanation on hand-made traces: the layout of each step, the
// redaction of credentials, clipping to the width, and no colour when off.
#include "report/explain.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "credentials.hpp"

// Events name only the fields a test is about; GCC 12 counts the rest of a
// designated initializer as missing.
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

namespace urlcheck {
namespace {

using namespace std::string_literals;

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
}

// Columns as a terminal shows them: colour escapes removed, then UTF-8
// code points (every byte but continuation bytes).
std::size_t columns(const std::string& s) {
    static const std::regex escape("\x1b\\[[0-9;]*m");
    const std::string plain = std::regex_replace(s, escape, "");
    return static_cast<std::size_t>(
        std::count_if(plain.begin(), plain.end(), [](char c) { return (static_cast<unsigned char>(c) >> 6) != 2; }));
}

// A first attempt that times out and is retried, then a TLS exchange that
// redirects, and a second hop that answers 200: every kind of event.
std::vector<trace::stamped> sample_trace() {
    std::vector<trace::stamped> t;
    const auto at = [&](double ms, trace::event e) { t.push_back({ms, std::move(e)}); };
    at(0, trace::look_started{"https://user:hunter2@example.test/old", false, 0});
    at(0, trace::attempt_started{1, "GET", "https://user:hunter2@example.test/old"});
    at(1, trace::dns_answer{.host = "example.test", .port = 443, .addresses = {"::1", "127.0.0.1"}, .ms = 1.5});
    at(2, trace::connect_try{"[::1]:443", 0.2, false, "Connection refused"});
    at(3, trace::connect_try{"127.0.0.1:443", 0.3, true, "connected"});
    at(4, trace::exchange_done{"https://example.test/old",
                               "127.0.0.1:443",
                               {1.5, 0.3, std::nullopt, std::nullopt},
                               1000,
                               false,
                               "timeout: no response within 1 s"});
    at(1000, trace::attempt_ended{1, std::nullopt, error_kind::timeout, "no response within 1 s", 1000,
                                  "retry 1 of 1 in 500 ms: the failure may be transient"});
    at(1500, trace::attempt_started{2, "GET", "https://user:hunter2@example.test/old"});
    at(1501, trace::dns_answer{.host = "example.test", .port = 443, .addresses = {"127.0.0.1"}, .cached = true});
    at(1502, trace::connect_try{"127.0.0.1:443", 0.2, true, "connected"});
    trace::tls_handshake tls;
    tls.version = "TLSv1.3";
    tls.cipher = "TLS_AES_256_GCM_SHA384";
    tls.subject = "CN = example.test";
    tls.issuer = "CN = Test Root";
    tls.not_after = "2027-03-01T00:00:00Z";
    tls.days_left = 85;
    tls.names = {"DNS:example.test", "IP:127.0.0.1"};
    tls.verified = true;
    tls.ms = 4.2;
    at(1506, tls);
    at(1507, trace::request_sent{"GET",
                                 "/old",
                                 {{"Host", "example.test"},
                                  {"Authorization", "Bearer s3cr3t-token"},
                                  {"Cookie", "session=abc123; theme=dark"},
                                  {"Proxy-Authorization", "Basic cHJveHk6cGFzcw=="}}});
    at(1510, trace::response_head{301,
                                  "Moved Permanently",
                                  {{"Location", "https://user:hunter2@example.test/new"},
                                   {"Set-Cookie", "id=deadbeef; Path=/; HttpOnly"}}});
    at(1511, trace::exchange_done{"https://example.test/old", "127.0.0.1:443", {0.1, 0.2, 4.2, 3.0}, 10, false, ""});
    at(1511, trace::redirect_hop{301, "https://example.test/old", "https://user:hunter2@example.test/new",
                                 "https://user:hunter2@example.test/new"});
    at(1512, trace::connection_reused{"127.0.0.1:443"});
    at(1513, trace::request_sent{"GET", "/new", {{"Host", "example.test"}}});
    at(1600, trace::response_head{200, "OK", {{"Content-Length", "2"}}});
    at(1601, trace::exchange_done{"https://example.test/new",
                                  "127.0.0.1:443",
                                  {std::nullopt, std::nullopt, std::nullopt, 87.0},
                                  89,
                                  true,
                                  ""});
    at(1601, trace::attempt_ended{2, 200, error_kind::none, "", 101, "an answer: no retry needed"});
    return t;
}

result sample_result() {
    result r;
    r.url = "https://user:***@example.test/old";
    r.final_url = "https://user:***@example.test/new";
    r.ok = true;
    r.state = verdict::degraded;
    r.status = 200;
    r.attempts = 2;
    r.redirects = 1;
    r.time_ms = 1601;
    r.remote_addr = "127.0.0.1:443";
    r.method = "GET";
    r.reasons = {"slow: 1.60 s over --slow 1 s"};
    return r;
}

std::string render(const explain_style& style) {
    const result r = sample_result();
    return render_explanation(sample_trace(), &r, style);
}

TEST(Explain, ShowsEveryStepInOrder) {
    const std::string text = render({});
    const std::vector<std::string> expected_in_order = {
        "-- attempt 1 at 0 ms GET https://user:***@example.test/old",
        "* DNS example.test -> ::1, 127.0.0.1 (1.5 ms)",
        "* connect to [::1]:443: Connection refused (0.2 ms)",
        "* connected to 127.0.0.1:443 in 0.3 ms",
        "* timeout: no response within 1 s",
        "* attempt 1: timeout: no response within 1 s after 1.00 s; retry 1 of 1 in 500 ms: the failure may be "
        "transient",
        "-- attempt 2 at 1.50 s GET",
        "* DNS example.test -> 127.0.0.1 (looked up earlier)",
        "* TLS TLSv1.3, TLS_AES_256_GCM_SHA384, handshake 4.2 ms",
        "*   certificate verified",
        "*   subject:   CN = example.test",
        "*   issuer:    CN = Test Root",
        "*   expires:   2027-03-01T00:00:00Z (85 days left)",
        "*   names:     DNS:example.test, IP:127.0.0.1",
        "> GET /old HTTP/1.1",
        "> Host: example.test",
        "< 301 Moved Permanently",
        "  DNS lookup",
        "  TCP connect",
        "  TLS",
        "  first byte",
        "  total",
        "* redirect: 301 to https://user:***@example.test/new",
        "* the open connection to 127.0.0.1:443 is used again",
        "> GET /new HTTP/1.1",
        "< 200 OK",
        "* attempt 2: status 200 after 101 ms; an answer: no retry needed",
        "-- verdict",
        "DEGRADED 200 slow: 1.60 s over --slow 1 s",
        "  url:       https://user:***@example.test/old",
        "  final url: https://user:***@example.test/new",
        "  answered:  127.0.0.1:443 (GET)",
        "  checked:   2 attempts, 1 redirect, 1.60 s",
        "  because:   slow: 1.60 s over --slow 1 s",
    };
    std::size_t from = 0;
    for (const auto& piece : expected_in_order) {
        const auto at = text.find(piece, from);
        ASSERT_NE(at, std::string::npos) << "missing after offset " << from << ": " << piece << "\n" << text;
        from = at + piece.size();
    }
}

TEST(Explain, CredentialsNeverShown) {
    for (const bool colour : {false, true}) {
        const std::string text = render({120, colour, true});
        for (const char* secret : {"hunter2", "s3cr3t-token", "abc123", "dark", "cHJveHk6cGFzcw==", "deadbeef"})
            EXPECT_EQ(text.find(secret), std::string::npos) << secret << "\n" << text;
    }
    const std::string text = render({});
    EXPECT_NE(text.find("> Authorization: Bearer ***"), std::string::npos) << text;
    EXPECT_NE(text.find("> Cookie: session=***; theme=***"), std::string::npos) << text;
    EXPECT_NE(text.find("> Proxy-Authorization: Basic ***"), std::string::npos) << text;
    EXPECT_NE(text.find("< Set-Cookie: id=***; Path=/; HttpOnly"), std::string::npos) << text;
    EXPECT_NE(text.find("< Location: https://user:***@example.test/new"), std::string::npos) << text;
}

TEST(Explain, WaterfallBarsStartWhereThePhaseBeforeEnded) {
    const auto lines = lines_of(render({}));
    // The second exchange (10 ms): DNS 0.1, connect 0.2, TLS 4.2, first byte 3.0.
    std::vector<std::string> bars;
    bool second = false;
    for (const auto& line : lines) {
        if (line.find("> GET /old") != std::string::npos) second = true;
        if (second && line.rfind("  ", 0) == 0 && line.find('|') != std::string::npos) bars.push_back(line);
        if (second && line.rfind("  total", 0) == 0) break;
    }
    ASSERT_EQ(bars.size(), 6u) << ::testing::PrintToString(bars);  // DNS, connect, TLS, first byte, rest, total
    const auto first_cell = [](const std::string& line) {
        const auto bar = line.find('|');
        return line.find('#', bar) - bar;
    };
    EXPECT_LE(first_cell(bars[0]), first_cell(bars[1]));
    EXPECT_LT(first_cell(bars[1]), first_cell(bars[2]));  // TLS after connect
    EXPECT_LT(first_cell(bars[2]), first_cell(bars[3]));  // first byte after TLS
    EXPECT_NE(bars[2].find("4.2 ms"), std::string::npos) << bars[2];
    // The TLS bar is the longest: 4.2 of 10 ms.
    const auto cells = [](const std::string& line) { return std::count(line.begin(), line.end(), '#'); };
    EXPECT_GT(cells(bars[2]), cells(bars[3]));
    EXPECT_GT(cells(bars[2]), cells(bars[0]));
    // Both edges line up on every bar.
    for (const auto& line : bars) EXPECT_EQ(line.find('|'), bars[0].find('|')) << line;
    for (const auto& line : bars) EXPECT_EQ(line.rfind('|'), bars[0].rfind('|')) << line;
}

TEST(Explain, BarsScaleWithTheWidth) {
    const auto bar_of = [](std::size_t width) {
        for (const auto& line : lines_of(render({width, false, false})))
            if (line.rfind("  total", 0) == 0) return line.rfind('|') - line.find('|');
        return std::string::npos;
    };
    EXPECT_LT(bar_of(50), bar_of(100));
    EXPECT_EQ(bar_of(0), bar_of(80));  // no width: as on 80 columns
    // Too narrow for bars: the times alone, none of them cut off.
    const std::string narrow = render({30, false, false});
    EXPECT_TRUE(std::regex_search(narrow, std::regex("\n  TLS +4\\.2 ms\n"))) << narrow;
    EXPECT_TRUE(std::regex_search(narrow, std::regex("\n  total +10 ms\n"))) << narrow;
}

TEST(Explain, EveryLineFitsTheWidth) {
    for (const std::size_t width : {30u, 60u, 100u}) {
        for (const bool colour : {false, true}) {
            for (const bool unicode : {false, true}) {
                const std::string text = render({width, colour, unicode});
                for (const auto& line : lines_of(text)) EXPECT_LE(columns(line), width) << width << ": " << line;
            }
        }
    }
    // A clipped line says so.
    const std::string narrow = render({30, false, true});
    EXPECT_NE(narrow.find("\xE2\x80\xA6"), std::string::npos) << narrow;
    EXPECT_NE(render({30, false, false}).find("..."), std::string::npos);
    // Without a width nothing is clipped.
    EXPECT_NE(render({}).find("retry 1 of 1 in 500 ms: the failure may be transient"), std::string::npos);
}

TEST(Explain, ColourOnlyWhenAsked) {
    EXPECT_EQ(render({}).find('\x1b'), std::string::npos);
    EXPECT_EQ(render({100, false, true}).find('\x1b'), std::string::npos);
    const std::string coloured = render({100, true, true});
    EXPECT_NE(coloured.find('\x1b'), std::string::npos);
    // A clipped coloured line ends with a reset, so the colour stops there.
    for (const auto& line : lines_of(render({30, true, true}))) {
        if (line.find('\x1b') != std::string::npos && line.find("\xE2\x80\xA6") != std::string::npos) {
            EXPECT_EQ(line.substr(line.size() - 4), "\x1b[0m") << line;
        }
    }
}

TEST(Explain, PlainWhenNotATerminal) {
    const std::string text = render({});
    EXPECT_EQ(text.find("\xE2\x96\x88"), std::string::npos);  // no block characters
    EXPECT_EQ(text.find("\xE2\x94\x80"), std::string::npos);  // no box-drawing rule
    const std::string fancy = render({100, false, true});
    EXPECT_NE(fancy.find("\xE2\x96\x88"), std::string::npos);
}

TEST(Explain, ServerTextCannotDriveTheTerminal) {
    std::vector<trace::stamped> t{{0, trace::response_head{200, "OK\x1b]0;pwned\x07", {{"X-Evil", "a\x1b[2Jb"}}}}};
    result r;
    r.state = verdict::up;
    r.ok = true;
    const std::string text = render_explanation(t, &r, {});
    EXPECT_EQ(text.find('\x1b'), std::string::npos) << text;
    EXPECT_NE(text.find("\\x1B[2J"), std::string::npos) << text;
}

TEST(Explain, AddressesAndFailedHandshake) {
    std::vector<trace::stamped> t{
        {0, trace::dns_answer{.host = "127.0.0.1", .port = 80, .addresses = {"127.0.0.1"}, .literal = true}},
        {1, trace::dns_answer{.host = "nope.invalid", .port = 80, .ms = 3.0, .error = "host not found"}},
        {2, trace::dns_answer{.host = "api.test", .port = 443, .addresses = {"10.0.0.7"}, .overridden = true}},
        {3, trace::tls_handshake{.subject = "/CN=old.test",
                                 .not_after = "2026-01-01T00:00:00Z",
                                 .days_left = -3,
                                 .ms = 2.5,
                                 .error = "certificate expired"}},
    };
    const std::string text = render_explanation(t, nullptr, {});
    EXPECT_NE(text.find("* 127.0.0.1 is an IP address: no DNS lookup"), std::string::npos) << text;
    EXPECT_NE(text.find("* DNS nope.invalid: host not found (3.0 ms)"), std::string::npos) << text;
    EXPECT_NE(text.find("* DNS api.test -> 10.0.0.7 (from --resolve)"), std::string::npos) << text;
    EXPECT_NE(text.find("* TLS handshake failed after 2.5 ms: certificate expired"), std::string::npos) << text;
    EXPECT_NE(text.find("*   expires:   2026-01-01T00:00:00Z (-3 days left)"), std::string::npos) << text;
    EXPECT_EQ(text.find("certificate verified"), std::string::npos) << text;
    EXPECT_NE(text.find("no verdict"), std::string::npos) << text;
}

TEST(Explain, ClientCertificateTheServerAskedFor) {
    std::vector<trace::stamped> t{
        {1, trace::tls_handshake{.version = "TLSv1.3",
                                 .cipher = "TLS_AES_128_GCM_SHA256",
                                 .verified = true,
                                 .client_certificate_requested = true,
                                 .client_certificate = "O = urlcheck tests, CN = me"}},
        {2, trace::tls_handshake{.version = "TLSv1.3",
                                 .cipher = "TLS_AES_128_GCM_SHA256",
                                 .verified = true,
                                 .client_certificate_requested = true}},
        {3, trace::tls_handshake{.version = "TLSv1.2", .cipher = "ECDHE-ECDSA-AES128-GCM-SHA256", .verified = true}},
    };
    const std::string text = render_explanation(t, nullptr, {});
    EXPECT_NE(text.find("*   the server asked for a client certificate: sent O = urlcheck tests, CN = me\n"),
              std::string::npos)
        << text;
    EXPECT_NE(text.find("*   the server asked for a client certificate: none sent (see --cert)\n"), std::string::npos)
        << text;
    // Asked for in two handshakes of three: the third says nothing of it.
    const auto lines = lines_of(text);
    EXPECT_EQ(std::count_if(lines.begin(), lines.end(),
                            [](const std::string& line) { return line.find("client certificate") != std::string::npos; }),
              2)
        << text;
}

TEST(Explain, SecondLookIsMarked) {
    std::vector<trace::stamped> t{{2100, trace::look_started{"http://h/", true, 2}}};
    result r;
    r.state = verdict::down;
    r.confirmed = true;
    r.attempts = 3;
    const std::string text = render_explanation(t, &r, {});
    EXPECT_NE(text.find("second look at 2.10 s (confirm before fail"), std::string::npos) << text;
    EXPECT_NE(text.find("confirmed by a second look"), std::string::npos) << text;
    // Without a second look, a retry that saw the failure again confirmed it.
    EXPECT_NE(render_explanation({}, &r, {}).find("confirmed: a retry saw the same failure"), std::string::npos);
}

TEST(ExplainOutputs, TheDefaultTextReportMakesRoom) {
    report_options options;
    std::vector<report_output> outputs{{output_format::text, report_place::standard_output, ""},
                                       {output_format::json, report_place::file, "out.json"}};
    std::string error;
    ASSERT_TRUE(make_room_for_explanation(outputs, options, error)) << error;
    ASSERT_EQ(outputs.size(), 1u);
    EXPECT_EQ(outputs[0].format, output_format::json);
}

TEST(ExplainOutputs, AReportAskedForOnStandardOutputIsAnError) {
    report_options options;
    options.format = output_format::json;
    std::vector<report_output> outputs{{output_format::json, report_place::standard_output, ""}};
    std::string error;
    EXPECT_FALSE(make_room_for_explanation(outputs, options, error));
    EXPECT_NE(error.find("--report json=FILE"), std::string::npos) << error;
}

TEST(HeaderRedaction, CredentialValues) {
    EXPECT_EQ(redact_header_value("authorization", "Bearer abc"), "Bearer ***");
    EXPECT_EQ(redact_header_value("Authorization", "opaque"), "***");
    EXPECT_EQ(redact_header_value("PROXY-AUTHORIZATION", "Basic eA=="), "Basic ***");
    EXPECT_EQ(redact_header_value("Cookie", "a=1; b=2"), "a=***; b=***");
    EXPECT_EQ(redact_header_value("cookie", "lonely"), "***");
    EXPECT_EQ(redact_header_value("Set-Cookie", "id=x; Secure"), "id=***; Secure");
    EXPECT_EQ(redact_header_value("Location", "http://u:p@h/"), "http://u:***@h/");
    EXPECT_EQ(redact_header_value("Content-Type", "text/html"), "text/html");
}

}  // namespace
}  // namespace urlcheck
