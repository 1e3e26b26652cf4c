#include "spec_cache.hpp"

#include <algorithm>

namespace urlcheck {

spec_cache::spec_cache(const check_options& options)
    : options_(options), defaults_(std::make_shared<const check_spec>(make_check_spec(options, {}))) {}

std::shared_ptr<const check_spec> spec_cache::get(const line_options& line, const std::string& options_fingerprint) {
    if (options_fingerprint.empty()) return defaults_;
    std::weak_ptr<const check_spec>& known = specs_[options_fingerprint];
    if (auto spec = known.lock()) return spec;
    auto spec = std::make_shared<const check_spec>(make_check_spec(options_, line));
    known = spec;
    if (specs_.size() >= prune_at_) {
        std::erase_if(specs_, [](const auto& item) { return item.second.expired(); });
        prune_at_ = std::max<std::size_t>(1024, 2 * specs_.size());
    }
    return spec;
}

}  // namespace urlcheck
