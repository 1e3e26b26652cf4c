#include "cli/config_file.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

#include <fmt/format.h>
#include <toml++/toml.h>

#include "cli/toml_text.hpp"
#include "entry_filter.hpp"
#include "suggest.hpp"
#include "text.hpp"
#include "unique_file.hpp"

namespace urlcheck::cli {

namespace {

// A configuration file is a few hundred bytes; a bigger one is a mistake
// (--config /dev/zero, a list of URLs named by accident).
constexpr std::size_t max_config_bytes = 1024 * 1024;

std::string_view key_of(const option_spec& spec) { return spec.long_name.substr(2); }

bool takes_number(value_kind kind) {
    return kind == value_kind::number || kind == value_kind::duration || kind == value_kind::size;
}

// What a value of `kind` should be, for "expected ..., got ...".
std::string_view wanted(value_kind kind) {
    switch (kind) {
        case value_kind::flag:
            return "true or false";
        case value_kind::number:
            return "a whole number";
        case value_kind::duration:
            return "a duration (a string such as \"2s\", or a number of seconds)";
        case value_kind::size:
            return "a size (a string such as \"64k\", or a number of bytes)";
        default:
            return "a string";
    }
}

std::string_view type_name(const toml::node& node) {
    switch (node.type()) {
        case toml::node_type::string:
            return "a string";
        case toml::node_type::integer:
            return "an integer";
        case toml::node_type::floating_point:
            return "a float";
        case toml::node_type::boolean:
            return "a boolean";
        case toml::node_type::array:
            return "an array";
        case toml::node_type::table:
            return "a table";
        case toml::node_type::date:
            return "a date";
        case toml::node_type::time:
            return "a time";
        case toml::node_type::date_time:
            return "a date-time";
        default:
            return "nothing";
    }
}

// A float as the command line would write it: "1.5", "5.0" (never "5",
// which a whole-number option would take for the integer 5).
std::string float_text(double value) {
    std::string text = fmt::format("{}", value);
    if (text.find_first_not_of("-0123456789") == std::string::npos) text += ".0";
    return text;
}

// The text the command line would give for one scalar of a value of `kind`,
// or why there is none.
std::optional<std::string> scalar_text(const toml::node& node, value_kind kind, std::string& why) {
    if (const auto* s = node.as_string()) {
        // argv cannot carry one; a path or a header must not be cut short at it.
        if (s->get().find('\0') != std::string::npos) {
            why = "a NUL character cannot be part of a value";
            return std::nullopt;
        }
        return s->get();
    }
    if (takes_number(kind)) {
        if (const auto* i = node.as_integer()) return std::to_string(i->get());
        if (const auto* f = node.as_floating_point()) return float_text(f->get());
    }
    why = fmt::format("expected {}, got {}", wanted(kind), type_name(node));
    return std::nullopt;
}

struct located_value {
    std::string text;
    std::size_t line = 0;
};

class config_reader {
public:
    explicit config_reader(std::string_view name) : name_(name) {}

    std::optional<config_file> read(const toml::table& doc) {
        // toml::table is ordered by key; the file's order makes the first
        // mistake in it the one reported.
        std::vector<std::pair<const toml::key*, const toml::node*>> keys;
        for (const auto& [key, node] : doc) keys.emplace_back(&key, &node);
        std::sort(keys.begin(), keys.end(), [](const auto& a, const auto& b) {
            const auto& x = a.first->source().begin;
            const auto& y = b.first->source().begin;
            return x.line != y.line ? x.line < y.line : x.column < y.column;
        });
        config_file file{std::string(name_), {}};
        for (const auto& [key, node] : keys) {
            auto setting = read_key(key->str(), key->source().begin.line, *node);
            if (!setting) return std::nullopt;
            file.settings.push_back(std::move(*setting));
        }
        if (!check_pairs(file)) return std::nullopt;
        return file;
    }

    const std::string& error() const { return error_; }

private:
    template <class... Args>
    bool fail(std::size_t line, fmt::format_string<Args...> format, Args&&... args) {
        error_ = fmt::format("{}:{}: ", name_, line) + fmt::format(format, std::forward<Args>(args)...);
        return false;
    }

    std::optional<config_setting> read_key(std::string_view key, std::size_t line, const toml::node& node) {
        if (key == inputs_key) return read_inputs(line, node);
        const option_spec* spec = nullptr;
        std::vector<std::string_view> known{inputs_key};
        for (const auto& row : option_table()) {
            if (key_of(row) == key) spec = &row;
            if (!row.command_line_only) known.push_back(key_of(row));
        }
        if (spec == nullptr) {
            std::string message = fmt::format("unknown key '{}'", printable(key));
            if (const auto i = closest(key, known)) message += fmt::format(" (did you mean '{}'?)", known[*i]);
            fail(line, "{}", message);
            return std::nullopt;
        }
        if (spec->command_line_only) {
            fail(line, "{}: not a configuration key ({} is for the command line only)", key, spec->long_name);
            return std::nullopt;
        }
        std::vector<located_value> values;
        if (!values_of(*spec, line, node, values)) return std::nullopt;
        config_setting setting{spec, {}, line};
        for (auto& value : values) {
            if (!check(*spec, value)) return std::nullopt;
            setting.values.push_back(std::move(value.text));
        }
        return setting;
    }

