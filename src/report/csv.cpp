// CSV (RFC 4180): a header row, then one row per entry in input order, the
// result contract flattened under the JSON keys (timings.dns_ms is dns_ms,
// tls.not_after is tls_not_after), reasons joined with "; ". CRLF line
// ends; a field holding ',', '"', CR or LF is quoted, '"' doubled. Rows are
// written as soon as every earlier entry's row is (input_order.hpp), so
// only results that finish ahead of an earlier one wait in memory.
//
// Spreadsheets run a cell that starts with '=', '+', '-' or '@' (and some
// with tab or CR first) as a formula, and this report is what people open
// in one: a list line or a server's words could run there (CSV injection).
// So the columns that carry such text (url, final_url, message,
// tls_subject, reasons) get OWASP's defence: a leading apostrophe, which a
// spreadsheet shows as text and hides. That changes those few cells for a
// program, which should read json or jsonl for exact data. Columns urlcheck
// writes itself (numbers, states, kinds, the list file's name as given on
// the command line) are never changed, so tls_days_left stays a number
// when negative and standard input stays "-".
#include <cmath>
#include <cstdio>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "report/common.hpp"
#include "report/input_order.hpp"

namespace urlcheck::report_detail {

namespace {

constexpr std::string_view header =
    "url,final_url,source,file,line,state,ok,status,error,message,attempts,redirects,method,confirmed,"
    "time_ms,dns_ms,connect_ms,tls_ms,ttfb_ms,tls_not_after,tls_days_left,tls_subject,remote_addr,reasons\r\n";

enum class cell { exact, guarded };

bool starts_formula(std::string_view text) noexcept {
    if (text.empty()) return false;
    switch (text.front()) {
        case '=':
        case '+':
        case '-':
        case '@':
        case '\t':
        case '\r':
            return true;
        default:
            return false;
    }
}

// One field, valid UTF-8 (invalid bytes become U+FFFD), quoted when RFC
// 4180 needs it.
void append_field(std::string& out, std::string_view raw, cell kind = cell::exact) {
    std::string text = valid_utf8(raw);
    if (kind == cell::guarded && starts_formula(text)) text.insert(0, 1, '\'');
    if (text.find_first_of(",\"\r\n") == std::string::npos) {
        out += text;
        return;
    }
    out += '"';
    for (const char c : text) {
        if (c == '"') out += '"';
        out += c;
    }
    out += '"';
}

// Milliseconds as json writes them (0.1 ms, shortest form); empty when absent.
void append_ms(std::string& out, std::optional<double> ms) {
    if (ms && std::isfinite(*ms)) fmt::format_to(std::back_inserter(out), "{}", round_ms(*ms));
}

std::string render_row(const result& r) {
    std::string row;
    row.reserve(256 + r.url.size() + r.final_url.size() + r.message.size());
    const source_location where = locate(r.source);
    append_field(row, r.url, cell::guarded);
    row += ',';
    append_field(row, r.final_url, cell::guarded);
    row += ',';
    append_field(row, r.source);
    row += ',';
    append_field(row, where.file);
    row += ',';
    if (where.line && !where.file.empty()) fmt::format_to(std::back_inserter(row), "{}", *where.line);  // not arg:N
    row += ',';
    row += to_string(r.state);
    row += r.ok ? ",true," : ",false,";
    if (r.status) fmt::format_to(std::back_inserter(row), "{}", *r.status);
    row += ',';
    // Empty exactly when ok, as json's null.
    if (!r.ok) row += to_string(r.error).empty() ? std::string_view("unknown") : to_string(r.error);
    row += ',';
    append_field(row, r.message, cell::guarded);
    fmt::format_to(std::back_inserter(row), ",{},{},", r.attempts, r.redirects);
    append_field(row, r.method);
    row += r.confirmed ? ",true," : ",false,";
    append_ms(row, r.time_ms);
    row += ',';
    append_ms(row, r.timings.dns_ms);
    row += ',';
    append_ms(row, r.timings.connect_ms);
    row += ',';
    append_ms(row, r.timings.tls_ms);
    row += ',';
    append_ms(row, r.timings.ttfb_ms);
    row += ',';
    if (r.tls) {
        append_field(row, r.tls->not_after);
        fmt::format_to(std::back_inserter(row), ",{},", r.tls->days_left);
        append_field(row, r.tls->subject, cell::guarded);
    } else {
        row += ",,";
    }
    row += ',';
    append_field(row, r.remote_addr);
    row += ',';
    append_field(row, join_reasons(r.reasons), cell::guarded);
    row += "\r\n";
    return row;
}

class csv_reporter final : public reporter {
public:
    explicit csv_reporter(report_target target) : rows_(target.out, std::string(header)) {}

    void on_result(std::size_t index, const result& r) override { rows_.add(index, render_row(r)); }

    // What is ready goes out on the engine's tick, so `tail -f` follows a
    // long run (whole rows only).
    void flush() override { rows_.flush(); }

    std::size_t held() const override { return rows_.held(); }

    void finish(const summary&) override { rows_.finish({}); }

private:
    ordered_stream rows_;  // the header goes out with the first row
};

}  // namespace

std::unique_ptr<reporter> make_csv_reporter(const report_options&, report_target target) {
    return std::make_unique<csv_reporter>(target);
}

}  // namespace urlcheck::report_detail
