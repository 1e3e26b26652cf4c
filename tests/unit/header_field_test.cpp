// header_field: "Name: value" as -H and a list's header= take it.
#include "urlcheck/header_field.hpp"

#include <gtest/gtest.h>

#include <string>

namespace {

using urlcheck::is_header_name;
using urlcheck::is_header_value;
using urlcheck::parse_header_field;

TEST(HeaderField, ValidFields) {
    struct row {
        const char* text;
        const char* name;
        const char* value;
    };
    for (const row& r : {row{"X-Env: prod", "X-Env", "prod"},
                         row{"Accept:text/html", "Accept", "text/html"},
                         row{"X-Token: \tabc  ", "X-Token", "abc"},
                         row{"X-Empty:", "X-Empty", ""},
                         row{"X: a:b c", "X", "a:b c"},
                         row{"!#$%&'*+-.^_`|~: v", "!#$%&'*+-.^_`|~", "v"}}) {
        std::string why;
        const auto h = parse_header_field(r.text, &why);
        ASSERT_TRUE(h) << r.text << ": " << why;
        EXPECT_EQ(h->name, r.name);
        EXPECT_EQ(h->value, r.value);
    }
}

TEST(HeaderField, InvalidFieldsSayWhyWithoutTheValue) {
    struct row {
        std::string text;
        const char* error;
    };
    for (const row& r : {row{"NoColon", "expected 'Name: value', got 'NoColon'"},
                         row{"Authorization Bearer s3cr3t", "expected 'Name: value', got 'Authorization ...'"},
                         row{": value", "missing header name before ':'"},
                         row{"Bad Name: x", "invalid header name 'Bad ...'"},
                         row{"X\x1b[31m: x", "invalid header name 'X\\x1B[31m'"},
                         row{"X: a\r\nInjected: 1", "control characters are not allowed in the value of 'X'"},
                         row{std::string("X: a\0b", 6), "control characters are not allowed in the value of 'X'"}}) {
        std::string why;
        EXPECT_FALSE(parse_header_field(r.text, &why)) << r.text;
        EXPECT_EQ(why, r.error);
    }
    EXPECT_FALSE(parse_header_field("NoColon"));  // the error is optional
}

TEST(HeaderField, NamesAndValues) {
    EXPECT_TRUE(is_header_name("Content-Type"));
    EXPECT_FALSE(is_header_name(""));
    EXPECT_FALSE(is_header_name("Content Type"));
    EXPECT_FALSE(is_header_name("X:"));
    EXPECT_TRUE(is_header_value("a\tb c"));
    EXPECT_TRUE(is_header_value(""));
    EXPECT_FALSE(is_header_value("a\nb"));
    EXPECT_FALSE(is_header_value("a\x7f"));
}

}  // namespace
