// The check_spec for each distinct set of line options: the command line's
// for lines without any, else built once (regexes compiled) and shared by
// every check with the same options while one of them still holds it.
// Table-tested in spec_cache_test.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <unordered_map>

#include "check_spec.hpp"

namespace urlcheck {

class spec_cache {
public:
    explicit spec_cache(const check_options& options);

    // The spec for a line with `line` options whose spec_key() is
    // `options_fingerprint`. Throws what make_check_spec throws for options
    // it cannot apply.
    std::shared_ptr<const check_spec> get(const line_options& line, const std::string& options_fingerprint);

    // The command line's settings, for checks of lines without options.
    const check_spec* defaults() const noexcept { return defaults_.get(); }
    // Specs remembered, in use or not yet pruned.
    std::size_t size() const noexcept { return specs_.size(); }

private:
    const check_options& options_;
    std::shared_ptr<const check_spec> defaults_;
    std::unordered_map<std::string, std::weak_ptr<const check_spec>> specs_;  // by spec_key()
    // Forgotten specs are pruned once the map reaches this size, which then
    // follows the number still in use.
    std::size_t prune_at_ = 1024;
};

}  // namespace urlcheck
