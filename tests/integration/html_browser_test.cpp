// The html report as a person gets it: the hostile fixture rendered to a
// file and opened in a real browser, headless Chromium (Debian's chromium),
// driven by tests/integration/html_dom_check.js under Node (Debian's
// nodejs) over the DevTools protocol. The checks are on the live DOM: every
// entry is a row, failing ones first; clicking the Time header sorts by time
// ascending then descending; the headers work from the keyboard; the filter
// and the state toggles hide rows; nothing a URL or a reason holds ran as
// script; the page fetched nothing; light and dark follow the colour scheme
// (screenshots of both are taken). A 100,000-row page is opened and sorted
// too, and its load time is printed.
//
// Set URLCHECK_HTML_ARTIFACTS=DIR to keep the page and the screenshots there.
#include <gtest/gtest.h>

#include <stdlib.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include <boost/json.hpp>
#include <fmt/format.h>

#include "support/hostile_results.hpp"
#include "support/subprocess.hpp"
#include "urlcheck/report.hpp"

namespace {

namespace fs = std::filesystem;
namespace json = boost::json;
using urlcheck::result;
using urlcheck::verdict;
using urlcheck::test::hostile_run;

const std::string chromium = "/usr/bin/chromium";
const std::string node = "/usr/bin/node";
const std::string dom_check = URLCHECK_SOURCE_DIR "/tests/integration/html_dom_check.js";

// The fixture, plus entries whose text would run as script if it were ever
// written unescaped: each sets window.__pwned, which the page then must not
// have.
hostile_run make_browser_run() {
    hostile_run run = urlcheck::test::make_hostile_run();
    result tag = urlcheck::test::hostile_base(
        R"(https://evil.example/"><script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">)",
        "urls.txt:20", verdict::down);
    tag.status = 500;
    tag.error = urlcheck::error_kind::status;
    tag.reasons = {"</td></tr></tbody></table></script><script>window.__pwned=3</script>"};
    tag.time_ms = 7.5;
    run.results.push_back(tag);
    result scheme = urlcheck::test::hostile_base("javascript:window.__pwned=4", "urls.txt:21", verdict::down);
    scheme.error = urlcheck::error_kind::invalid_url;
    scheme.reasons = {"invalid_url: not http or https"};
    run.results.push_back(scheme);
    result attribute = urlcheck::test::hostile_base(
        "https://evil.example/' onmouseover='window.__pwned=5' x='\u2028\u2029", "urls.txt:22", verdict::unverifiable);
    attribute.status = 403;
    attribute.error = urlcheck::error_kind::status;
    attribute.time_ms = 120.0;
    attribute.timings = {3.0, 4.0, 20.0, 90.0};
    run.results.push_back(attribute);
    // Text that looks like a character reference stays that text.
    result reference =
        urlcheck::test::hostile_base("https://example.com/&lt;b&gt;?a=1&amp;b=2", "urls.txt:23", verdict::degraded);
    reference.status = 200;
    reference.time_ms = 30.0;
    reference.reasons = {"certificate expires in 5 days (&lt;7)"};
    run.results.push_back(reference);
    run.totals = {};
    for (const auto& r : run.results) run.totals.add(r);
    run.totals.total = run.results.size();
    run.totals.elapsed_ms = 10012.5;
    run.totals.started_unix_ms = 1796000000000;
    return run;
}

// `run` rendered as a report into `path`, the results given in the order
// (stride * k) mod n (a stride coprime with n gives each once); the file's
// size in bytes.
std::uintmax_t write_page(const hostile_run& run, const fs::path& path, std::size_t stride) {
    std::FILE* file = std::fopen(path.c_str(), "wb");
    EXPECT_NE(file, nullptr) << path;
    if (file == nullptr) return 0;
    auto reporter = urlcheck::make_reporter(urlcheck::output_format::html, {}, {file, false});
    const std::size_t n = run.results.size();
    for (std::size_t k = 0; k < n; ++k) reporter->on_result(stride * k % n, run.results[stride * k % n]);
    reporter->finish(run.totals);
    reporter.reset();
    std::fclose(file);
    return fs::file_size(path);
}

// A directory of its own for a test (the page, Chromium's profile, the
// screenshots), removed with everything in it at the end.
struct temp_dir {
    fs::path path;
    temp_dir() {
        std::string tpl = (fs::temp_directory_path() / "urlcheck-html-XXXXXX").string();
        if (::mkdtemp(tpl.data()) != nullptr) path = tpl;
    }
    ~temp_dir() {
        std::error_code ignored;
        if (!path.empty()) fs::remove_all(path, ignored);
    }
    temp_dir(const temp_dir&) = delete;
    temp_dir& operator=(const temp_dir&) = delete;
};

// Runs html_dom_check.js on `page`; its facts, or null after a failure.
json::value browse(const fs::path& dir, const fs::path& page, std::vector<std::string> extra) {
    std::vector<std::string> args = {
        dom_check,      "--chromium", chromium, "--page", page.string(), "--profile", (dir / "profile").string(),
        "--timeout-ms", "90000"};
    args.insert(args.end(), extra.begin(), extra.end());
    urlcheck::test::subprocess_options options;
    options.timeout = std::chrono::seconds(120);
    const auto run = urlcheck::test::run_subprocess(node, args, options);
    EXPECT_EQ(run.exit_code, 0) << urlcheck::test::describe(run) << "\n" << run.err;
    if (run.exit_code != 0) return nullptr;
    boost::system::error_code error;
    json::value facts = json::parse(run.out, error);
    EXPECT_FALSE(error) << run.out;
    return facts;
}

void keep_artifact(const fs::path& file) {
    const char* dir = std::getenv("URLCHECK_HTML_ARTIFACTS");
    if (dir == nullptr || *dir == '\0' || !fs::exists(file)) return;
    std::error_code ignored;
    fs::create_directories(dir, ignored);
    fs::copy_file(file, fs::path(dir) / file.filename(), fs::copy_options::overwrite_existing, ignored);
}

bool tools_missing() {
    bool missing = false;
    if (!fs::exists(chromium)) {
        ADD_FAILURE() << chromium << " is missing: install the Debian package chromium";
        missing = true;
    }
    if (!fs::exists(node)) {
        ADD_FAILURE() << node << " is missing: install the Debian package nodejs";
        missing = true;
    }
    return missing;
}

bool is_png(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    char signature[8] = {};
    in.read(signature, sizeof signature);
    return in && std::string(signature, 8) == "\x89PNG\r\n\x1a\n" && fs::file_size(file) > 10'000;
}

struct shown_row {
    std::string state;
    std::string label;
    std::string url;
    std::string status;
    std::string source;
    double time = 0;
    bool visible = true;
};

std::vector<shown_row> rows_of(const json::value& view) {
    std::vector<shown_row> rows;
    for (const auto& row : view.at("rows").as_array()) {
        const auto& r = row.as_object();
        rows.push_back({json::value_to<std::string>(r.at("state")), json::value_to<std::string>(r.at("label")),
                        json::value_to<std::string>(r.at("url")), json::value_to<std::string>(r.at("status")),
                        json::value_to<std::string>(r.at("source")),
                        std::stod(json::value_to<std::string>(r.at("time"))), r.at("visible").as_bool()});
    }
    return rows;
}

std::vector<std::string> sources_of(const std::vector<shown_row>& rows) {
    std::vector<std::string> sources;
    for (const auto& row : rows) sources.push_back(row.source);
    return sources;
}

// Each column's aria-sort, "" where it has none.
std::vector<std::string> sort_of(const json::value& view) {
    std::vector<std::string> sort;
    for (const auto& s : view.at("sort").as_array()) sort.push_back(s.is_null() ? "" : std::string(s.as_string()));
    return sort;
}

// What one browser session on the fixture's page found. Starting Chromium
// costs seconds and ctest runs each TEST in a process of its own, so one
// TEST opens the page once and checks each property below in turn.
struct session {
    hostile_run run = make_browser_run();
    temp_dir temp;
    fs::path dir = temp.path;
    fs::path page = dir / "urlcheck-report.html";
    fs::path light = dir / "html-shot-light.png";
    fs::path dark = dir / "html-shot-dark.png";
    json::value facts;

