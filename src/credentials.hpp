// Credentials: which ones a request may carry, and how they are kept out of
// every report. Pure: table-tested in credentials_test.
#pragma once

#include <string>
#include <string_view>

#include "urlcheck/result.hpp"

namespace urlcheck {

// Header names that carry credentials and so never cross origins:
// Authorization, Cookie and Proxy-Authorization, in any letter case.
bool is_credential_header(std::string_view name) noexcept;

// "Basic BASE64(user:password)" from the userinfo of `url` (an absolute
// URL), user and password percent-decoded; empty when there is none.
std::string basic_authorization(std::string_view url);

// `url` with the password of its userinfo replaced by "***", as in
// "https://user:***@host/". Also for URLs as written that do not parse and
// for scheme-less ones ("user:pass@host/x"). Without ':' the userinfo is a
// user name and is kept, as curl and httpx show it. URLs of schemes without
// an authority ("mailto:someone@host") have no password and are kept as
// written (but for URLs inside them).
std::string redact_url(std::string_view url);

// Every "scheme://user:password@" in free text (a message quoting a URL or
// a Location header) redacted the same way.
std::string redact_text(std::string_view text);

// A header field's value as it may be shown (--explain): the credential of
// Authorization and Proxy-Authorization ("Bearer ***": the scheme stays),
// every cookie value of Cookie ("a=***; b=***") and the value of Set-Cookie
// ("id=***; Path=/; HttpOnly": its attributes stay) replaced by "***"; any
// other field with its URLs' passwords redacted (a Location).
std::string redact_header_value(std::string_view name, std::string_view value);

// url, final_url and message of `r` redacted. Run once where results leave
// the engine, so no report format, present or future, can show a password.
void redact_credentials(result& r);

}  // namespace urlcheck
