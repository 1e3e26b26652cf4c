// Writes urlcheck(1) and the bash, zsh and fish completions from the options
// table, at build time: `urlcheck_gen_docs OUTDIR` makes OUTDIR/urlcheck.1
// and OUTDIR/completions/{urlcheck.bash,_urlcheck,urlcheck.fish}.
// A separate executable rather than a hidden option of urlcheck: the
// documents come from the same table as the help, yet the shipped binary
// gains no option that users would find and no code to write roff.
// GCC 12 reports "literal" + std::string&& as an overlapping memcpy (GCC
// bug 105329, a false positive at -O3); this file is all such concatenation.
#pragma GCC diagnostic ignored "-Wrestrict"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "cli/options_table.hpp"
#include "report/rules.hpp"
#include "trust_store.hpp"
#include "urlcheck/line_options.hpp"
#include "urlcheck/version.hpp"

namespace {

using urlcheck::cli::option_spec;
using urlcheck::cli::value_kind;

// -h/--help and -V/--version are declared in cli.cpp, not in the table.
struct help_flag {
    std::string_view short_name, long_name, help;
};
constexpr help_flag help_flags[] = {
    {"-h", "--help", "Print the help and exit"},
    {"-V", "--version", "Print the version and exit"},
};

// What each list-line key means; the keys themselves come from the parser,
// and a key missing here stops the build (see line_key_help).
const std::map<std::string_view, std::string_view> line_key_meaning = {
    {"status", "Statuses that count as up, as --accept (200,204 or 200-299)"},
    {"method", "GET, HEAD or auto, as --method"},
    {"header", "A request header, \"Name: value\""},
    {"expect-header", "NAME[:REGEX]: the response must have this header (matching REGEX)"},
    {"contains", "TEXT the first --body-limit bytes of the body must contain"},
    {"not-contains", "TEXT the body must not contain"},
    {"regex", "An ECMAScript regex the body must match"},
    {"max-time", "DURATION above which the URL is degraded"},
    {"timeout", "DURATION for this URL's requests, as --timeout"},
    {"cert-days", "N: degraded when the certificate expires within N days"},
    {"redirect", "follow, warn, fail or none, as --redirect"},
    {"insecure", "Do not verify this URL's TLS certificate"},
    {"ips", "all, all-strict or one: check every address behind the name, as --all-addresses[=strict]"},
    {"tag", "NAME for --select-tag"},
};

std::string one_line(std::string_view text) {
    std::string out(text);
    for (char& c : out) {
        if (c == '\n') c = ' ';
    }
    return out;
}

// Roff text: a backslash is \e, '-' is \- (a real minus, searchable), and a
// line must not start with a control character.
std::string roff(std::string_view text) {
    std::string out;
    for (char c : one_line(text)) {
        if (c == '\\')
            out += "\\e";
        else if (c == '-')
            out += "\\-";
        else
            out += c;
    }
    if (!out.empty() && (out[0] == '.' || out[0] == '\'')) out.insert(0, "\\&");
    return out;
}

std::string man_item(const option_spec& row) {
    std::string item = ".TP\n\\fB";
    if (!row.short_name.empty()) item += roff(row.short_name) + "\\fR, \\fB";
    item += roff(row.long_name) + "\\fR";
    if (!row.value_name.empty()) item += " \\fI" + roff(row.value_name) + "\\fR";
    item += "\n" + roff(row.help);
    if (!item.ends_with('.')) item += ".";
    if (row.kind == value_kind::choice) {
        item += " One of";
        for (std::string_view word : row.choices) item += " \\fB" + roff(word) + "\\fR";
        item += ".";
    }
    if (const std::string shown = urlcheck::cli::default_text(row); !shown.empty())
        item += " Default: " + roff(shown) + ".";
    if (row.repeatable && row.help.find("repeat") == std::string_view::npos) item += " May be repeated.";
    return item + "\n";
}

std::string man_page() {
    std::string page = ".TH URLCHECK 1 \"\" \"urlcheck " + std::string(urlcheck::version) + "\" \"User Commands\"\n";
    page +=
        ".SH NAME\nurlcheck \\- check that URLs are up\n"
        ".SH SYNOPSIS\n.B urlcheck\n[\\fIOPTION\\fR]... [\\fIINPUT\\fR]...\n"
        ".SH DESCRIPTION\n"
        "urlcheck fetches each URL concurrently and reports the ones that are down.\n"
        "An \\fIINPUT\\fR is a file with one URL per line (\\(oq#\\(cq starts a comment),\n"
        "\\(oq\\-\\(cq for standard input, an http:// or https:// URL, or a host to check as https://.\n"
        "Lines without a scheme mean https://.\n"
        "With no \\fIINPUT\\fR, URLs are read from standard input unless it is a terminal.\n"
        ".SH OPTIONS\n";
    std::string_view group;
    for (const option_spec& row : urlcheck::cli::option_table()) {
        if (row.group != group) {
            group = row.group;
            page += ".SS " + roff(group) + "\n";
        }
        page += man_item(row);
    }
    page += ".SS Help\n";
    for (const help_flag& flag : help_flags)
        page += ".TP\n\\fB" + roff(flag.short_name) + "\\fR, \\fB" + roff(flag.long_name) + "\\fR\n" +
                roff(flag.help) + "\n";

    page +=
        ".SH URL LISTS\n"
        "A list line may follow its URL with options for that line only, separated by blanks:\n"
        "\\fIKEY\\fR=\\fIVALUE\\fR, or the flag \\fBinsecure\\fR.\n"
        "A value is unquoted (up to the next blank) or in double quotes, where a backslash escapes\n"
        "\\(dq and \\e. A token starting with \\(oq#\\(cq starts a comment.\n"
        "Unknown keys, bad values and repeated single\\-valued keys are errors.\n"
        ".PP\n.EX\nhttps://api.example.com/health  status=200,204  max\\-time=800ms  tag=api\n.EE\n"
        ".PP\nThe keys:\n";
    for (const urlcheck::line_option_key& key : urlcheck::line_option_keys()) {
        const auto meaning = line_key_meaning.find(key.name);
        if (meaning == line_key_meaning.end()) {
            std::fprintf(stderr, "urlcheck_gen_docs: list key '%.*s' has no meaning in line_key_meaning\n",
                         static_cast<int>(key.name.size()), key.name.data());
            std::exit(1);
        }
        page += ".TP\n\\fB" + roff(key.name) + "\\fR\n" + roff(meaning->second) +
                (key.repeatable ? " May be repeated.\n" : "\n");
    }
    page +=
        ".SH VERDICTS\n"
        "Each URL is \\fBUP\\fR, \\fBDOWN\\fR, \\fBDEGRADED\\fR (up, but slow, a certificate about to expire,\n"
        "or redirected under \\fB\\-\\-redirect warn\\fR), \\fBUNVERIFIABLE\\fR (a bot challenge, 999, a 429\n"
        "that persists, 401/407 unless accepted) or \\fBSKIPPED\\fR (no verdict: \\fB\\-\\-max\\-time\\fR came first).\n"
        ".SH ERROR KINDS\n"
        "Why a URL is down, as reports name it (a json report's \\fBerror\\fR, the text report's word):\n";
    for (std::size_t i = 0; i < urlcheck::report_detail::error_kind_rule_count; ++i) {
        const urlcheck::report_detail::rule& kind = urlcheck::report_detail::rules[i];
        page += ".TP\n\\fB" + roff(kind.id.substr(kind.id.find('/') + 1)) + "\\fR\n" +
                roff(kind.short_description) + " " + roff(kind.full_description) + "\n";
    }
    page +=
        ".SH EXIT STATUS\n"
        ".TP\n.B 0\nNothing is down.\n"
        ".TP\n.B 1\nAt least one URL is down.\n"
        ".TP\n.B 2\nA usage or input error (also \\fB\\-\\-lint\\fR finding a bad line).\n"
        ".TP\n.B 3\nNothing is down, but a state that \\fB\\-\\-fail\\-on\\fR names was seen.\n"
        ".TP\n.B 130, 143\nInterrupted by SIGINT or SIGTERM.\n"
        ".SH ENVIRONMENT\n"
        ".TP\n.B NO_COLOR\nNot empty: no colour under \\fB\\-\\-color auto\\fR, whatever the two below say.\n"
        ".TP\n\\fBFORCE_COLOR\\fR, \\fBCLICOLOR_FORCE\\fR\nFORCE_COLOR not empty, or CLICOLOR_FORCE not empty and not \\(lq0\\(rq: colour under \\fB\\-\\-color auto\\fR even when the output is not a terminal.\n"
        ".TP\n.B CI\nNot empty and neither \\(lqfalse\\(rq nor \\(lq0\\(rq: a CI run, so no live status line.\n"
        ".TP\n.B GITHUB_ACTIONS\nWhen \\(lqtrue\\(rq, a text report also adds annotations on standard error\n"
        "(see \\fB\\-\\-no\\-annotations\\fR).\n"
        ".TP\n.B GITHUB_STEP_SUMMARY\nUnder GitHub Actions, the file a Markdown summary of the run is appended to.\n"
        ".TP\n\\fBSSL_CERT_FILE\\fR, \\fBSSL_CERT_DIR\\fR\nThe CA certificates (a bundle; hashed directories, colon-separated) to verify with\n"
        "when \\fB\\-\\-cacert\\fR is not given. Unset: OpenSSL's own paths, then the first that exists of\n";
    for (const auto& file : urlcheck::known_trust_files()) page += "\\fI" + roff(file) + "\\fR, ";
    for (const auto& directory : urlcheck::known_trust_directories()) page += "\\fI" + roff(directory) + "\\fR, ";
    page +=
        "in that order. With none, each https URL is down as \\fBtls\\fR with a message naming every path\n"
        "tried; plain http URLs need no CA certificates.\n"
        ".SH FILES\n"
        ".TP\n.I ./urlcheck.toml\nOptions read when present (keys are the long option names without \\(lq\\-\\-\\(rq);\n"
        "the command line wins. See \\fB\\-\\-config\\fR, \\fB\\-\\-no\\-config\\fR, \\fB\\-\\-print\\-config\\fR.\n"
        ".TP\n.I ./.urlcheckignore\nRegexes, one a line, of URLs to leave out, read when present (as \\fB\\-\\-exclude\\-file\\fR).\n"
        ".SH EXAMPLES\n"
        "Check a list, listing the URLs that are up too:\n.PP\n.EX\nurlcheck \\-v urls.txt\n.EE\n"
        ".PP\nIn CI, a JUnit report next to the text one:\n.PP\n.EX\nurlcheck \\-\\-report junit=links.xml urls.txt\n.EE\n"
        ".PP\nThe links in the docs, relative ones against the site:\n.PP\n.EX\n"
        "urlcheck \\-\\-extract \\-\\-base https://example.com/ README.md docs/*.md\n.EE\n"
        ".PP\nOne URL in detail:\n.PP\n.EX\nurlcheck \\-\\-explain https://example.com/\n.EE\n"
        ".SH SEE ALSO\n\\fBcurl\\fR(1)\n";
    return page;
}

// An option's accepted words, separated by `separator` (blank by default).
std::string words(std::span<const std::string_view> choices, std::string_view separator = " ") {
    std::string out;
    for (std::string_view word : choices) {
        if (!out.empty()) out += separator;
        out += word;
    }
    return out;
}

std::string names_of(const option_spec& row) {
    return row.short_name.empty() ? std::string(row.long_name)
                                  : std::string(row.short_name) + "|" + std::string(row.long_name);
}

std::string bash_completion() {
    std::string file_options, free_options, choice_cases, all_names;
    for (const option_spec& row : urlcheck::cli::option_table()) {
        all_names += (all_names.empty() ? "" : " ") + std::string(row.long_name);
        if (!row.short_name.empty()) all_names += " " + std::string(row.short_name);
        const std::string names = names_of(row);
        if (row.kind == value_kind::choice && row.comma_separated)
            // "a,b,d<TAB>": complete the word after the last comma, keeping
            // what is before it.
            choice_cases += "        " + names + ") local done=; [[ $cur == *,* ]] && done=${cur%,*},; "
                            "compopt -o nospace 2>/dev/null; COMPREPLY=($(compgen -P \"$done\" -W '" +
                            words(row.choices) + "' -- \"${cur##*,}\")); return ;;\n";
        else if (row.kind == value_kind::choice)
            choice_cases += "        " + names + ") COMPREPLY=($(compgen -W '" + words(row.choices) +
                            "' -- \"$cur\")); return ;;\n";
        else if (row.kind == value_kind::file)
            file_options += (file_options.empty() ? "" : "|") + names;
        else if (row.kind != value_kind::flag)
            free_options += (free_options.empty() ? "" : "|") + names;
    }
    for (const help_flag& flag : help_flags)
        all_names += " " + std::string(flag.long_name) + " " + std::string(flag.short_name);
    // Appended piece by piece: GCC 12 warns (-Wrestrict, falsely) on
    // "literal" + std::string&& chains.
    std::string out = "# bash completion for urlcheck, generated from its options table\n";
    out += "_urlcheck() {\n";
    out += "    local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}\n";
    out += "    case $prev in\n";
    out += choice_cases;
    out += "        ";
    out += file_options;
    out += ") compopt -o filenames; COMPREPLY=($(compgen -f -- \"$cur\")); return ;;\n";
    out += "        ";
    out += free_options;
    out += ") return ;;\n";
    out += "    esac\n";
    out += "    if [[ $cur == -* ]]; then\n";
    out += "        COMPREPLY=($(compgen -W '";
    out += all_names;
    out += "' -- \"$cur\"))\n";
    out += "    else\n";
    out += "        compopt -o filenames\n";
    out += "        COMPREPLY=($(compgen -f -- \"$cur\"))\n";
    out += "    fi\n";
    out += "}\n";
    out += "complete -F _urlcheck urlcheck\n";
    return out;
}

// Inside a zsh _arguments spec in single quotes: the description's brackets
// and colons are escaped, a quote closes, escapes and reopens.
std::string zsh_text(std::string_view text) {
    std::string out;
    for (char c : one_line(text)) {
        if (c == '\'')
            out += "'\\''";
        else if (c == '[' || c == ']' || c == ':' || c == '\\')
            out += std::string("\\") + c;
        else
            out += c;
    }
    return out;
}

std::string zsh_completion() {
    std::string specs;
    for (const option_spec& row : urlcheck::cli::option_table()) {
        std::string action;
        if (row.kind == value_kind::choice && row.comma_separated)
            action = ":" + zsh_text(row.value_name) + ":_sequence compadd - " + words(row.choices);
        else if (row.kind == value_kind::choice)
            action = ":" + zsh_text(row.value_name) + ":(" + words(row.choices) + ")";
        else if (row.kind == value_kind::file)
            action = ":" + zsh_text(row.value_name) + ":_files";
        else if (row.kind != value_kind::flag)
            action = ":" + zsh_text(row.value_name) + ": ";
        const std::string repeat = row.repeatable ? "*" : "";
        const std::string description = "[" + zsh_text(row.help) + "]";
        if (row.short_name.empty()) {
            specs += "    '" + repeat + std::string(row.long_name) + description + action + "'\n";
        } else {
            const std::string exclusion = row.repeatable ? "*" : "(" + std::string(row.short_name) + " " +
                                                                     std::string(row.long_name) + ")";
            specs += "    '" + exclusion + "'{" + std::string(row.short_name) + "," + std::string(row.long_name) +
                     "}'" + description + action + "'\n";
        }
    }
    for (const help_flag& flag : help_flags)
        specs += "    '(- *)'{" + std::string(flag.short_name) + "," + std::string(flag.long_name) + "}'[" +
                 zsh_text(flag.help) + "]'\n";
    // Options and their values are on lines of their own, each a \-continued
    // argument of _arguments.
    std::string joined;
    for (std::size_t start = 0; start < specs.size();) {
        const std::size_t end = specs.find('\n', start);
        joined += specs.substr(start, end - start) + " \\\n";
        start = end + 1;
    }
    return "#compdef urlcheck\n# zsh completion for urlcheck, generated from its options table\n"
           "_arguments -s \\\n" +
           joined + "    '*:INPUT:_files'\n";
}

std::string fish_text(std::string_view text) {
    std::string out;
    for (char c : one_line(text)) {
        if (c == '\'' || c == '\\') out += '\\';
        out += c;
    }
    return out;
}

std::string fish_completion() {
    std::string out = "# fish completion for urlcheck, generated from its options table\n";
    auto line = [&](std::string_view short_name, std::string_view long_name, std::string_view help,
                    const std::string& value) {
        out += "complete -c urlcheck";
        if (!short_name.empty()) out += " -s " + std::string(short_name.substr(1));
        out += " -l " + std::string(long_name.substr(2)) + value + " -d '" + fish_text(help) + "'\n";
    };
    for (const option_spec& row : urlcheck::cli::option_table()) {
        std::string value;
        if (row.kind == value_kind::choice && row.comma_separated)
            // fish's own helper completes the word after the last comma.
            value = " -x -a '(__fish_complete_list , \"string split , " + words(row.choices, ",") + "\")'";
        else if (row.kind == value_kind::choice)
            value = " -x -a '" + words(row.choices) + "'";
        else if (row.kind == value_kind::file)
            value = " -r -F";
        else if (row.kind != value_kind::flag)
            value = " -x";
        line(row.short_name, row.long_name, row.help, value);
    }
    for (const help_flag& flag : help_flags) line(flag.short_name, flag.long_name, flag.help, "");
    return out;
}

bool write(const std::filesystem::path& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary);
    out << text;
    out.close();
    if (!out) std::fprintf(stderr, "urlcheck_gen_docs: cannot write %s\n", path.c_str());
    return static_cast<bool>(out);
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: urlcheck_gen_docs OUTDIR\n");
        return 2;
    }
    const std::filesystem::path dir = argv[1];
    std::error_code error;
    std::filesystem::create_directories(dir / "completions", error);
    const bool ok = write(dir / "urlcheck.1", man_page()) &&
                    write(dir / "completions" / "urlcheck.bash", bash_completion()) &&
                    write(dir / "completions" / "_urlcheck", zsh_completion()) &&
                    write(dir / "completions" / "urlcheck.fish", fish_completion());
    return ok ? 0 : 1;
}
