// JSON (one document, input order) and JSON Lines (one object per result,
// completion order). Both share result_to_json so the object shape cannot
// drift between them.
#include <cmath>
#include <csignal>
#include <cstdio>
#include <iterator>

#include <boost/json.hpp>
#include <fmt/format.h>

#include "report/common.hpp"

namespace urlcheck {

namespace {

namespace json = boost::json;

json::value ms_value(const std::optional<double>& ms) {
    if (!ms) return nullptr;
    return report_detail::round_ms(*ms);
}

json::value string_value(std::string_view s) { return json::string(report_detail::valid_utf8(s)); }

json::object to_object(const result& r) {
    json::object o;
    o["url"] = string_value(r.url);
    o["final_url"] = string_value(r.final_url);
    o["source"] = string_value(r.source);
    o["ok"] = r.ok;
    o["status"] = r.status ? json::value(*r.status) : json::value(nullptr);
    // Null exactly when ok, so `select(.error)` finds every down entry even if
    // a buggy producer left error_kind::none on a failure.
    if (r.ok) {
        o["error"] = nullptr;
    } else {
        const std::string_view kind = to_string(r.error);
        o["error"] = string_value(kind.empty() ? "unknown" : kind);
    }
    o["message"] = string_value(r.message);
    o["attempts"] = r.attempts;
    o["redirects"] = r.redirects;
    o["time_ms"] = report_detail::round_ms(r.time_ms);
    o["timings"] = json::object{
        {"dns_ms", ms_value(r.timings.dns_ms)},
        {"connect_ms", ms_value(r.timings.connect_ms)},
        {"tls_ms", ms_value(r.timings.tls_ms)},
        {"ttfb_ms", ms_value(r.timings.ttfb_ms)},
    };
    if (r.tls) {
        o["tls"] = json::object{{"not_after", string_value(r.tls->not_after)}, {"days_left", r.tls->days_left}};
    } else {
        o["tls"] = nullptr;
    }
    // Added in 0.2 (connection reuse makes it worth knowing); appended so
    // the fields of 0.1 keep their order.
    o["remote_addr"] = r.remote_addr.empty() ? json::value(nullptr) : string_value(r.remote_addr);
    return o;
}

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

class json_reporter final : public reporter {
public:
    json_reporter(report_target target, bool lines) : target_(target), lines_(lines) {}

    void on_result(std::size_t, const result& r) override {
        if (!lines_) return;
        // One line per result, flushed at once so `urlcheck --format jsonl |
        // consumer` sees results live.
        std::string line = result_to_json(r);
        line += '\n';
        std::fwrite(line.data(), 1, line.size(), target_.out);
        std::fflush(target_.out);
    }

    void finish(const std::vector<const result*>& results, const summary& s) override {
        if (lines_) return;
        // Written piece by piece instead of as one DOM, so a 100k-entry report
        // does not hold every result twice.
        json::object sum{
            {"total", s.total},
            {"checked", s.checked},
            {"up", s.up},
            {"down", s.down},
            {"not_checked", s.not_checked},
            {"time_ms", report_detail::round_ms(s.elapsed_ms)},
            {"interrupted", s.signal != 0},
            {"signal", signal_value(s.signal)},
        };
        std::string out = "{\"version\":1,\"summary\":";
        write(out, sum);
        out += ",\"results\":[";
        bool first = true;
        for (const result* r : results) {
            if (r == nullptr) continue;
            if (!first) out += ',';
            first = false;
            out += result_to_json(*r);
            if (out.size() >= 64 * 1024) flush(out);
        }
        out += "]}\n";
        flush(out);
        std::fflush(target_.out);
    }

private:
    void flush(std::string& out) {
        std::fwrite(out.data(), 1, out.size(), target_.out);
        out.clear();
    }

    report_target target_;
    bool lines_;
};

}  // namespace

std::string result_to_json(const result& r) {
    std::string out;
    write(out, to_object(r));
    return out;
}

namespace report_detail {

std::unique_ptr<reporter> make_json_reporter(report_target target, bool lines) {
    return std::make_unique<json_reporter>(target, lines);
}

}  // namespace report_detail

}  // namespace urlcheck
