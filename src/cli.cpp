#include "cli.hpp"

#include <algorithm>
#include <filesystem>
#include <system_error>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <CLI/CLI.hpp>

#include "cli/build_info.hpp"
#include "cli/config_file.hpp"
#include "cli/messages.hpp"
#include "cli/options_table.hpp"
#include "entry_filter.hpp"
#include "urlcheck/version.hpp"

namespace urlcheck {

namespace {

constexpr std::string_view ignore_file_path = ".urlcheckignore";

// What CLI11 collected for one option, as the user wrote it. Values are
// taken as text and converted by the table, so every bad value gets the same
// kind of message: "--option: what was wrong".
struct given {
    CLI::Option* option = nullptr;
    bool flag = false;
    std::string value;
    std::vector<std::string> values;  // a repeatable option's, in order
};

void declare(CLI::App& app, const cli::option_spec& spec, given& into) {
    std::string help(spec.help);
    if (const std::string d = cli::default_text(spec); !d.empty()) help += " (default " + d + ")";
    const std::string flags = cli::flags_of(spec);
    if (spec.kind == cli::value_kind::flag) {
        into.option = app.add_flag(flags, into.flag, help);
    } else if (!spec.bare_value.empty()) {
        // CLI11's flag with a default value: bare gives bare_value, "=X" gives X.
        into.option = app.add_flag(flags + "{" + std::string(spec.bare_value) + "}", into.value, help);
    } else if (spec.repeatable) {
        into.option = app.add_option(flags, into.values, help)->allow_extra_args(false);
        if (spec.comma_separated) into.option->delimiter(',');
    } else {
        into.option = app.add_option(flags, into.value, help);
    }
    if (!spec.value_name.empty()) into.option->type_name(std::string(spec.value_name));
    into.option->group(std::string(spec.group));
}

// The values to apply, in the order given; a flag's is "".
std::vector<std::string> values_of(const cli::option_spec& spec, const given& g) {
    if (g.option->count() == 0) return {};
    if (spec.kind == cli::value_kind::flag) return {""};
    return spec.repeatable ? g.values : std::vector<std::string>{g.value};
}

struct configuration {
    std::string read_from;  // the file read, as -v names it; empty: none
    std::string error;      // why the file cannot be used
};

// Whether the command line sets what `spec` sets, so that the file's value
// is set aside rather than applied first: a list the command line also gives
// (a repeatable option) is the command line's alone, so a run can drop what
// the file lists; and so is the choice between the two of an option pair.
template <class Given>
bool command_line_decides(const cli::option_spec& spec, const Given& given_here) {
    if (spec.repeatable && given_here(spec.long_name)) return true;
    return std::ranges::any_of(cli::option_pairs(), [&](const cli::option_pair& pair) {
        return (pair.first == spec.long_name || pair.second == spec.long_name) &&
               (given_here(pair.first) || given_here(pair.second));
    });
}

// The configuration file's settings into `opts`: --config's file, or
// ./urlcheck.toml when there is one, unless --no-config. Then the command
// line's values are applied on top, so they win.
template <class Given>
configuration read_configuration(options& opts, const Given& given_here) {
    configuration result;
    if (opts.config.skip_default) return result;
    const bool chosen = !opts.config.path.empty();
    const std::string path = chosen ? opts.config.path : std::string(cli::default_config_path);
    const auto file = cli::read_config(path, !chosen, &result.error);
    if (!file) return result;
    result.read_from = chosen ? path : "./" + path;
    const bool inputs_given = !opts.inputs.empty();
    for (const auto& setting : file->settings) {
        const bool set_aside = setting.spec == nullptr ? inputs_given : command_line_decides(*setting.spec, given_here);
        if (!set_aside) cli::apply_setting(setting, opts);
    }
    return result;
}

}  // namespace

cli_outcome parse_command_line(int argc, const char* const* argv) {
    cli_outcome outcome;
    options& opts = outcome.opts;
    const auto table = cli::option_table();
    auto finish = [&](int code, std::string out, std::string err) {
        outcome.exit_now = true;
        outcome.exit_code = code;
        outcome.out = std::move(out);
        outcome.err = std::move(err);
        return outcome;
    };
    auto usage = [&](const std::string& message) { return finish(2, "", cli::usage_text(message)); };

    CLI::App app{"Check that URLs are up: fetch each one concurrently and report the ones that are down.", "urlcheck"};
    app.footer(std::string(cli::footer_text));
    app.get_formatter()->column_width(30);
    // CLI11 lists positionals under their own heading whatever their group.
    app.get_formatter()->label("Positionals", "Input");
    app.set_help_flag("-h,--help", "Print this help and exit")->group("Help");
    app.set_version_flag("-V,--version", cli::version_text, "Print the version and exit")->group("Help");
    app.add_option("INPUT", opts.inputs,
                   "File of URLs, '-' for standard input, an http(s):// URL, or a host\n(example.com, localhost:8080/x) "
                   "to check as https://")
        ->type_name("")
        ->group("Input");
    std::vector<given> values(table.size());
    for (std::size_t i = 0; i < table.size(); ++i) declare(app, table[i], values[i]);
    // urlcheck merge: the options of where the reports go and what fails,
    // from the same rows as the main run's.
    CLI::App* merge = app.add_subcommand(
        "merge", "Join the json or jsonl reports of the shards of one list (--shard K/N) into\n"
                 "one report in any "
                 "format, with the whole list's summary and exit code; and the\n"
                 "shards' --state files into the one --state FILE names");
    merge->add_option("REPORT", outcome.merge_reports,
                      "A shard's json or jsonl report (one for each K of N), or a\nshard's --state file")
        ->type_name("")
        ->required();
    std::vector<given> merge_values(table.size());
    for (std::size_t i = 0; i < table.size(); ++i)
        if (cli::merge_option(table[i])) declare(*merge, table[i], merge_values[i]);

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp&) {
        if (merge->parsed()) return finish(0, merge->help(), "");
        return finish(0, app.help(), "");
    } catch (const CLI::CallForAllHelp&) {
        return finish(0, app.help("", CLI::AppFormatMode::All), "");
    } catch (const CLI::CallForVersion& e) {
        return finish(0, std::string(e.what()) + "\n", "");
    } catch (const CLI::ArgumentMismatch& e) {
        return usage(cli::missing_value_message(e.what()));
    } catch (const CLI::ExtrasError& e) {
        std::vector<std::string_view> known{"--help", "--version"};
        for (const auto& spec : table) known.push_back(spec.long_name);
        return usage(cli::unknown_options_message(e.what(), known));
    } catch (const CLI::ParseError& e) {
        // CLI11's own exit codes (100+) are not ours: every usage error is 2.
        return usage(e.what());
    }

