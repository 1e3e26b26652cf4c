#include "urlcheck/result.hpp"

namespace urlcheck {

std::string_view to_string(error_kind kind) noexcept {
    switch (kind) {
        case error_kind::none: return {};
        case error_kind::invalid_url: return "invalid_url";
        case error_kind::dns: return "dns";
        case error_kind::connect: return "connect";
        case error_kind::tls: return "tls";
        case error_kind::timeout: return "timeout";
        case error_kind::protocol: return "protocol";
        case error_kind::too_many_redirects: return "too_many_redirects";
        case error_kind::status: return "status";
        case error_kind::skipped: return "skipped";
        case error_kind::expectation: return "expectation";
        case error_kind::resource: return "resource";
        case error_kind::proxy: return "proxy";
    }
    return {};
}

std::string_view to_string(verdict v) noexcept {
    switch (v) {
        case verdict::up: return "up";
        case verdict::down: return "down";
        case verdict::degraded: return "degraded";
        case verdict::unverifiable: return "unverifiable";
        case verdict::skipped: return "skipped";
        case verdict::pending: return "pending";
        case verdict::acknowledged: return "acknowledged";
    }
    return {};
}

}  // namespace urlcheck
