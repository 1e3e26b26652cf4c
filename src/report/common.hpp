// Shared by the report formats; internal to src/report.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "urlcheck/report.hpp"

namespace urlcheck::report_detail {

// Text that is safe to show on a terminal, valid UTF-8 kept: C0/C1 control
// characters, DEL and bytes that are not valid UTF-8 become "\xNN", so a URL
// or a server's reason phrase can never move the cursor, change colours or
// retitle the window. (Messages escape every byte from 0x80 up: printable in
// text.hpp.)
std::string printable_utf8(std::string_view s);

// Valid UTF-8 for JSON strings: invalid sequences become U+FFFD (JSON
// escaping of control characters is left to the serializer).
std::string valid_utf8(std::string_view s);

// Milliseconds rounded to 0.1 ms, the precision every report uses.
double round_ms(double ms) noexcept;

std::unique_ptr<reporter> make_text_reporter(const report_options& options, report_target target);
std::unique_ptr<reporter> make_json_reporter(report_target target, bool lines);

}  // namespace urlcheck::report_detail
