// What a c-ares status means to urlcheck: the error code a lookup ends with
// (Asio's where one fits, c-ares' own text otherwise) and whether the answer
// holds for the rest of the run. Pure; table-tested in dns_errors_test.
#pragma once

#include <boost/system/error_code.hpp>

namespace urlcheck {

// Errors of the "c-ares" category carry c-ares' own text ("Timeout while
// contacting DNS servers").
const boost::system::error_category& ares_category() noexcept;

// c-ares 1.18 does not report SERVFAIL and REFUSED as such: it retries the
// server(s) and, when every try got one, ends with ARES_ECONNREFUSED, the same
// code as for a server that is not listening. All of them mean "ask again
// later" (host_not_found_try_again), as does a server that never answered
// (ARES_ETIMEOUT).
boost::system::error_code to_error_code(int ares_status) noexcept;

// Answers that hold for the length of a run, negative ones included: a name
// that got NXDOMAIN or SERVFAIL a moment ago will get it again, and asking
// once per URL would multiply the load on a struggling server. Not kept:
// no answer at all (a lost packet is worth another try by the next caller),
// garbled replies and local failures, which say nothing about the name.
bool is_cacheable(int ares_status) noexcept;

}  // namespace urlcheck
