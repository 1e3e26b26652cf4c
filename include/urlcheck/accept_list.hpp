// The set of HTTP statuses that count as "up", e.g. "200-299,401,403".
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace urlcheck {

class accept_list {
public:
    // The default: any 2xx.
    accept_list();

    // Parses "200-299,401,403". Returns an error message naming the bad
    // element on failure.
    static std::optional<accept_list> parse(std::string_view text, std::string* error = nullptr);

    bool accepts(int status) const noexcept;

    // Canonical text form, e.g. "200-299,401".
    std::string to_string() const;

private:
    std::vector<std::pair<int, int>> ranges_;  // inclusive [low, high]
};

}  // namespace urlcheck