    std::optional<config_setting> read_inputs(std::size_t line, const toml::node& node) {
        config_setting setting{nullptr, {}, line};
        const auto add = [&](const toml::node& item) {
            std::string why;
            auto text = scalar_text(item, value_kind::file, why);
            if (!text) return fail(item.source().begin.line, "{}: {}", inputs_key, why);
            setting.values.push_back(std::move(*text));
            return true;
        };
        if (const auto* list = node.as_array()) {
            for (const auto& item : *list) {
                if (!add(item)) return std::nullopt;
            }
        } else if (!add(node)) {
            return std::nullopt;
        }
        return setting;
    }

    // The values of `node` as the command line would give them, in order.
    bool values_of(const option_spec& spec, std::size_t line, const toml::node& node,
                   std::vector<located_value>& values) {
        const std::string_view key = key_of(spec);
        if (spec.kind == value_kind::flag) {
            const auto* b = node.as_boolean();
            if (b == nullptr) return fail(line, "{}: expected true or false, got {}", key, type_name(node));
            if (b->get()) values.push_back({"", line});
            return true;
        }
        const auto add = [&](const toml::node& item) {
            std::string why;
            const std::size_t at = item.source().begin.line;
            auto text = scalar_text(item, spec.kind, why);
            if (!text) return fail(at, "{}: {}", key, why);
            if (!spec.comma_separated) {
                values.push_back({std::move(*text), at});
                return true;
            }
            // As CLI11's delimiter splits it on the command line.
            for (std::string_view rest = *text;;) {
                const auto comma = rest.find(',');
                values.push_back({std::string(rest.substr(0, comma)), at});
                if (comma == std::string_view::npos) return true;
                rest.remove_prefix(comma + 1);
            }
        };
        const auto* list = node.as_array();
        if (list == nullptr) return add(node);
        if (!spec.repeatable) return fail(line, "{}: takes one value, not an array", key);
        for (const auto& item : *list) {
            if (!add(item)) return false;
        }
        return true;
    }

    // The value through its option's own apply, into options of its own;
    // the regexes are compiled as the command line's are, one by one so a
    // bad one is blamed on its line.
    bool check(const option_spec& spec, const located_value& value) {
        const std::string_view key = key_of(spec);
        const auto& select = scratch_.select;
        const std::size_t includes = select.include.size();
        const std::size_t excludes = select.exclude.size();
        if (auto why = spec.apply(value.text, scratch_)) return fail(value.line, "{}: {}", key, *why);
        select_options added;
        if (select.include.size() > includes) added.include = {select.include.back()};
        if (select.exclude.size() > excludes) added.exclude = {select.exclude.back()};
        std::string why;
        if (!added.empty() && !entry_filter::make(added, &why)) {
            // entry_filter names the option ("--include: invalid regex ...").
            const std::string named = std::string(spec.long_name) + ": ";
            if (why.starts_with(named)) why.erase(0, named.size());
            return fail(value.line, "{}: {}", key, why);
        }
        return true;
    }

    bool check_pairs(const config_file& file) {
        for (const auto& pair : option_pairs()) {
            if (pair.conflict.empty()) continue;
            const config_setting* first = nullptr;
            for (const auto& s : file.settings) {
                const bool member =
                    s.spec != nullptr && (s.spec->long_name == pair.first || s.spec->long_name == pair.second);
                if (!member || s.values.empty()) continue;
                if (first != nullptr)
                    return fail(s.line, "{}: cannot be used together with {}", key_of(*s.spec), key_of(*first->spec));
                first = &s;
            }
        }
        return true;
    }

