#include "synthetic_results.hpp"

#include <fmt/format.h>

#include "classify.hpp"
#include "verdict.hpp"
#include "urlcheck/duration.hpp"

namespace urlcheck {

std::string run_deadline_message(const check_options& options) {
    return fmt::format("run deadline reached (--max-time {})", format_duration(options.max_time));
}

result cut_short_result(result r, double elapsed_ms) {
    r.ok = false;
    r.status.reset();
    r.error = error_kind::skipped;
    r.message = fmt::format("cut short by --max-time after {}",
                            format_duration(std::chrono::milliseconds(static_cast<long long>(elapsed_ms))));
    r.time_ms = elapsed_ms;
    assign_verdict(r, {}, {});
    return r;
}

result invalid_result(entry e) {
    result r;
    r.url = std::move(e.url);
    r.source = std::move(e.source);
    r.error = error_kind::invalid_url;
    r.message = e.error.empty() ? "invalid URL" : std::move(e.error);
    assign_verdict(r, {}, {});
    return r;
}

result skipped_result(std::string url, std::string source) {
    result r;
    r.url = std::move(url);
    r.source = std::move(source);
    r.error = error_kind::skipped;
    r.message = "not started (--max-time)";
    assign_verdict(r, {}, {});
    return r;
}

result internal_error_result(std::exception_ptr error) {
    result r;
    r.error = error_kind::protocol;
    try {
        std::rethrow_exception(error);
    } catch (const std::exception& e) {
        r.message = fmt::format("internal error: {}", e.what());
    } catch (...) {
        r.message = "internal error";
    }
    assign_verdict(r, {}, {});
    return r;
}

result deadline_result(std::string target, double elapsed_ms) {
    result r;
    r.final_url = std::move(target);
    return cut_short_result(std::move(r), elapsed_ms);
}

}  // namespace urlcheck
