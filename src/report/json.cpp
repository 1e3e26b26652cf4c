// JSON (one document, input order) and JSON Lines (one object per result,
// completion order). Both share result_to_json so the object shape cannot
// drift between them.
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <iterator>

#include <boost/json.hpp>
#include <fmt/format.h>

#include "report/common.hpp"
#include "report/input_order.hpp"

namespace urlcheck {

namespace {

namespace json = boost::json;

// boost::json::serialize writes doubles in exponent form (12.3 -> "1.23E1"),
// valid but unfriendly to people and to naive tools. So numbers are written
// here in shortest round-trip decimal form, and everything else (notably
// string escaping) is left to boost::json::serialize.
void write(std::string& out, const json::value& v) {
    switch (v.kind()) {
        case json::kind::double_: {
            const double d = v.get_double();
            if (!std::isfinite(d)) {
                out += "null";
            } else {
                fmt::format_to(std::back_inserter(out), "{}", d);
            }
            return;
        }
        case json::kind::object: {
            out += '{';
            bool first = true;
            for (const auto& member : v.get_object()) {
                if (!first) out += ',';
                first = false;
                out += json::serialize(member.key());
                out += ':';
                write(out, member.value());
            }
            out += '}';
            return;
        }
        case json::kind::array: {
            out += '[';
            bool first = true;
            for (const auto& element : v.get_array()) {
                if (!first) out += ',';
                first = false;
                write(out, element);
            }
            out += ']';
            return;
        }
        default:
            out += json::serialize(v);
            return;
    }
}

json::value signal_value(int signal) {
    switch (signal) {
        case 0: return nullptr;
        case SIGINT: return "SIGINT";
        case SIGTERM: return "SIGTERM";
        default: return signal;
    }
}

// jsonl: one line per result, written and flushed as each check finishes.
// json: one document whose results are in input order, written as soon as
// every earlier entry has its result; only results that arrive ahead of an
// unfinished earlier one wait in memory (held(): the engine reads no further
// ahead while they fill its window). The summary comes last, when it is
// known: {"version":1,"results":[...],"summary":{...}}.
class json_reporter final : public reporter {
public:
    json_reporter(report_target target, bool lines)
        : target_(target), lines_(lines), document_(target.out, "{\"version\":1,\"results\":[", ",") {}

    void on_result(std::size_t index, const result& r) override {
        std::string text = result_to_json(r);
        if (lines_) {
            pending_ += text;
            pending_ += '\n';
            // `urlcheck --format jsonl | consumer` should see results live,
            // but a write() per line cost 3 us of ~20 at 20,000 checks a
            // second: write at most every 50 ms here, and the rest on the
            // engine's tick (flush()). Only whole lines are ever written, so
            // a process killed between writes leaves no half line.
            const auto now = std::chrono::steady_clock::now();
            if (now - last_flush_ >= std::chrono::milliseconds(50) || pending_.size() >= 64 * 1024) {
                write_pending();
                last_flush_ = now;
            }
            return;
        }
        document_.add(index, std::move(text));
    }

    void flush() override {
        if (lines_) write_pending();
    }

    std::size_t held() const override { return document_.held(); }

    void finish(const summary& s) override {
        if (lines_) {
            // A shard's jsonl ends with its summary, for urlcheck merge; an
            // unsharded one stays one result a line, as consumers expect.
            if (!s.shard.empty()) {
                pending_ += "{\"summary\":";
                write(pending_, summary_object(s));
                pending_ += "}\n";
            }
            write_pending();
            return;
        }
        std::string closing = "],\"summary\":";
        write(closing, summary_object(s));
        closing += "}\n";
        document_.finish(closing);  // flushes
    }

private:
    static json::object summary_object(const summary& s) {
        json::object sum{
            {"total", s.total},
            {"checked", s.checked},
            {"up", s.up},
            {"down", s.down},
            {"not_checked", s.not_checked},
            {"time_ms", report_detail::round_ms(s.elapsed_ms)},
            {"interrupted", s.signal != 0},
            {"signal", signal_value(s.signal)},
            // Added in 0.2: appended to keep the order stable.
            {"skipped", s.skipped},
            {"degraded", s.degraded},
            {"unverifiable", s.unverifiable},
            {"filtered", s.filtered},
            {"pending", s.pending},  // --state (issue 17)
            // --ack (appended, as above).
            {"acknowledged", s.acknowledged},
        };
        // Added with --shard: appended; shard and other_shards only in a
        // shard's report (docs/formats.md "Shards").
        if (!s.list_fingerprint.empty()) sum["list"] = s.list_fingerprint;
        if (!s.shard.empty()) {
            sum["shard"] = s.shard;
            sum["other_shards"] = s.other_shards;
            // The merged report's timestamps are the earliest shard's.
            sum["started_unix_ms"] = s.started_unix_ms;
        }
        return sum;
    }