    const auto given_here = [&](std::string_view long_name) { return app.count(std::string(long_name)) > 0; };
    for (const auto& pair : cli::option_pairs()) {
        if (!pair.conflict.empty() && given_here(pair.first) && given_here(pair.second))
            return usage(std::string(pair.conflict));
    }
    const auto apply_command_line = [&](bool command_line_only) -> std::optional<std::string> {
        for (std::size_t i = 0; i < table.size(); ++i) {
            if (table[i].command_line_only != command_line_only) continue;
            for (const std::string& text : values_of(table[i], values[i])) {
                if (auto why = table[i].apply(text, opts)) return std::string(table[i].long_name) + ": " + *why;
            }
        }
        return std::nullopt;
    };
    if (merge->parsed()) {
        // Only the command line: a configuration file is about checking,
        // and its --report could name the very files being merged.
        outcome.merge = true;
        for (std::size_t i = 0; i < table.size(); ++i) {
            if (merge_values[i].option == nullptr) continue;
            for (const std::string& text : values_of(table[i], merge_values[i])) {
                if (auto why = table[i].apply(text, opts)) return usage(std::string(table[i].long_name) + ": " + *why);
            }
        }
        return outcome;
    }
    // First the options that say which configuration file to read, then
    // the file, then the rest of the command line, which so wins.
    if (auto why = apply_command_line(true)) return usage(*why);
    const auto config = read_configuration(opts, given_here);
    if (!config.error.empty()) return finish(2, "", "urlcheck: " + config.error + "\n");
    if (auto why = apply_command_line(false)) return usage(*why);

    // lychee's .lycheeignore: the current directory's exclusions, set aside
    // by --no-config with ./urlcheck.toml, so a run can ignore both.
    std::error_code ignored;  // an unreadable directory: no ignore file
    if (!opts.config.skip_default && std::filesystem::is_regular_file(ignore_file_path, ignored))
        opts.select.ignore_file = std::string(ignore_file_path);
    std::string why;
    if (!entry_filter::make(opts.select, &why)) return usage(why);
    if (!opts.select.ignore_file.empty() && opts.report.verbosity > 0)
        outcome.notices.push_back("reading exclusions from ./" + opts.select.ignore_file);
    if (!config.read_from.empty() && opts.report.verbosity > 0)
        outcome.notices.push_back("reading configuration from " + config.read_from);
    if (opts.config.print) {
        auto text = cli::print_config(opts, &why);
        if (!text) return finish(2, "", "urlcheck: " + why + "\n");
        std::string notices;
        for (const auto& notice : outcome.notices) notices += "urlcheck: " + notice + "\n";
        return finish(0, std::move(*text), std::move(notices));
    }
    return outcome;
}

}  // namespace urlcheck
