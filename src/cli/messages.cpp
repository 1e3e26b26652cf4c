#include "cli/messages.hpp"

#include "suggest.hpp"

namespace urlcheck::cli {

const std::string_view footer_text =
    "INPUT is a file with one URL per line ('#' starts a comment), '-' for\n"
    "standard input, or a URL starting with http:// or https://. Lines without a\n"
    "scheme mean https://. With no INPUT, URLs are read from standard input\n"
    "unless it is a terminal.\n"
    "\n"
    "A list line may follow its URL with options for that line only:\n"
    "  status=200,204 method=GET|HEAD|auto header=\"Name: value\" timeout=2s\n"
    "  max-time=800ms (degraded above) cert-days=21 redirect=follow|warn|fail|none\n"
    "  insecure tag=NAME, and expectations on the response, failing as\n"
    "  'expectation': contains=TEXT not-contains=TEXT regex=RE (in the first\n"
    "  --body-limit bytes of the body) expect-header=NAME[:RE]. See README.\n"
    "\n"
    "States: UP, DOWN, DEGRADED (up, but slow, a certificate about to expire, or\n"
    "redirected under --redirect warn), UNVERIFIABLE (a bot challenge, 999, a\n"
    "429 that persists, 401/407 unless accepted), SKIPPED (no verdict: --max-time\n"
    "came first).\n"
    "\n"
    "Exit status: 0 nothing down, 1 at least one down, 2 usage or input error,\n"
    "3 nothing down but a state --fail-on names, 130/143 interrupted by\n"
    "SIGINT/SIGTERM.";

std::string usage_text(std::string_view message) {
    return "urlcheck: " + std::string(message) + "\nTry 'urlcheck --help' for more information.\n";
}

std::string missing_value_message(std::string_view message) {
    const std::size_t colon = message.find(':');
    if (colon != std::string_view::npos && message.starts_with('-') &&
        message.find(" missing") != std::string_view::npos) {
        return std::string(message.substr(0, colon)) + ": a value is required";
    }
    return std::string(message);
}

std::string unknown_options_message(std::string_view message, std::span<const std::string_view> known) {
    const std::size_t colon = message.find(": ");
    if (colon == std::string_view::npos) return std::string(message);
    const std::string_view args = message.substr(colon + 2);
    if (args.find(' ') != std::string_view::npos) return "unknown options " + std::string(args);
    std::string out = "unknown option " + std::string(args);
    const std::string_view name = args.substr(0, args.find('='));
    if (const auto i = name.starts_with("--") ? closest(name, known) : std::nullopt)
        out += " (did you mean " + std::string(known[*i]) + "?)";
    return out;
}

}  // namespace urlcheck::cli