    const json::value& operator[](const char* key) const { return facts.at(key); }

    // The sources in the report's order: failing first, then input order.
    std::vector<std::string> expected_sources() const {
        const std::vector<verdict> order = {verdict::down, verdict::unverifiable, verdict::degraded, verdict::skipped,
                                            verdict::up};
        std::vector<std::string> sources;
        for (const verdict state : order)
            for (const auto& r : run.results)
                if (r.state == state) sources.push_back(r.source);
        return sources;
    }
};

void shows_every_entry_failing_first_then_in_input_order(const session& s) {
    const auto rows = rows_of(s["initial"]);
    ASSERT_EQ(rows.size(), s.run.results.size());
    EXPECT_EQ(sources_of(rows), s.expected_sources());
    for (const auto& row : rows) {
        EXPECT_TRUE(row.visible) << row.source;
        EXPECT_EQ(row.label, row.state) << "the state in words in its cell";
        // The browser reads back exactly the URL, script-like text and
        // look-alike references included; only the entry with bytes that
        // are not UTF-8 and an ESC reads otherwise (U+FFFD, "\x1B").
        const auto entry = std::find_if(s.run.results.begin(), s.run.results.end(),
                                        [&](const result& r) { return r.source == row.source; });
        ASSERT_NE(entry, s.run.results.end()) << row.source;
        if (row.source == "-:2")
            EXPECT_EQ(row.url, "http://exa mple.com/\uFFFD\\x1B[31m");
        else
            EXPECT_EQ(row.url, entry->url);
    }
    EXPECT_EQ(sort_of(s["initial"]), (std::vector<std::string>{"ascending", "", "", "", "", "", "", ""}));
    const auto& safety = s["safety"].as_object();
    EXPECT_EQ(safety.at("charset"), "UTF-8");
    EXPECT_EQ(safety.at("title"),
              "urlcheck 2026-11-30 00:53:20 UTC: 9 down, 2 unverifiable, 2 degraded, 1 skipped, 2 up");
}

void clicking_time_sorts_ascending_then_descending(const session& s) {
    const auto ascending = rows_of(s["timeAscending"]);
    const auto descending = rows_of(s["timeDescending"]);
    ASSERT_EQ(ascending.size(), s.run.results.size());
    ASSERT_EQ(descending.size(), s.run.results.size());
    EXPECT_TRUE(std::is_sorted(ascending.begin(), ascending.end(),
                               [](const shown_row& a, const shown_row& b) { return a.time < b.time; }));
    EXPECT_TRUE(std::is_sorted(descending.begin(), descending.end(),
                               [](const shown_row& a, const shown_row& b) { return a.time > b.time; }));
    EXPECT_LT(ascending.front().time, ascending.back().time);
    EXPECT_EQ(ascending.back().source, "arg:1");  // the 10 s timeout
    EXPECT_EQ(descending.front().source, "arg:1");
    EXPECT_EQ(sort_of(s["timeAscending"]), (std::vector<std::string>{"", "", "", "", "", "ascending", "", ""}));
    EXPECT_EQ(sort_of(s["timeDescending"]), (std::vector<std::string>{"", "", "", "", "", "descending", "", ""}));
    // Equal times keep the report's order (the sort is stable): the entries
    // that took no time are the skipped one and the two invalid ones.
    std::vector<std::string> zero;
    for (const auto& row : ascending)
        if (row.time == 0) zero.push_back(row.source);
    EXPECT_EQ(zero, (std::vector<std::string>{"-:2", "urls.txt:21", "urls.txt:8"}));
}

void headers_are_buttons_that_work_from_the_keyboard(const session& s) {
    EXPECT_EQ(s["safety"].at("headerButtons"), 8);
    const auto rows = rows_of(s["statusByKeyboard"]);
    EXPECT_EQ(sort_of(s["statusByKeyboard"]), (std::vector<std::string>{"", "", "ascending", "", "", "", "", ""}));
    std::vector<int> statuses;
    std::size_t empty_from = rows.size();
    for (std::size_t i = 0; i < rows.size(); ++i) {
        if (rows[i].status.empty()) {
            empty_from = std::min(empty_from, i);
            continue;
        }
        EXPECT_EQ(empty_from, rows.size()) << "an entry with a status after one without";
        statuses.push_back(std::stoi(rows[i].status));
    }
    EXPECT_TRUE(std::is_sorted(statuses.begin(), statuses.end()));
    EXPECT_EQ(statuses.front(), 200);
    EXPECT_EQ(statuses.back(), 500);
    // Sorting by state again gives back the report's own order.
    EXPECT_EQ(sources_of(rows_of(s["stateAscending"])), s.expected_sources());
}

void filter_and_state_toggles_hide_rows(const session& s) {
    EXPECT_EQ(s["safety"].at("controlsShown"), true);
    std::vector<std::string> shown;
    for (const auto& row : rows_of(s["filtered"]))
        if (row.visible) shown.push_back(row.source);
    EXPECT_EQ(shown, (std::vector<std::string>{"lists/a,b: c.txt:9"}));
    EXPECT_EQ(s["filteredCount"], json::value(fmt::format("1 of {} entries shown", s.run.results.size())));

    for (const auto& row : rows_of(s["withoutUp"])) EXPECT_EQ(row.visible, row.state != "up") << row.source;
    EXPECT_EQ(s["withoutUpCount"],
              json::value(fmt::format("{} of {} entries shown", s.run.results.size() - 2, s.run.results.size())));
}

void nothing_from_the_results_ran_as_script(const session& s) {
    for (const char* when : {"safety", "safetyAfter"}) {
        const auto& safety = s[when].as_object();
        EXPECT_TRUE(safety.at("pwned").is_null()) << when << ": window.__pwned = " << safety.at("pwned");
        EXPECT_EQ(safety.at("scripts"), 1) << when;
        EXPECT_EQ(safety.at("styles"), 1) << when;
        EXPECT_TRUE(safety.at("handlers").as_array().empty()) << when << ": " << safety.at("handlers");
        EXPECT_TRUE(safety.at("loaders").as_array().empty()) << when << ": " << safety.at("loaders");
        // The page's own script and style were allowed by its policy, and
        // nothing else was attempted.
        EXPECT_TRUE(safety.at("violations").as_array().empty()) << when << ": " << safety.at("violations");
    }
    EXPECT_TRUE(s["problems"].as_array().empty()) << s["problems"];
}

void fetches_nothing_and_links_only_the_entries_themselves(const session& s) {
    // Three loads of the page (the checks, then light and dark), nothing else.
    const std::string url = "file://" + s.page.string();
    for (const auto& request : s["requests"].as_array()) EXPECT_EQ(request, json::value(url));
    EXPECT_EQ(s["requests"].as_array().size(), 3u);

    const auto& safety = s["safety"].as_object();
    const std::string policy(safety.at("csp").as_string());
    EXPECT_TRUE(policy.starts_with("default-src 'none'; style-src 'sha256-")) << policy;
    std::size_t links = 0;
    for (const auto& link : safety.at("links").as_array()) {
        const auto& l = link.as_object();
        const std::string href(l.at("href").as_string());
        EXPECT_EQ(l.at("tag"), "A") << href;
        EXPECT_EQ(l.at("inTable"), true) << href;
        EXPECT_EQ(l.at("rel"), "noopener noreferrer") << href;
        EXPECT_TRUE(href.starts_with("https://") || href.starts_with("http://")) << href;
        ++links;
    }
    // Every entry but the two invalid ones ("exa mple", "javascript:").
    EXPECT_EQ(links, s.run.results.size() - 2);
}

void follows_the_colour_scheme_and_draws_the_bars(const session& s) {
    const auto& light = s["light"].as_object();
    const auto& dark = s["dark"].as_object();
    EXPECT_EQ(light.at("background"), "rgb(255, 255, 255)");
    EXPECT_EQ(dark.at("background"), "rgb(13, 17, 23)");
    EXPECT_NE(light.at("downLabel"), dark.at("downLabel"));
    // A bar for each entry with a time; the slowest (the 10 s timeout, all
    // of it "rest") ends at the full width, the degraded entry's slow first
    // byte at 35%; every bar is the column's width (14rem less padding).
    const auto& bars = light.at("bars").as_array();
    EXPECT_EQ(bars.size(), 13u);
    for (const auto& bar : bars) {
        const auto& b = bar.as_object();
        EXPECT_GT(b.at("width").to_number<double>(), 150.0) << b;
        if (b.at("source") == "arg:1") {
            EXPECT_EQ(b.at("ends"), (json::array{"0%", "0%", "0%", "0%", "100%"}));
        }
        if (b.at("source") == "urls.txt:4") {
            EXPECT_EQ(b.at("ends"), (json::array{"0%", "0%", "0%", "35%", "0%"}));
        }
    }
    EXPECT_TRUE(is_png(s.light)) << s.light;
    EXPECT_TRUE(is_png(s.dark)) << s.dark;
    EXPECT_NE(fs::file_size(s.light), fs::file_size(s.dark));
}

TEST(HtmlBrowser, HostileFixtureInChromium) {
    if (tools_missing()) return;
    session s;
    ASSERT_FALSE(s.dir.empty());
    write_page(s.run, s.page, 5);
    s.facts = browse(s.dir, s.page, {"--light", s.light.string(), "--dark", s.dark.string()});
    for (const auto& file : {s.page, s.light, s.dark}) keep_artifact(file);
    ASSERT_TRUE(s.facts.is_object());

    const std::pair<const char*, void (*)(const session&)> checks[] = {
        {"every entry, failing first", shows_every_entry_failing_first_then_in_input_order},
        {"sort by time", clicking_time_sorts_ascending_then_descending},
        {"keyboard", headers_are_buttons_that_work_from_the_keyboard},
        {"filter and toggles", filter_and_state_toggles_hide_rows},
        {"no script from results", nothing_from_the_results_ran_as_script},
        {"nothing fetched", fetches_nothing_and_links_only_the_entries_themselves},
        {"light, dark, bars", follows_the_colour_scheme_and_draws_the_bars},
    };
    for (const auto& [what, check] : checks) {
        SCOPED_TRACE(what);
        check(s);
    }
}

// 100,000 entries, mostly up, as a long list's report is: the page must
// open and sort. The file size and the times are printed for the record.
TEST(HtmlBrowserLarge, OpensAndSortsAHundredThousandRows) {
    if (tools_missing()) return;
    const temp_dir temp;
    const fs::path& dir = temp.path;
    ASSERT_FALSE(dir.empty());
    constexpr std::size_t entries = 100'000;
    hostile_run run;
    run.results.reserve(entries);
    const std::vector<verdict> mix = {verdict::up, verdict::up, verdict::up,      verdict::up,           verdict::up,
                                      verdict::up, verdict::up, verdict::down,    verdict::degraded,     verdict::up,
                                      verdict::up, verdict::up, verdict::skipped, verdict::unverifiable, verdict::up};
    for (std::size_t i = 0; i < entries; ++i) {
        const verdict state = mix[i % mix.size()];
        result r =
            urlcheck::test::hostile_base(fmt::format("https://host{}.example/path/{}?page={}", i % 997, i, i % 13),
                                         fmt::format("urls.txt:{}", i + 1), state);
        if (state != verdict::skipped) {
            r.status = state == verdict::down ? 503 : 200;
            r.time_ms = 5.0 + static_cast<double>((i * 7919) % 4000) / 4.0;
            r.timings = {0.5 + static_cast<double>(i % 7), 1.0 + static_cast<double>(i % 11),
                         4.0 + static_cast<double>(i % 13), r.time_ms / 2};
        }
        if (state == verdict::down) {
            r.error = urlcheck::error_kind::status;
            r.reasons = {"status 503 Service Unavailable"};
        }
        run.results.push_back(std::move(r));
        run.totals.add(run.results.back());
    }
    run.totals.total = entries;
    run.totals.started_unix_ms = 1796000000000;

    const fs::path page = dir / "urlcheck-report-100k.html";
    const auto started = std::chrono::steady_clock::now();
    const std::uintmax_t bytes = write_page(run, page, 7);
    const auto render_ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
    const fs::path shot = dir / "html-shot-100k.png";
    const json::value facts = browse(dir, page, {"--large", "--light", shot.string()});
    keep_artifact(page);
    keep_artifact(shot);
    ASSERT_TRUE(facts.is_object());

    EXPECT_EQ(facts.at("rowCount"), entries);
    EXPECT_EQ(facts.at("sortedByTime").at("ordered"), true);
    EXPECT_EQ(facts.at("sortedByTime").at("ariaSort"), "ascending");
    EXPECT_EQ(facts.at("safety").at("violations").as_array().size(), 0u);
    EXPECT_EQ(facts.at("safety").at("links"), entries);
    EXPECT_TRUE(facts.at("problems").as_array().empty()) << facts.at("problems");
    const auto& load = facts.at("load").as_object();
    std::cout << fmt::format(
        "html report, {} rows: {:.1f} MB, rendered in {} ms; Chromium: load event {} ms, "
        "painted {} ms, sort by time {:.0f} ms\n",
        entries, static_cast<double>(bytes) / 1e6, render_ms, load.at("loadMs").to_number<double>(),
        load.at("paintedMs").to_number<double>(), facts.at("sortMs").to_number<double>());
    // Generous: a shared CI machine; what matters is that it opens at all.
    EXPECT_LT(load.at("paintedMs").to_number<double>(), 60'000.0);
}

}  // namespace
