// Redirect decisions: which statuses redirect, where a Location leads, and
// whether credentials may follow. Pure: table-tested in redirect_test.
#pragma once

#include <string>
#include <string_view>

namespace urlcheck {

bool is_redirect_status(int status) noexcept;  // 301, 302, 303, 307, 308

struct redirect_target {
    std::string url;    // absolute, fragment removed; empty on error
    std::string error;  // why the Location cannot be followed
    bool same_origin = false;  // scheme, host and port unchanged
};

// Resolves `location` (absolute, relative or protocol-relative) against the
// URL that answered. Only http and https targets are followed.
redirect_target resolve_redirect(std::string_view current_url, std::string_view location);

}  // namespace urlcheck
