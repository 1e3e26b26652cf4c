// The configuration file (src/cli/config_file): any TOML it accepts gives
// options that --print-config writes as TOML it accepts again, and that
// second reading prints the same (the round trip README promises). A
// rejection always names the file.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "cli/config_file.hpp"
#include "fuzz_check.hpp"

namespace {

namespace cli = urlcheck::cli;

// The options a file gives, or nothing when it is refused.
std::optional<urlcheck::options> read(std::string_view text, std::string_view name) {
    std::string error;
    const auto file = cli::parse_config(text, name, &error);
    if (!file) {
        FUZZ_CHECK(error.rfind(std::string(name) + ":", 0) == 0);
        return std::nullopt;
    }
    urlcheck::options o;
    for (const auto& setting : file->settings) cli::apply_setting(setting, o);
    return o;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const auto first = read(text, "fuzz.toml");
    if (!first) return 0;
    std::string error;
    // TOML is UTF-8, so whatever it gave can be written back.
    const auto printed = cli::print_config(*first, &error);
    FUZZ_CHECK(printed.has_value());
    const auto second = read(*printed, "printed.toml");
    FUZZ_CHECK(second.has_value());
    const auto reprinted = cli::print_config(*second, &error);
    FUZZ_CHECK(reprinted.has_value() && *reprinted == *printed);
    return 0;
}
