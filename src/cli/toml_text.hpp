// TOML text to a document, for the two files that read TOML
// (cli/config_file.cpp, cli/ack_file.cpp): toml++'s error as
// "NAME:LINE:COLUMN: <its description>". Included by those two only, so no
// other unit sees toml++.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <fmt/format.h>
#include <toml++/toml.h>

namespace urlcheck::cli {

inline std::optional<toml::table> parse_toml(std::string_view text, std::string_view name, std::string* error) {
    try {
        return toml::parse(text, name);
    } catch (const toml::parse_error& e) {
        const auto& at = e.source().begin;
        if (error != nullptr) *error = fmt::format("{}:{}:{}: {}", name, at.line, at.column, e.description());
        return std::nullopt;
    }
}

}  // namespace urlcheck::cli
