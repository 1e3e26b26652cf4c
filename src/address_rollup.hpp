// --all-addresses: the entry's verdict from the looks at every address
// behind its name. Pure: table-tested in address_rollup_test.
//
// The worst state wins, except that some addresses down and others not is
// `degraded` (a share of the users fail; the site is not gone), or `down`
// under all_addresses_mode::strict. Addresses that never got a look
// (skipped: the run deadline came first) give no verdict: the others
// decide, and the entry is at best degraded, since it was not seen whole.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "urlcheck/result.hpp"
#include "urlcheck/vocabulary.hpp"

namespace urlcheck {

struct address_rollup {
    verdict state = verdict::down;
    bool ok = false;
    error_kind error = error_kind::none;
    std::string message;               // empty when ok
    std::vector<std::string> reasons;  // reasons[0] decided the state
    // The address whose look stands for the entry (its status, final URL,
    // timings, certificate): the first of the worst state; when some
    // addresses are down and the entry is degraded, the first that answered.
    std::size_t representative = 0;
};

// "refused", "timed out", "HTTP 503", "tls": one failure in a few words, for
// the list in "2 of 4 addresses down: 10.0.0.3:443 refused, ...".
std::string short_failure(const address_result& a);

// `addresses` must not be empty. One address rolls up to itself.
address_rollup roll_up(const std::vector<address_result>& addresses, all_addresses_mode mode);

}  // namespace urlcheck