    std::string_view name_;
    std::string error_;
    options scratch_;
};

// Whether `s` is UTF-8 (no overlong forms, surrogates or code points past
// U+10FFFF), as every TOML document must be.
bool is_utf8(std::string_view s) {
    for (std::size_t i = 0; i < s.size();) {
        const auto byte = static_cast<unsigned char>(s[i]);
        std::size_t length = 0;
        char32_t cp = 0;
        char32_t least = 0;
        if (byte < 0x80) {
            ++i;
            continue;
        } else if ((byte & 0xE0) == 0xC0) {
            length = 2, cp = byte & 0x1F, least = 0x80;
        } else if ((byte & 0xF0) == 0xE0) {
            length = 3, cp = byte & 0x0F, least = 0x800;
        } else if ((byte & 0xF8) == 0xF0) {
            length = 4, cp = byte & 0x07, least = 0x10000;
        } else {
            return false;
        }
        if (i + length > s.size()) return false;
        for (std::size_t k = 1; k < length; ++k) {
            const auto next = static_cast<unsigned char>(s[i + k]);
            if ((next & 0xC0) != 0x80) return false;
            cp = (cp << 6) | (next & 0x3F);
        }
        if (cp < least || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
        i += length;
    }
    return true;
}

// A TOML string: literal ('...') when it has backslashes and can be one,
// so a regex reads as it is written; else basic, with quotes, backslashes
// and control characters escaped.
std::string quoted(std::string_view s) {
    const bool literal_fits = std::none_of(s.begin(), s.end(), [](char c) {
        return c == '\'' || (static_cast<unsigned char>(c) < 0x20 && c != '\t') || c == 0x7F;
    });
    const char quote = literal_fits && s.find('\\') != std::string_view::npos ? '\'' : '"';
    std::string out(1, quote);
    if (quote == '\'') return out.append(s).append(1, quote);
    for (const char c : s) {
        switch (c) {
            case '"':
                out += "\\\"";
                break;
            case '\\':
                out += "\\\\";
                break;
            case '\b':
                out += "\\b";
                break;
            case '\t':
                out += "\\t";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\f':
                out += "\\f";
                break;
            case '\r':
                out += "\\r";
                break;
            default:
                if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) {
                    out += fmt::format("\\u{:04X}", static_cast<unsigned>(static_cast<unsigned char>(c)));
                } else {
                    out += c;
                }
        }
    }
    return out + "\"";
}

bool is_whole_number(std::string_view s) {
    return !s.empty() && s.find_first_not_of("0123456789") == std::string_view::npos;
}

}  // namespace

std::optional<config_file> parse_config(std::string_view text, std::string_view name, std::string* error) {
    const std::optional<toml::table> doc = parse_toml(text, name, error);
    if (!doc) return std::nullopt;
    config_reader reader(name);
    auto file = reader.read(*doc);
    if (!file && error != nullptr) *error = reader.error();
    return file;
}

std::optional<config_file> read_config(const std::string& path, bool missing_is_fine, std::string* error) {
    const auto fail = [&](std::string message) -> std::optional<config_file> {
        if (error != nullptr) *error = std::move(message);
        return std::nullopt;
    };
    const unique_file file(std::fopen(path.c_str(), "rb"));
    if (!file) {
        if (errno == ENOENT && missing_is_fine) return fail("");
        return fail(fmt::format("cannot read {}: {}", path, std::strerror(errno)));
    }
    std::string text;
    char buffer[16 * 1024];
    while (const std::size_t n = std::fread(buffer, 1, sizeof buffer, file.get())) {
        text.append(buffer, n);
        if (text.size() > max_config_bytes) {
            return fail(fmt::format("{}: larger than {} KiB, not a configuration file", path, max_config_bytes / 1024));
        }
    }
    if (std::ferror(file.get())) return fail(fmt::format("cannot read {}: {}", path, std::strerror(errno)));
    return parse_config(text, path, error);
}

void apply_setting(const config_setting& setting, options& into) {
    if (setting.spec == nullptr) {
        into.inputs = setting.values;
        return;
    }
    for (const auto& value : setting.values) setting.spec->apply(value, into);
}

std::optional<std::string> print_config(const options& o, std::string* error) {
    std::string out =
        "# urlcheck's options in effect (urlcheck --print-config), defaults included.\n"
        "# Read back with --config FILE, or as ./urlcheck.toml; the command line wins.\n";
    const auto string_of = [&](std::string_view key, const std::string& value) -> std::optional<std::string> {
        if (is_utf8(value)) return quoted(value);
        if (error != nullptr)
            *error = fmt::format("--print-config: {}: the value is not UTF-8, which TOML cannot hold", key);
        return std::nullopt;
    };
    const auto array_of = [&](std::string_view key,
                              const std::vector<std::string>& values) -> std::optional<std::string> {
        std::string text = "[";
        for (std::size_t i = 0; i < values.size(); ++i) {
            auto item = string_of(key, values[i]);
            if (!item) return std::nullopt;
            text += (i > 0 ? ", " : "") + *item;
        }
        return text + "]";
    };

    const auto inputs = array_of(inputs_key, o.inputs);
    if (!inputs) return std::nullopt;
    out += fmt::format("{} = {}\n", inputs_key, *inputs);
    std::string_view group;
    for (const auto& spec : option_table()) {
        if (spec.command_line_only) continue;
        if (spec.group != group) {
            group = spec.group;
            out += fmt::format("\n# {}\n", group);
        }
        const std::string_view key = key_of(spec);
        const std::vector<std::string> values = shown_values(spec, o);
        if (spec.kind == value_kind::flag) {
            out += fmt::format("{} = {}\n", key, values.empty() ? "false" : "true");
        } else if (spec.repeatable) {
            const auto list = array_of(key, values);
            if (!list) return std::nullopt;
            out += fmt::format("{} = {}\n", key, *list);
        } else if (values.empty()) {
            out += fmt::format("# {} = \"{}\"\n", key, spec.value_name);
        } else if (takes_number(spec.kind) && is_whole_number(values.front())) {
            // 5 for --retries 5, and 0 for a duration (seconds) or a size (bytes).
            out += fmt::format("{} = {}\n", key, values.front());
        } else {
            const auto value = string_of(key, values.front());
            if (!value) return std::nullopt;
            out += fmt::format("{} = {}\n", key, *value);
        }
    }
    return out;
}

}  // namespace urlcheck::cli
