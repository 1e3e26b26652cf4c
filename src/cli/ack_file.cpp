#include "cli/ack_file.hpp"

#include <algorithm>
#include <array>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <fstream>

#include <fmt/format.h>
#include <toml++/toml.h>

#include "cli/toml_text.hpp"
#include "suggest.hpp"
#include "text.hpp"
#include "urlcheck/line_options.hpp"

namespace urlcheck::cli {

namespace {

// An ack file is a few dozen tables; a bigger one is a mistake (a list of
// URLs named by accident).
constexpr std::size_t max_ack_file_bytes = 1024 * 1024;

constexpr std::array<std::string_view, 5> ack_keys{"url", "regex", "tag", "reason", "until"};

constexpr std::string_view example_until = "2026-12-24T18:00:00Z";

std::int64_t unix_ms_of(const toml::date_time& when) {
    using namespace std::chrono;
    const sys_days date{year{when.date.year} / month{when.date.month} / day{when.date.day}};
    const auto since_midnight = hours{when.time.hour} + minutes{when.time.minute} + seconds{when.time.second} +
                                duration_cast<milliseconds>(nanoseconds{when.time.nanosecond});
    // A local date-time (no offset) is read as UTC: the file then means one
    // instant wherever the run happens.
    const minutes offset{when.offset ? when.offset->minutes : 0};
    return duration_cast<milliseconds>(date.time_since_epoch() + since_midnight - offset).count();
}

std::string utc_text(std::int64_t unix_ms) {
    using namespace std::chrono;
    const sys_time<milliseconds> at{milliseconds{unix_ms}};
    const sys_days day = floor<days>(at);
    const year_month_day date{day};
    const hh_mm_ss time{floor<seconds>(at - day)};
    return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", static_cast<int>(date.year()),
                       static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()), time.hours().count(),
                       time.minutes().count(), time.seconds().count());
}

class ack_reader {
public:
    explicit ack_reader(std::string_view name) : name_(name) {}

    std::optional<std::vector<ack_rule>> read(const toml::table& doc) {
        std::vector<ack_rule> rules;
        for (const auto& [key, node] : doc) {
            const std::size_t line = key.source().begin.line;
            if (key.str() != "ack") {
                fail(line, "unknown key '{}': an ack file holds [[ack]] tables only", printable(key.str()));
                return std::nullopt;
            }
            const toml::array* tables = node.as_array();
            if (tables == nullptr || !tables->is_array_of_tables()) {
                fail(line, "ack: expected [[ack]] tables, one per acknowledgement");
                return std::nullopt;
            }
            for (const auto& table : *tables) {
                auto rule = read_ack(*table.as_table());
                if (!rule) return std::nullopt;
                rules.push_back(std::move(*rule));
            }
        }
        return rules;
    }

    const std::string& error() const { return error_; }

private:
    template <class... Args>
    void fail(std::size_t line, fmt::format_string<Args...> format, Args&&... args) {
        error_ = fmt::format("{}:{}: ", name_, line) + fmt::format(format, std::forward<Args>(args)...);
    }

    std::optional<ack_rule> read_ack(const toml::table& table) {
        const std::size_t line = table.source().begin.line;
        ack_rule rule;
        rule.source = fmt::format("{}:{}", name_, line);
        int selectors = 0;
        for (const auto& [key, node] : table) {
            const std::size_t at = key.source().begin.line;
            const std::string_view k = key.str();
            if (k == "until") {
                if (!read_until(at, node, rule)) return std::nullopt;
                continue;
            }
            if (std::find(ack_keys.begin(), ack_keys.end(), k) == ack_keys.end()) {
                std::string message = fmt::format("unknown key '{}' in [[ack]]", printable(k));
                if (const auto i = closest(k, ack_keys)) message += fmt::format(" (did you mean '{}'?)", ack_keys[*i]);
                fail(at, "{}", message);
                return std::nullopt;
            }
            const auto* text = node.as_string();
            if (text == nullptr || text->get().empty()) {
                fail(at, "{}: expected a string that is not empty", k);
                return std::nullopt;
            }
            if (k == "reason") {
                rule.reason = text->get();
                continue;
            }
            ++selectors;
            rule.pattern = text->get();
            rule.by = k == "url" ? ack_rule::match_by::url
                    : k == "regex" ? ack_rule::match_by::regex
                                   : ack_rule::match_by::tag;
            if (rule.by == ack_rule::match_by::tag && !is_tag(rule.pattern)) {
                fail(at, "tag: '{}' is not a tag (letters, digits, '_', '.' and '-')", printable(rule.pattern));
                return std::nullopt;
            }
        }
        if (selectors != 1) {
            fail(line, "[[ack]] needs exactly one of url, regex or tag (it has {})", selectors);
            return std::nullopt;
        }
        if (rule.reason.empty()) {
            fail(line, "[[ack]] needs a reason: who knows about the failure, and why");
            return std::nullopt;
        }
        return rule;
    }

    bool read_until(std::size_t line, const toml::node& node, ack_rule& rule) {
        if (const auto* when = node.as_date_time()) {
            rule.until_unix_ms = unix_ms_of(when->get());
            rule.until = utc_text(*rule.until_unix_ms);
            return true;
        }
        if (node.is_date()) {
            fail(line, "until: a date alone has no time: write it in full, e.g. {}", example_until);
        } else if (node.is_string()) {
            fail(line, "until: expected a TOML date-time such as {}, without quotes; got a string", example_until);
        } else {
            fail(line, "until: expected a TOML date-time such as {}", example_until);
        }
        return false;
    }

    std::string_view name_;
    std::string error_;
};

}  // namespace

std::optional<std::vector<ack_rule>> parse_ack_file(std::string_view text, std::string_view name, std::string* error) {
    const std::optional<toml::table> doc = parse_toml(text, name, error);
    if (!doc) return std::nullopt;
    ack_reader reader(name);
    auto rules = reader.read(*doc);
    if (!rules && error != nullptr) *error = reader.error();
    return rules;
}

std::optional<std::vector<ack_rule>> read_ack_file(const std::string& path, std::string* error) {
    const auto fail = [&](std::string message) -> std::optional<std::vector<ack_rule>> {
        if (error != nullptr) *error = std::move(message);
        return std::nullopt;
    };
    errno = 0;
    std::ifstream file(path, std::ios::binary);
    if (!file) return fail(fmt::format("--ack: cannot read {}: {}", printable(path), std::strerror(errno != 0 ? errno : ENOENT)));
    std::string text(max_ack_file_bytes + 1, '\0');
    file.read(text.data(), static_cast<std::streamsize>(text.size()));
    if (file.bad()) return fail(fmt::format("--ack: cannot read {}", printable(path)));
    text.resize(static_cast<std::size_t>(file.gcount()));
    if (text.size() > max_ack_file_bytes)
        return fail(fmt::format("--ack: {}: larger than {} KiB, not an ack file", printable(path), max_ack_file_bytes / 1024));
    return parse_ack_file(text, path, error);
}

}  // namespace urlcheck::cli
