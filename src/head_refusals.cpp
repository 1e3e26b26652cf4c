#include "head_refusals.hpp"

#include <boost/url/parse.hpp>
#include <fmt/format.h>

#include "text.hpp"


namespace urlcheck {

bool head_was_refused(error_kind head_kind, std::optional<int> head_status, error_kind get_kind,
                      std::optional<int> get_status) noexcept {
    const bool get_answered = get_status.has_value();
    if (!get_answered) return false;  // the server is unreachable or broken, whatever the method
    if (get_kind == error_kind::none) return true;  // GET accepted what HEAD did not
    if (head_kind == error_kind::protocol) return true;  // dropped on HEAD, answered on GET
    return head_status && (*head_status == 405 || *head_status == 501) && *get_status != *head_status;
}

bool head_refusals::get_only(std::string_view origin) const {
    if (in_a_row_.empty()) return false;
    auto it = in_a_row_.find(std::string(origin));
    return it != in_a_row_.end() && it->second >= threshold;
}

bool head_refusals::note(const std::string& origin, bool refused) {
    if (origin.empty()) return false;
    auto it = in_a_row_.find(origin);
    if (!refused) {
        // Only origins with a refusal in progress are kept; one decided GET
        // only stays so (a HEAD answered later came from a check started
        // before the decision).
        if (it != in_a_row_.end() && it->second < threshold) in_a_row_.erase(it);
        return false;
    }
    if (it == in_a_row_.end()) {
        // Full: forget the counts still under way (a list of many one-URL
        // hosts leaves one each) before refusing to track a new origin.
        if (in_a_row_.size() >= max_origins)
            std::erase_if(in_a_row_, [](const auto& item) { return item.second < threshold; });
        if (in_a_row_.size() >= max_origins) return false;
        it = in_a_row_.emplace(origin, 0).first;
    }
    if (it->second >= threshold) return false;
    return ++it->second == threshold;
}

std::string origin_of(std::string_view url) {
    auto parsed = boost::urls::parse_absolute_uri(url);
    if (!parsed) return {};
    const bool https = parsed->scheme_id() == boost::urls::scheme::https;
    const std::string host = normalise_host(parsed->encoded_host());
    const auto port = parsed->has_port() ? parsed->port_number() : (https ? 443 : 80);
    return fmt::format("{}://{}:{}", https ? "https" : "http", host, port);
}

}  // namespace urlcheck
