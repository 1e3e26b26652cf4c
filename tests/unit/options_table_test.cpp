// The command line's options table (src/cli/options_table.hpp): every
// option's shown default is the option struct's, and reads back as it.
#include <gtest/gtest.h>

#include <cctype>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "cli.hpp"
#include "cli/options_table.hpp"

namespace {

namespace cli = urlcheck::cli;

std::string help_text() {
    const char* argv[] = {"urlcheck", "--help"};
    return urlcheck::parse_command_line(2, argv).out;
}

TEST(OptionsTable, DefaultsAreTheStructDefaults) {
    struct row {
        const char* option;
        const char* shown;
    };
    // What help says; each is read from check_options{} / report_options{}.
    for (const auto& [option, shown] : {
             row{"--concurrency", "100"}, row{"--per-host", "8"}, row{"--connect-timeout", "5s"},
             row{"--timeout", "10s"}, row{"--max-time", "0: none"}, row{"--method", "auto"},
             row{"--max-redirects", "5"}, row{"--retries", "1"}, row{"--retry-wait", "500ms"},
             row{"--confirm-wait", "2s"}, row{"--host-interval", "0: none"}, row{"--accept", "200-299"},
             row{"--body-limit", "64k"}, row{"--slow", "0: off"}, row{"--cert-warn", "14"},
             row{"--cert-fail", "0: once expired"}, row{"--redirect", "follow"}, row{"--format", "text"},
             row{"--color", "auto"}, row{"--user-agent", "urlcheck/0.1.0"},
         }) {
        bool found = false;
        for (const auto& spec : cli::option_table()) {
            if (spec.long_name != option) continue;
            found = true;
            EXPECT_EQ(cli::default_text(spec), shown) << option;
        }
        EXPECT_TRUE(found) << option;
    }
}

// Applying the shown default changes nothing: the text and the struct agree.
TEST(OptionsTable, ShownDefaultsReadBack) {
    const urlcheck::options defaults{};
    for (const auto& spec : cli::option_table()) {
        if (spec.show == nullptr) continue;
        const std::string shown = spec.show(defaults);
        urlcheck::options o{};
        const auto why = spec.apply(shown, o);
        EXPECT_FALSE(why) << spec.long_name << ": " << why.value_or("");
        EXPECT_EQ(spec.show(o), shown) << spec.long_name;
    }
}

TEST(OptionsTable, HelpShowsEveryOptionWithItsDefault) {
    const std::string help = help_text();
    for (const auto& spec : cli::option_table()) {
        EXPECT_NE(help.find(cli::flags_of(spec)), std::string::npos) << spec.long_name;
        if (const std::string d = cli::default_text(spec); !d.empty()) {
            EXPECT_NE(help.find("(default " + d + ")"), std::string::npos) << spec.long_name;
        }
    }
}

TEST(OptionsTable, WellFormed) {
    std::set<std::string_view> names;
    for (const auto& spec : cli::option_table()) {
        EXPECT_TRUE(spec.long_name.starts_with("--")) << spec.long_name;
        EXPECT_TRUE(names.insert(spec.long_name).second) << "twice: " << spec.long_name;
        if (!spec.short_name.empty()) {
            EXPECT_TRUE(names.insert(spec.short_name).second) << spec.short_name;
        }
        EXPECT_NE(spec.apply, nullptr) << spec.long_name;
        EXPECT_FALSE(spec.group.empty()) << spec.long_name;
        EXPECT_FALSE(spec.help.empty()) << spec.long_name;
        EXPECT_EQ(spec.value_name.empty(), spec.kind == cli::value_kind::flag) << spec.long_name;
        EXPECT_EQ(spec.choices.empty(), spec.kind != cli::value_kind::choice) << spec.long_name;
        // A default is written by the struct, never in the help text.
        EXPECT_EQ(spec.help.find("default"), std::string_view::npos) << spec.long_name;
        // Every word a choice lists is accepted.
        for (const auto choice : spec.choices) {
            urlcheck::options o{};
            EXPECT_FALSE(spec.apply(choice, o)) << spec.long_name << " " << choice;
        }
    }
}

// --print-config writes every option a configuration file may set: each
// such row can show its value.
TEST(OptionsTable, EveryConfigKeyCanBeShown) {
    for (const auto& spec : cli::option_table()) {
        if (spec.command_line_only) continue;
        EXPECT_TRUE(spec.show != nullptr || spec.show_all != nullptr) << spec.long_name;
        // A list is shown whole, never as one value.
        if (spec.repeatable) {
            EXPECT_NE(spec.show_all, nullptr) << spec.long_name;
        }
    }
}

// A flag shows as set exactly when its apply has set it (the row names its
// field and value twice, for show_all and apply: they must agree).
TEST(OptionsTable, FlagsShowWhatTheySet) {
    for (const auto& spec : cli::option_table()) {
        if (spec.kind != cli::value_kind::flag || spec.command_line_only) continue;
        urlcheck::options o{};
        EXPECT_TRUE(cli::shown_values(spec, o).empty()) << spec.long_name;
        ASSERT_FALSE(spec.apply("", o)) << spec.long_name;
        EXPECT_EQ(cli::shown_values(spec, o), std::vector<std::string>{""}) << spec.long_name;
        // ... and no other flag shows as set by it (-q is not -v).
        for (const auto& other : cli::option_table()) {
            if (other.kind != cli::value_kind::flag || other.command_line_only || &other == &spec) continue;
            EXPECT_TRUE(cli::shown_values(other, o).empty()) << spec.long_name << " shows " << other.long_name;
        }
    }
}

// Option pairs name two rows of the table.
TEST(OptionsTable, PairsNameOptions) {
    std::set<std::string_view> names;
    for (const auto& spec : cli::option_table()) names.insert(spec.long_name);
    for (const auto& pair : cli::option_pairs()) {
        EXPECT_TRUE(names.count(pair.first)) << pair.first;
        EXPECT_TRUE(names.count(pair.second)) << pair.second;
        EXPECT_NE(pair.first, pair.second);
    }
}

// README's Options table is the long form of --help: an option added to the
// table and not documented there (or removed and still documented) fails here.
TEST(OptionsTable, ReadmeDocumentsEveryOption) {
    std::ifstream file(URLCHECK_SOURCE_DIR "/README.md");
    ASSERT_TRUE(file) << "cannot read README.md";
    std::stringstream whole;
    whole << file.rdbuf();
    const std::string readme = whole.str();
    const auto start = readme.find("\n## Options\n");
    ASSERT_NE(start, std::string::npos);
    const std::string section = readme.substr(start, readme.find("\n## ", start + 1) - start);
    std::set<std::string> documented;
    for (std::size_t at = 0; (at = section.find("\n| `", at)) != std::string::npos; ++at) {
        const std::string row = section.substr(at + 3, section.find('|', at + 3) - at - 3);
        for (std::size_t dash = 0; (dash = row.find("--", dash)) != std::string::npos;) {
            std::size_t end = dash + 2;
            while (end < row.size() && (std::isalnum(static_cast<unsigned char>(row[end])) || row[end] == '-')) ++end;
            documented.insert(row.substr(dash, end - dash));
            dash = end;
        }
    }
    for (const auto& spec : cli::option_table()) {
        EXPECT_TRUE(documented.count(std::string(spec.long_name))) << spec.long_name << " is not in README's Options";
        documented.erase(std::string(spec.long_name));
    }
    documented.erase("--version");
    documented.erase("--help");
    for (const auto& stale : documented) ADD_FAILURE() << stale << " is in README's Options but not an option";
}

}  // namespace
