// --method auto: which origins refuse HEAD. After a few HEADs in a row that
// needed the fallback GET because the server would not answer HEAD (405,
// 501, a dropped connection, or a GET that said yes where HEAD said no),
// the rest of the run's checks of that origin go straight to GET: each
// refused HEAD costs a request and a connection the GET cannot reuse.
// Pure bookkeeping: table-tested in head_refusals_test.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "urlcheck/result.hpp"

namespace urlcheck {

// Whether a HEAD that needed the fallback GET was refused by the server
// rather than answered: HEAD got 405 or 501 or a dropped connection and the
// GET got an HTTP answer, or the GET was accepted where HEAD was not. A HEAD
// and GET that agree (404 and 404) show that HEAD works.
bool head_was_refused(error_kind head_kind, std::optional<int> head_status, error_kind get_kind,
                      std::optional<int> get_status) noexcept;

class head_refusals {
public:
    // Refusals in a row after which an origin gets GET only.
    static constexpr int threshold = 3;
    // Origins tracked at once, so memory does not follow a list of many
    // hosts: when full, counts under way are forgotten; when the decided
    // origins alone fill it, new ones are not tracked (they keep HEAD).
    static constexpr std::size_t max_origins = 10'000;

    // Whether checks of `origin` skip HEAD.
    bool get_only(std::string_view origin) const;

    // What a HEAD to `origin` met. True exactly once per origin: when this
    // refusal made it GET only (the caller says so with -v).
    bool note(const std::string& origin, bool refused);

private:
    std::unordered_map<std::string, int> in_a_row_;  // refusals in a row; >= threshold: GET only
};

// "http://host:port" of an absolute URL (lower-case host, default port
// filled in), the key head_refusals uses; empty if it does not parse.
std::string origin_of(std::string_view url);

}  // namespace urlcheck