    void write_pending() {
        if (pending_.empty()) return;
        std::fwrite(pending_.data(), 1, pending_.size(), target_.out);
        std::fflush(target_.out);
        pending_.clear();
    }

    report_target target_;
    bool lines_;
    report_detail::ordered_stream document_;  // json
    std::chrono::steady_clock::time_point last_flush_{};
    std::string pending_;  // jsonl
};

}  // namespace

// The hot path of jsonl: one call per result. Written field by field into
// one string because building a json::object per result cost ~5 us of the
// ~20 us a keep-alive check takes; report_json_test pins the exact text and
// parses it back. Strings still go through Boost.JSON's escaping, numbers
// are written as write() below writes them.
namespace {

void append_string(std::string& out, std::string_view s) {
    out += json::serialize(json::string_view(report_detail::valid_utf8(s)));
}

void append_number(std::string& out, double d) {
    if (!std::isfinite(d)) {
        out += "null";
        return;
    }
    fmt::format_to(std::back_inserter(out), "{}", report_detail::round_ms(d));
}

void append_ms(std::string& out, const char* key, const std::optional<double>& ms) {
    out += key;
    if (ms)
        append_number(out, *ms);
    else
        out += "null";
}

// ,"ok":..,"status":..,"error":.. of a result or of one of its addresses.
void append_outcome(std::string& out, bool ok, const std::optional<int>& status, error_kind error) {
    out += ok ? ",\"ok\":true" : ",\"ok\":false";
    out += ",\"status\":";
    if (status)
        fmt::format_to(std::back_inserter(out), "{}", *status);
    else
        out += "null";
    out += ",\"error\":";
    // Null exactly when ok, so `select(.error)` finds every down entry even
    // if a buggy producer left error_kind::none on a failure.
    if (ok) {
        out += "null";
    } else {
        const std::string_view kind = to_string(error);
        append_string(out, kind.empty() ? "unknown" : kind);
    }
}

void append_reasons(std::string& out, const std::vector<std::string>& reasons) {
    out += '[';
    for (std::size_t i = 0; i < reasons.size(); ++i) {
        if (i > 0) out += ',';
        append_string(out, reasons[i]);
    }
    out += ']';
}

// "addresses":[{"remote_addr":..,"state":..,"ok":..,"status":..,"error":..,
// "message":..,"reasons":[..],"time_ms":..},...]: the result's own names.
void append_addresses(std::string& out, const std::vector<address_result>& addresses) {
    out += ",\"addresses\":[";
    for (std::size_t i = 0; i < addresses.size(); ++i) {
        const address_result& a = addresses[i];
        if (i > 0) out += ',';
        out += "{\"remote_addr\":";
        append_string(out, a.remote_addr);
        out += ",\"state\":";
        append_string(out, to_string(a.state));
        append_outcome(out, a.ok, a.status, a.error);
        out += ",\"message\":";
        append_string(out, a.message);
        out += ",\"reasons\":";
        append_reasons(out, a.reasons);
        out += ",\"time_ms\":";
        append_number(out, a.time_ms);
        out += '}';
    }
    out += ']';
}

// --state: "history":{"previous_state":..,"since":..,"changed":..,
// "outage_ms":..,"consecutive_down":..,"consecutive_up":..,"reminder":..,
// "fresh":..}, since as ISO 8601 UTC.
void append_history(std::string& out, const struct history& h) {
    out += ",\"history\":{\"previous_state\":";
    if (h.previous_state)
        append_string(out, to_string(*h.previous_state));
    else
        out += "null";
    out += ",\"since\":";
    append_string(out, report_detail::format_utc(h.since_unix_ms, report_detail::utc_style::iso8601));
    out += h.changed ? ",\"changed\":true" : ",\"changed\":false";
    out += ",\"outage_ms\":";
    if (h.outage_ms)
        out += std::to_string(*h.outage_ms);
    else
        out += "null";
    fmt::format_to(std::back_inserter(out), ",\"consecutive_down\":{},\"consecutive_up\":{}", h.consecutive_down,
                   h.consecutive_up);
    out += h.reminder ? ",\"reminder\":true" : ",\"reminder\":false";
    out += h.fresh ? ",\"fresh\":true}" : ",\"fresh\":false}";
}

}  // namespace

std::string result_to_json(const result& r) {
    std::string out;
    out.reserve(384 + r.url.size() + r.final_url.size() + r.message.size());
    out += "{\"url\":";
    append_string(out, r.url);
    out += ",\"final_url\":";
    append_string(out, r.final_url);
    out += ",\"source\":";
    append_string(out, r.source);
    append_outcome(out, r.ok, r.status, r.error);
    out += ",\"message\":";
    append_string(out, r.message);
    fmt::format_to(std::back_inserter(out), ",\"attempts\":{},\"redirects\":{},\"time_ms\":", r.attempts, r.redirects);
    append_number(out, r.time_ms);
    append_ms(out, ",\"timings\":{\"dns_ms\":", r.timings.dns_ms);
    append_ms(out, ",\"connect_ms\":", r.timings.connect_ms);
    append_ms(out, ",\"tls_ms\":", r.timings.tls_ms);
    if (r.timings.proxy_ms) append_ms(out, ",\"proxy_ms\":", r.timings.proxy_ms);  // only through a proxy
    append_ms(out, ",\"ttfb_ms\":", r.timings.ttfb_ms);
    out += "},\"tls\":";
    if (r.tls) {
        out += "{\"not_after\":";
        append_string(out, r.tls->not_after);
        fmt::format_to(std::back_inserter(out), ",\"days_left\":{}", r.tls->days_left);
        // Added in 0.2 (the certificate reasons name it); appended.
        out += ",\"subject\":";
        append_string(out, r.tls->subject);
        out += '}';
    } else {
        out += "null";
    }
    // Added in 0.2 (connection reuse makes it worth knowing); appended so
    // the fields of 0.1 keep their order.
    out += ",\"remote_addr\":";
    if (r.remote_addr.empty())
        out += "null";
    else
        append_string(out, r.remote_addr);
    // Added in 0.2 with the verdict states (README "Verdicts").
    out += ",\"state\":";
    append_string(out, to_string(r.state));
    out += ",\"reasons\":";
    append_reasons(out, r.reasons);
    out += ",\"method\":";
    if (r.method.empty())
        out += "null";
    else
        append_string(out, r.method);
    out += r.confirmed ? ",\"confirmed\":true" : ",\"confirmed\":false";
    // --all-addresses: one object per address, appended, and only then, so
    // every other run's output stays as it was.
    if (!r.addresses.empty()) append_addresses(out, r.addresses);
    if (r.history) append_history(out, *r.history);  // --state only, likewise
    // --ack: only on an acknowledged result, so every other run's output
    // stays as it was.
    if (r.ack) {
        out += ",\"ack\":{\"reason\":";
        append_string(out, r.ack->reason);
        out += ",\"until\":";
        if (r.ack->until.empty())
            out += "null";
        else
            append_string(out, r.ack->until);
        out += ",\"source\":";
        append_string(out, r.ack->source);
        out += '}';
    }
    out += '}';
    return out;
}

namespace report_detail {

std::unique_ptr<reporter> make_json_reporter(report_target target, bool lines) {
    return std::make_unique<json_reporter>(target, lines);
}

}  // namespace report_detail

}  // namespace urlcheck
