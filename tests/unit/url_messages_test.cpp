// Every message a bad list line gets, as a person reads it: what is wrong
// (the offending text quoted), where on the line, and the fix where there
// is one. The column is also structured (entry::error_column), and
// error_without_column() is the message for FILE:LINE:COLUMN output.
#include <gtest/gtest.h>

#include <string>

#include "urlcheck/url_list.hpp"

namespace {

using urlcheck::entry;
using urlcheck::make_list_entry;

struct row {
    const char* line;
    const char* error;     // entry::error, as every report shows it
    std::size_t column;    // entry::error_column
    const char* for_lint;  // error_without_column()
};

TEST(UrlMessages, EveryMessageNamesTheTextTheColumnAndTheFix) {
    for (const row& r : {
             // Bytes that are never in a URL.
             row{"https://example.com/my file.pdf", "space at column 23: write it as %20", 23,
                 "space: write it as %20"},
             row{"https://a.test/x\ty", "tab at column 17: write it as %09", 17, "tab: write it as %09"},
             row{"https://a.test/\x1b[31m", "control byte 0x1B at column 16: remove it or write it as %1B", 16,
                 "control byte 0x1B: remove it or write it as %1B"},
             row{"https://a.test:8\xC3\xA9/", "port '8\\xC3\\xA9' at column 16 is not a number: write a port from 1 to 65535",
                 16, "port '8\\xC3\\xA9' is not a number: write a port from 1 to 65535"},
             row{"https://xn--a.test/", "international host name 'xn--a.test' at column 9 is invalid: domain label has "
                 "character forbidden in non-transitional mode (TR46)", 9, "international host name 'xn--a.test' is "
                 "invalid: domain label has character forbidden in non-transitional mode (TR46)"},
             row{"https://a.test/<b>", "'<' at column 16 is not allowed in a URL: write it as %3C", 16,
                 "'<' is not allowed in a URL: write it as %3C"},
             row{"https://a.test/a\\b", "'\\' at column 17 is not allowed in a URL: write '/' for a path, or %5C", 17,
                 "'\\' is not allowed in a URL: write '/' for a path, or %5C"},
             row{"https://a.test/{x}", "'{' at column 16 is not allowed in a URL: write it as %7B", 16,
                 "'{' is not allowed in a URL: write it as %7B"},
             // Percent-encodings.
             row{"https://x.test/%zz", "'%zz' at column 16 is not a percent-encoding: write '%' as %25", 16,
                 "'%zz' is not a percent-encoding: write '%' as %25"},
             row{"https://x.test/100%", "'%' at column 19 is not a percent-encoding: write '%' as %25", 19,
                 "'%' is not a percent-encoding: write '%' as %25"},
             row{"https://x.test/a%2", "'%2' at column 17 is not a percent-encoding: write '%' as %25", 17,
                 "'%2' is not a percent-encoding: write '%' as %25"},
             // Characters of the URL grammar in the wrong place.
             row{"https://x.test/a[b", "'[' at column 17 is not allowed here: write it as %5B", 17,
                 "'[' is not allowed here: write it as %5B"},
             row{"https://x.test/#a#b", "second '#' at column 18: write it as %23", 18, "second '#': write it as %23"},
             row{"http://[::1:8080/", "'[' at column 8 has no matching ']': write an IPv6 address as [::1]", 8,
                 "'[' has no matching ']': write an IPv6 address as [::1]"},
             row{"http://[zz]/", "'[zz]' at column 8 is not an IPv6 address", 8, "'[zz]' is not an IPv6 address"},
             // Schemes.
             row{"ftp://files.test/x", "'ftp://' at column 1: only http and https are checked", 1,
                 "'ftp://': only http and https are checked"},
             row{"mailto:someone@x.test", "'mailto:' at column 1: only http and https are checked", 1,
                 "'mailto:': only http and https are checked"},
             row{"htps://x.test/", "'htps://' at column 1: only http and https are checked (did you mean 'https://'?)",
                 1, "'htps://': only http and https are checked (did you mean 'https://'?)"},
             row{"ht!tp://x.test/",
                 "'ht!tp://' at column 1 is not a scheme: only http and https are checked (did you mean 'http://'?)", 1,
                 "'ht!tp://' is not a scheme: only http and https are checked (did you mean 'http://'?)"},
             row{"https//x.test/", "'https//' at column 1 has no ':' after the scheme: write 'https://'", 1,
                 "'https//' has no ':' after the scheme: write 'https://'"},
             row{"://x.test/", "'://' at column 1 has no scheme before it: write 'https://'", 1,
                 "'://' has no scheme before it: write 'https://'"},
             // Hosts and ports.
             row{"http://", "missing host after 'http://' at column 8", 8, "missing host after 'http://'"},
             row{"http:///path", "missing host after 'http://' at column 8", 8, "missing host after 'http://'"},
             row{"https://user@/x", "missing host after 'https://user@' at column 14", 14,
                 "missing host after 'https://user@'"},
             row{"https://:8080/", "missing host after 'https://' at column 9", 9, "missing host after 'https://'"},
             row{"::::", "missing host at column 1", 1, "missing host"},
             row{"http:x.test", "'http:' at column 1 is not followed by '//' and a host: write 'http://HOST/'", 1,
                 "'http:' is not followed by '//' and a host: write 'http://HOST/'"},
             row{"https://x.test:70000/", "port '70000' at column 16 is out of range: use 1 to 65535", 16,
                 "port '70000' is out of range: use 1 to 65535"},
             row{"x.test:0/", "port '0' at column 8 is out of range: use 1 to 65535", 8,
                 "port '0' is out of range: use 1 to 65535"},
             row{"https://x.test:80a/", "port '80a' at column 16 is not a number: write a port from 1 to 65535", 16,
                 "port '80a' is not a number: write a port from 1 to 65535"},
             // Columns are the line's: leading blanks count, the https://
             // added to a scheme-less URL does not.
             row{"   https://a b", "space at column 13: write it as %20", 13, "space: write it as %20"},
             row{"exa mple.com", "space at column 4: write it as %20", 4, "space: write it as %20"},
             // Options after the URL: their column, their message.
             row{"https://a.test/ stauts=200", "column 17: unknown key 'stauts' (did you mean 'status'?)", 17,
                 "unknown key 'stauts' (did you mean 'status'?)"},
         }) {
        const entry e = make_list_entry(r.line, "l:1");
        EXPECT_EQ(e.error, r.error) << r.line;
        EXPECT_EQ(e.error_column, r.column) << r.line;
        EXPECT_EQ(urlcheck::error_without_column(e), r.for_lint) << r.line;
        EXPECT_EQ(e.target, "") << r.line;
    }
}

TEST(UrlMessages, AProblemWithoutAPlaceHasNoColumn) {
    const entry long_url = make_list_entry("https://x.test/" + std::string(9000, 'a'), "l:1");
    EXPECT_EQ(long_url.error, "URL too long: 9,015 bytes, limit 8 KiB");
    EXPECT_EQ(long_url.error_column, 0u);
    EXPECT_EQ(urlcheck::error_without_column(long_url), long_url.error);
    const entry overlong = urlcheck::make_overlong_line_entry("https://x.test/", 20000, "l:1");
    EXPECT_EQ(overlong.error_column, 0u);
    const entry fine = make_list_entry("https://x.test/ status=200", "l:1");
    EXPECT_EQ(fine.error, "");
    EXPECT_EQ(fine.error_column, 0u);
}

TEST(UrlMessages, NoBoostJargonReachesAUser) {
    for (const char* line : {"http://x/%zz", "http://[::1:8080/", "http://x/a]", "https://exa|mple", "http://x?a[b",
                             "http://ex%ample.com", "http://x/a%%", "http://[zz]/"}) {
        const std::string error = make_list_entry(line, "l:1").error;
        EXPECT_EQ(error.find("mismatch"), std::string::npos) << line << ": " << error;
        EXPECT_EQ(error.find("unexpected text"), std::string::npos) << line << ": " << error;
        EXPECT_EQ(error.find("invalid URL"), std::string::npos) << line << ": " << error;
        EXPECT_EQ(error.find("hexdig"), std::string::npos) << line << ": " << error;
        EXPECT_NE(error.find(" at column "), std::string::npos) << line << ": " << error;
    }
}

}  // namespace
