// Which look at a target a check is: plain data shared by the check and the
// confirmation policy, apart from check.hpp so that pure units need no Asio.
#pragma once

namespace urlcheck {

// Which look at a target this is. The first look is the default; a
// confirmation (README "Confirmation") makes one attempt per method, no
// retries, and adds to the first look's attempts and time.
struct check_pass {
    bool confirmation = false;
    int attempts_before = 0;
    double time_before_ms = 0;
    // --method auto only: the first look's verdict came from the GET, so
    // this look skips the HEAD.
    bool straight_to_get = false;
};

}  // namespace urlcheck
