// ASCII text helpers every layer shares: case, blanks, and quoting bytes
// safely in messages (never raw control or non-ASCII bytes, so messages are
// safe to print on any terminal and in any log).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace urlcheck {

// `s` with A-Z lowered; other bytes, UTF-8 included, untouched (no locale).
std::string ascii_lower(std::string_view s);
void ascii_lower_in_place(std::string& s) noexcept;

// `s` without leading and trailing ASCII whitespace (space, \t, \n, \v, \f,
// \r). HTTP's optional whitespace is only space and tab: see header_field.cpp.
std::string_view trim(std::string_view s) noexcept;

// `s` with every byte below 0x20 or from 0x7F up written as \xNN: bytes for
// messages, where nothing is assumed about the encoding. The reports show
// valid UTF-8 as it is instead (report_detail::printable_utf8).
std::string printable(std::string_view s);

// A host name as the checks compare hosts: lower case, one trailing dot
// (a fully qualified name) dropped, so "Example.COM." and "example.com" are
// one host for DNS, the connection pool and the per-host limits.
std::string normalise_host(std::string_view host);

// "50,000,012": counts in messages are read by people (no locale: the
// same in every environment, as tests and logs want).
std::string with_commas(std::uint64_t n);

}  // namespace urlcheck
