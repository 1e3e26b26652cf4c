// JSON (one document, input order) and JSON Lines (one object per result,
// completion order). Both share result_to_json so the object shape cannot
// drift between them.
#include <cmath>
#include <csignal>
#include <cstdio>
#include <iterator>
#include <map>

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

// jsonl: one line per result, written and flushed as each check finishes.
// json: one document whose results are in input order, written as soon as
// every earlier entry has its result; only results that arrive ahead of an
// unfinished earlier one wait in memory. The summary comes last, when it is
// known: {"version":1,"results":[...],"summary":{...}}.
class json_reporter final : public reporter {
public:
    json_reporter(report_target target, bool lines) : target_(target), lines_(lines) {}

    void on_result(std::size_t index, const result& r) override {
        std::string text = result_to_json(r);
        if (lines_) {
            text += '\n';
            std::fwrite(text.data(), 1, text.size(), target_.out);
            // Flushed at once so `urlcheck --format jsonl | consumer` sees
            // results live.
            std::fflush(target_.out);
            return;
        }
        if (index != next_) {
            waiting_.emplace(index, std::move(text));
            return;
        }
        append(text);
        ++next_;
        for (auto it = waiting_.begin(); it != waiting_.end() && it->first == next_; it = waiting_.erase(it)) {
            append(it->second);
            ++next_;
        }
        if (pending_.size() >= 64 * 1024) flush();
    }

    void finish(const summary& s) override {
        if (lines_) return;
        // Interrupted runs leave gaps: what waits behind them goes out in order.
        for (auto& [index, text] : waiting_) append(text);
        waiting_.clear();
        start_document();
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
        pending_ += "],\"summary\":";
        write(pending_, sum);
        pending_ += "}\n";
        flush();
        std::fflush(target_.out);
    }

private:
    // Nothing is written before the first result, so a run that fails in
    // its setup (exit 2) leaves no half document behind.
    void start_document() {
        if (started_) return;
        started_ = true;
        pending_.insert(0, "{\"version\":1,\"results\":[");
    }

    void append(const std::string& text) {
        start_document();
        if (!first_) pending_ += ',';
        first_ = false;
        pending_ += text;
    }

    void flush() {
        std::fwrite(pending_.data(), 1, pending_.size(), target_.out);
        pending_.clear();
    }

    report_target target_;
    bool lines_;
    bool started_ = false;
    bool first_ = true;
    std::size_t next_ = 0;
    std::map<std::size_t, std::string> waiting_;
    std::string pending_;
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
