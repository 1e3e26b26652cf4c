#include "report/json_read.hpp"

#include <boost/json.hpp>
#include <fmt/format.h>

#include <chrono>
#include <csignal>
#include <cstdio>

namespace urlcheck {

namespace {

namespace json = boost::json;

// The enums from their report names: every value whose name is `name`.
// Counting up to a bound rather than listing them keeps a verdict or
// error kind added later readable here without a change.
template <class Enum>
std::optional<Enum> enum_named(std::string_view name) {
    for (int i = 0; i < 64; ++i) {
        const auto value = static_cast<Enum>(i);
        if (!to_string(value).empty() && to_string(value) == name) return value;
    }
    return std::nullopt;
}

// Reading one object; the first key that is missing or of the wrong type
// is named in `error` and stops the reading (every getter then answers a
// default).
class fields {
public:
    fields(const json::object& o, std::string& error, std::string_view where) : o_(o), error_(error), where_(where) {}

    const json::value* find(std::string_view key, bool required = true) {
        const json::value* v = o_.if_contains(key);
        if (v == nullptr && required) fail(key, "missing");
        return v;
    }
    void fail(std::string_view key, std::string_view what) {
        if (error_.empty()) error_ = fmt::format("{}\"{}\": {}", where_, key, what);
    }
    std::string text(std::string_view key) {
        const json::value* v = find(key);
        if (v == nullptr) return {};
        if (!v->is_string()) {
            fail(key, "not a string");
            return {};
        }
        return std::string(v->get_string());
    }
    // null or absent: empty
    std::string text_or_null(std::string_view key) {
        const json::value* v = find(key, false);
        if (v == nullptr || v->is_null()) return {};
        return text(key);
    }
    bool flag(std::string_view key) {
        const json::value* v = find(key);
        if (v == nullptr) return false;
        if (!v->is_bool()) fail(key, "not true or false");
        return v->is_bool() && v->get_bool();
    }
    std::optional<double> number(std::string_view key, bool required = true) {
        const json::value* v = find(key, required);
        if (v == nullptr || v->is_null()) return std::nullopt;
        if (!v->is_number()) {
            fail(key, "not a number");
            return std::nullopt;
        }
        return v->to_number<double>();
    }
    std::int64_t whole(std::string_view key, bool required = true) {
        const json::value* v = find(key, required);
        if (v == nullptr) return 0;
        if (!v->is_int64() && !v->is_uint64()) {
            fail(key, "not a whole number");
            return 0;
        }
        return v->to_number<std::int64_t>();
    }
    std::vector<std::string> texts(std::string_view key) {
        std::vector<std::string> out;
        const json::value* v = find(key);
        if (v == nullptr) return out;
        if (!v->is_array()) {
            fail(key, "not an array");
            return out;
        }
        for (const auto& element : v->get_array()) {
            if (!element.is_string()) {
                fail(key, "not an array of strings");
                return {};
            }
            out.emplace_back(element.get_string());
        }
        return out;
    }
    template <class Enum>
    Enum named(std::string_view key, Enum otherwise) {
        const std::string name = text(key);
        if (!error_.empty()) return otherwise;
        const auto value = enum_named<Enum>(name);
        if (!value) fail(key, fmt::format("unknown \"{}\"", name));
        return value.value_or(otherwise);
    }
    // ok, status, error: the outcome of a result or of one of its addresses.
    void outcome(bool& ok, std::optional<int>& status, error_kind& error) {
        ok = flag("ok");
        if (const auto s = number("status"); s) status = static_cast<int>(*s);
        const json::value* e = find("error");
        // "unknown" is what the writer says of a failure without a kind.
        if (e != nullptr && !e->is_null() && !(e->is_string() && e->get_string() == "unknown"))
            error = named<error_kind>("error", error_kind::none);
    }

private:
    const json::object& o_;
    std::string& error_;
    std::string_view where_;
};

const json::object* as_object(const json::value& v) { return v.is_object() ? &v.get_object() : nullptr; }

// "2026-12-07T14:03:09Z" (format_utc's iso8601, milliseconds allowed) as
// Unix milliseconds; empty when it is not that.
std::optional<std::int64_t> unix_ms_of(std::string_view text) {
    int y = 0;
    unsigned mo = 0, d = 0, h = 0, mi = 0, sec = 0, ms = 0;
    char zone = 0;
    const std::string copy(text);
    const bool whole = std::sscanf(copy.c_str(), "%4d-%2u-%2uT%2u:%2u:%2u%c", &y, &mo, &d, &h, &mi, &sec, &zone) == 7 &&
                       zone == 'Z' && copy.size() == 20;
    const bool with_ms = !whole && copy.size() == 24 &&
                         std::sscanf(copy.c_str(), "%4d-%2u-%2uT%2u:%2u:%2u.%3u%c", &y, &mo, &d, &h, &mi, &sec, &ms,
                                     &zone) == 8 &&
                         zone == 'Z';
    using namespace std::chrono;
    const year_month_day date{year(y), month(mo), day(d)};
    if ((!whole && !with_ms) || !date.ok() || h > 23 || mi > 59 || sec > 60) return std::nullopt;
    const auto t = sys_days(date) + hours(h) + minutes(mi) + seconds(sec) + milliseconds(ms);
    return duration_cast<milliseconds>(t.time_since_epoch()).count();
}

std::optional<result> result_from_value(const json::value& value, std::string& error) {
    const json::object* o = as_object(value);
    if (o == nullptr) {
        error = "a result is not an object";
        return std::nullopt;
    }
    result r;
    fields f(*o, error, "");
    r.url = f.text("url");
    r.final_url = f.text("final_url");
    r.source = f.text("source");
    f.outcome(r.ok, r.status, r.error);
    r.message = f.text("message");
    r.attempts = static_cast<int>(f.whole("attempts"));
    r.redirects = static_cast<int>(f.whole("redirects"));
    r.time_ms = f.number("time_ms").value_or(0);
    if (const json::value* t = f.find("timings"); t != nullptr && as_object(*t) != nullptr) {
        fields timing(t->get_object(), error, "timings: ");
        r.timings.dns_ms = timing.number("dns_ms");
        r.timings.connect_ms = timing.number("connect_ms");
        r.timings.tls_ms = timing.number("tls_ms");
        r.timings.proxy_ms = timing.number("proxy_ms", false);
        r.timings.ttfb_ms = timing.number("ttfb_ms");
    }
    if (const json::value* t = f.find("tls"); t != nullptr && as_object(*t) != nullptr) {
        fields tls(t->get_object(), error, "tls: ");
        r.tls = tls_info{.not_after = tls.text("not_after"),
                         .days_left = static_cast<long>(tls.whole("days_left")),
                         .subject = tls.text("subject")};
    }
    r.remote_addr = f.text_or_null("remote_addr");
    r.state = f.named<verdict>("state", verdict::down);
    r.reasons = f.texts("reasons");
    r.method = f.text_or_null("method");
    r.confirmed = f.flag("confirmed");
    if (const json::value* a = f.find("ack", false); a != nullptr && as_object(*a) != nullptr) {
        fields ack(a->get_object(), error, "ack: ");
        r.ack = acknowledgement{.reason = ack.text("reason"), .until = ack.text_or_null("until"), .source = ack.text("source")};
    }
    if (const json::value* h = f.find("history", false); h != nullptr && as_object(*h) != nullptr) {
        fields hf(h->get_object(), error, "history: ");
        struct history one;
        if (const std::string previous = hf.text_or_null("previous_state"); !previous.empty()) {
            one.previous_state = enum_named<verdict>(previous);
            if (!one.previous_state) hf.fail("previous_state", fmt::format("unknown \"{}\"", previous));
        }
        const std::string since = hf.text("since");
        if (const auto ms = unix_ms_of(since); ms)
            one.since_unix_ms = *ms;
        else
            hf.fail("since", "not a date-time like 2026-12-07T14:03:09Z");
        one.changed = hf.flag("changed");
        if (const auto outage = hf.number("outage_ms"); outage) one.outage_ms = static_cast<std::int64_t>(*outage);
        one.consecutive_down = static_cast<int>(hf.whole("consecutive_down"));
        one.consecutive_up = static_cast<int>(hf.whole("consecutive_up"));
        one.reminder = hf.flag("reminder");
        one.fresh = hf.flag("fresh");
        r.history = one;
    }
    if (const json::value* list = f.find("addresses", false); list != nullptr) {
        if (!list->is_array()) f.fail("addresses", "not an array");
        for (const auto& element : list->is_array() ? list->get_array() : json::array{}) {
            const json::object* a = as_object(element);
            if (a == nullptr) {
                f.fail("addresses", "not an array of objects");
                break;
            }
            fields af(*a, error, "addresses: ");
            address_result one;
            one.remote_addr = af.text("remote_addr");
            one.state = af.named<verdict>("state", verdict::down);
            af.outcome(one.ok, one.status, one.error);
            one.message = af.text("message");
            one.reasons = af.texts("reasons");
            one.time_ms = af.number("time_ms").value_or(0);
            r.addresses.push_back(std::move(one));
        }
    }
    if (!error.empty()) return std::nullopt;
    return r;
}

int signal_from(const json::value* v) {
    if (v == nullptr || v->is_null()) return 0;
    if (v->is_string()) return v->get_string() == "SIGINT" ? SIGINT : v->get_string() == "SIGTERM" ? SIGTERM : 0;
    return v->is_int64() ? static_cast<int>(v->get_int64()) : 0;
}

std::optional<summary> summary_from_value(const json::value& value, std::string& error) {
    const json::object* o = as_object(value);
    if (o == nullptr) {
        error = "the summary is not an object";
        return std::nullopt;
    }
    summary s;
    fields f(*o, error, "summary: ");
    const auto count = [&](std::string_view key) { return static_cast<std::size_t>(f.whole(key)); };
    s.total = count("total");
    s.checked = count("checked");
    s.up = count("up");
    s.down = count("down");
    s.not_checked = count("not_checked");
    s.elapsed_ms = f.number("time_ms").value_or(0);
    s.signal = signal_from(f.find("signal"));
    s.skipped = count("skipped");
    s.degraded = count("degraded");
    s.unverifiable = count("unverifiable");
    s.filtered = count("filtered");
    // Written only by the versions that know these states.
    s.pending = static_cast<std::size_t>(f.whole("pending", false));
    s.acknowledged = static_cast<std::size_t>(f.whole("acknowledged", false));
    s.list_fingerprint = f.text_or_null("list");
    s.shard = f.text_or_null("shard");
    s.other_shards = static_cast<std::size_t>(f.whole("other_shards", false));
    s.started_unix_ms = f.whole("started_unix_ms", false);
    if (!error.empty()) return std::nullopt;
    return s;
}

std::optional<json::value> parse(std::string_view text, std::string& error) {
    boost::system::error_code ec;
    json::value v = json::parse(text, ec);
    if (ec) {
        error = ec.message();
        return std::nullopt;
    }
    return v;
}

}  // namespace

std::optional<result> result_from_json(std::string_view object, std::string& error) {
    const auto value = parse(object, error);
    if (!value) return std::nullopt;
    return result_from_value(*value, error);
}

std::optional<read_report> read_json_report(std::string_view text, std::string& error) {
    read_report report;
    // A json document is one value with "results"; anything else is read
    // as jsonl, a line at a time.
    if (boost::system::error_code ec; true) {
        json::value whole = json::parse(text, ec);
        const json::object* o = ec ? nullptr : as_object(whole);
        if (o != nullptr && o->contains("results")) {
            const json::value& results = o->at("results");
            if (!results.is_array()) {
                error = "\"results\" is not an array";
                return std::nullopt;
            }
            for (const auto& element : results.get_array()) {
                auto r = result_from_value(element, error);
                if (!r) {
                    error = fmt::format("result {}: {}", report.results.size() + 1, error);
                    return std::nullopt;
                }
                report.results.push_back(std::move(*r));
            }
            const json::value* sum = o->if_contains("summary");
            if (sum == nullptr) {
                error = "no \"summary\"";
                return std::nullopt;
            }
            auto s = summary_from_value(*sum, error);
            if (!s) return std::nullopt;
            report.totals = std::move(*s);
            report.has_summary = true;
            report.in_input_order = true;
            return report;
        }
    }
    std::size_t number = 0;
    for (std::size_t start = 0; start < text.size();) {
        const std::size_t end = std::min(text.find('\n', start), text.size());
        const std::string_view line = text.substr(start, end - start);
        start = end + 1;
        ++number;
        if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
        if (report.has_summary) {
            error = fmt::format("line {}: after the summary line", number);
            return std::nullopt;
        }
        auto value = parse(line, error);
        if (!value) {
            error = fmt::format("line {}: not JSON ({})", number, error);
            return std::nullopt;
        }
        const json::object* o = as_object(*value);
        if (o != nullptr && o->size() == 1 && o->contains("summary")) {
            auto s = summary_from_value(o->at("summary"), error);
            if (!s) {
                error = fmt::format("line {}: {}", number, error);
                return std::nullopt;
            }
            report.totals = std::move(*s);
            report.has_summary = true;
            continue;
        }
        auto r = result_from_value(*value, error);
        if (!r) {
            error = fmt::format("line {}: {}", number, error);
            return std::nullopt;
        }
        report.results.push_back(std::move(*r));
    }
    if (number == 0) {
        error = "empty";
        return std::nullopt;
    }
    return report;
}

}  // namespace urlcheck
