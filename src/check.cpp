#include "check.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <unordered_set>

#include "credentials.hpp"
#include "redirect.hpp"
#include "retry.hpp"
#include "verdict.hpp"

namespace urlcheck {

namespace asio = boost::asio;
using clock_type = std::chrono::steady_clock;

namespace {

struct attempt_outcome {
    fetch_result last;      // the final hop's exchange
    std::string final_url;  // where the chain ended
    int redirects = 0;
    failure failed;  // the attempt's verdict; kind none means up
    bool credentials_sent = false;  // the final hop's request carried credentials
};

// Whether `request` goes out with credentials: the URL's userinfo, or an
// Authorization, Cookie or Proxy-Authorization header from -H or the line's
// header= (spec.headers holds both).
bool carries_credentials(const fetch_request& request, const check_spec& spec) {
    if (!request.send_credentials) return false;
    if (!request.authorization.empty()) return true;
    return std::any_of(spec.headers.begin(), spec.headers.end(),
                       [](const header_field& h) { return is_credential_header(h.name); });
}

// The verdict on an answer that counts as up, by the line's expectations.
failure expected_of(const check_spec& spec, const fetch_result& last, std::size_t body_limit) {
    if (!spec.expect) return {};
    response_view view;
    view.headers = &last.headers;
    view.body = last.body;
    view.body_truncated = last.body_truncated;
    view.body_limit = body_limit;
    return check_expectations(*spec.expect, view);
}

// One attempt: the request and every redirect it leads to (with the same
// method), under one deadline. Fills `out`, which the caller owns: returned by
// value it was held twice more while the exchange waited (a local here and
// this coroutine's promise), ~1 KiB per check in flight.
asio::awaitable<void> attempt(fetch_context& ctx, const check_spec& spec, const std::string& target,
                              http_method method, bool header_only, attempt_outcome& out) {
    const auto& options = ctx.options;
    const auto deadline = std::min(clock_type::now() + spec.timeout, ctx.run_deadline);
    out = attempt_outcome{};
    out.final_url = target;
    fetch_request request{target, method, true, basic_authorization(target), &spec};
    request.header_only = header_only;
    // Filled at the first redirect: most checks have none, and its buckets
    // and first node would be held for the whole check.
    std::unordered_set<std::string> visited;

    for (;;) {
        out.credentials_sent = carries_credentials(request, spec);
        co_await fetch(ctx, request, deadline, out.last);
        if (out.last.failed.kind != error_kind::none) {
            out.failed = out.last.failed;
            co_return;
        }
        const int status = *out.last.status;
        const bool redirect = is_redirect_status(status);
        const bool follow = redirect && options.max_redirects > 0 &&
                            (spec.redirect == redirect_policy::follow || spec.redirect == redirect_policy::warn);
        if (!follow || out.last.location.empty()) {
            // --redirect none: the redirect itself is the answer, and an
            // answer means up.
            if (redirect && spec.redirect == redirect_policy::none) {
                out.failed = expected_of(spec, out.last, options.max_body_bytes);
                co_return;
            }
            out.failed = classify_status(status, out.last.reason, out.last.location, spec.accept);
            if (redirect && spec.redirect == redirect_policy::fail) {
                // Down even when the accept list takes the 3xx: that is what was asked for.
                if (out.failed.kind == error_kind::none)
                    out.failed = classify_status(status, out.last.reason, out.last.location, accept_list{});
                out.failed.message += " (--redirect fail)";
            }
            if (out.failed.kind == error_kind::none) out.failed = expected_of(spec, out.last, options.max_body_bytes);
            co_return;
        }
        auto next = resolve_redirect(out.final_url, out.last.location);
        if (!next.error.empty()) {
            out.failed = {error_kind::protocol, next.error};
            co_return;
        }
        if (out.redirects >= options.max_redirects) {
            out.failed = {error_kind::too_many_redirects,
                          fmt::format("more than {} redirects (last: {})", options.max_redirects, next.url)};
            co_return;
        }
        if (visited.empty()) visited.insert(target);
        if (!visited.insert(next.url).second) {
            out.failed = {error_kind::too_many_redirects, fmt::format("redirect loop back to {}", next.url)};
            co_return;
        }
        ++out.redirects;
        // Once credentials leave the origin they were meant for, they stay
        // behind for the rest of the chain (curl's rule).
        request.send_credentials = request.send_credentials && next.same_origin;
        request.url = next.url;
        out.final_url = std::move(next.url);
    }
}

}  // namespace

std::string run_deadline_message(const check_options& options) {
    return fmt::format("run deadline reached (--max-time {})", format_duration(options.max_time));
}

// --method auto: whether HEAD's answer needs a GET to confirm it. Any
// status that is not accepted (405 and 501 included) does, and so does a
// server that closes or resets on HEAD (protocol). Not a 429 (the rate limit
// is no answer about the method: it is retried with HEAD), not a redirect
// that was not followed (its Location does not depend on the method), and
// not a failure to reach the server at all.
bool head_needs_get(error_kind kind, std::optional<int> status) {
    if (kind == error_kind::protocol) return true;
    return kind == error_kind::status && status && *status != 429 && !is_redirect_status(*status);
}

namespace {

// A retry's wait. A coroutine of its own so that the timer takes room only
// while it waits, not in attempts_with()'s frame for every check in flight.
asio::awaitable<void> pause_for(const asio::any_io_executor& executor, std::chrono::milliseconds delay) {
    asio::steady_timer wait(executor, delay);
    co_await wait.async_wait(asio::as_tuple(asio::use_awaitable));
}

// The attempts made with one method: the first, then retries of transient
// failures. Fills r with the last one. With `stop_for_get`, a HEAD answer
// that head_needs_get() ends the series at once: the GET gets the retries.
asio::awaitable<void> attempts_with(fetch_context& ctx, const check_spec& spec, const std::string& target,
                                    http_method method, bool header_only, int retries, bool stop_for_get, result& r,
                                    verdict_signals& signals) {
    const auto& options = ctx.options;
    const retry_policy policy{retries, options.retry_wait, options.max_retry_after};

    for (int done = 1;; ++done) {
        ++r.attempts;
        const auto attempt_started = clock_type::now();
        attempt_outcome a;
        co_await attempt(ctx, spec, target, method, header_only, a);
        signals.attempt_ms = std::chrono::duration<double, std::milli>(clock_type::now() - attempt_started).count();
        r.final_url = a.final_url;
        r.redirects = a.redirects;
        r.status = a.last.status;
        r.error = a.failed.kind;
        r.message = a.failed.message;
        r.timings = a.last.phases;
        r.tls = a.last.tls;
        r.remote_addr = a.last.remote_addr;
        signals.challenge = std::move(a.last.challenge);
        signals.credentials_sent = a.credentials_sent;
        r.ok = r.error == error_kind::none;
        if (r.ok) break;
        if (clock_type::now() >= ctx.run_deadline) {
            // The run's deadline cut the attempt short: say so rather than
            // blame the URL for a timeout it was never given.
            if (r.error == error_kind::timeout) r.message = run_deadline_message(options);
            break;
        }
        std::optional<std::chrono::milliseconds> retry_after;
        if (!a.last.retry_after.empty())
            retry_after = parse_retry_after(a.last.retry_after, std::chrono::system_clock::now());
        const bool asked_to_wait = retry_after && retry_after->count() > 0 && r.error == error_kind::status &&
                                   r.status && (*r.status == 429 || *r.status == 503);
        if (asked_to_wait && ctx.hold_host) {
            // The whole host is asked to wait, not only this check.
            const auto until = std::min(clock_type::now() + std::min(*retry_after, options.max_retry_after),
                                        ctx.run_deadline);
            ctx.hold_host(r.final_url, until);
        }
        // A HEAD answer a GET must confirm goes to the GET at once, unless the
        // server asked for a pause: then HEAD waits and tries again, like 429.
        if (stop_for_get && head_needs_get(r.error, r.status) && !asked_to_wait) break;
        auto delay = next_retry_delay(policy, done, r.error, r.status, retry_after);
        if (!delay) {
            if (retry_after && r.error == error_kind::status && *retry_after > options.max_retry_after &&
                done <= retries)
                r.message += fmt::format(" (Retry-After {} too long to wait)", format_duration(*retry_after));
            break;
        }
        if (clock_type::now() + *delay >= ctx.run_deadline) {
            r.message += " (no time left to retry before the run deadline)";
            break;
        }
        co_await pause_for(ctx.executor, *delay);
    }
}

}  // namespace

asio::awaitable<std::unique_ptr<result>> check_target(fetch_context& ctx, std::shared_ptr<const check_spec> spec,
                                                      std::string target, check_pass pass) {
    const auto& options = ctx.options;
    const auto started = clock_type::now();
    const int retries = pass.confirmation ? 0 : options.retries;
    auto owned = std::make_unique<result>();
    result& r = *owned;
    r.attempts = pass.attempts_before;
    verdict_signals signals;

    // --method auto: HEAD first, a GET that reads only the header when HEAD's
    // answer is not to be trusted. The GET's answer is the verdict.
    const bool automatic = spec->method == http_method::automatic;
    http_method method = spec->method == http_method::head ? http_method::head : http_method::get;
    if (automatic && !pass.straight_to_get) method = http_method::head;
    // A HEAD response is complete after its header, so its connection goes
    // back to the pool; only the GET of auto stops early and closes.
    const bool head = method == http_method::head;
    co_await attempts_with(ctx, *spec, target, method, automatic && !head, retries, automatic && head, r, signals);
    if (automatic && head && head_needs_get(r.error, r.status) &&
        clock_type::now() < ctx.run_deadline) {
        method = http_method::get;
        co_await attempts_with(ctx, *spec, target, method, true, retries, false, r, signals);
    }

    r.time_ms = std::chrono::duration<double, std::milli>(clock_type::now() - started).count();
    r.method = method == http_method::head ? "HEAD" : "GET";
    assign_verdict(r, signals, spec->verdict);
    if (pass.confirmation && (r.state == verdict::down || r.state == verdict::unverifiable)) r.confirmed = true;
    // --slow judged this look alone; the result counts both.
    r.time_ms += pass.time_before_ms;
    co_return owned;
}

}  // namespace urlcheck
