#include "admission.hpp"

#include <exception>
#include <memory>
#include <string>

#include <fmt/format.h>

#include "synthetic_results.hpp"

namespace urlcheck {

admission admit(entry e, std::size_t index, const entry_source& source, job_table& jobs, spec_cache& specs) {
    if (!e.error.empty() || e.target.empty()) return {invalid_result(std::move(e)), std::nullopt};
    const std::string options_fingerprint = spec_key(e.options);
    std::string key = check_key(e.target, options_fingerprint);
    const job_table::placement place = jobs.place(key);
    if (place.what == job_table::placement::kind::join) {
        jobs.join(place.slot, {index, std::move(e.url), std::move(e.source)});
        return {};
    }
    if (place.what == job_table::placement::kind::kept) {
        result r = *place.kept;
        r.url = std::move(e.url);
        r.source = std::move(e.source);
        return {std::move(r), std::nullopt};
    }
    std::shared_ptr<const check_spec> spec;
    try {
        spec = specs.get(e.options, options_fingerprint);
    } catch (const std::exception& error) {
        // Entries from a list had their options checked when read; this is
        // for entries made some other way.
        e.error = fmt::format("bad options: {}", error.what());
        return {invalid_result(std::move(e)), std::nullopt};
    }
    const bool keep_result = source.may_repeat(e);
    return {std::nullopt, jobs.open(std::move(key), std::move(e.target), std::move(spec), keep_result,
                                     {index, std::move(e.url), std::move(e.source)})};
}

}  // namespace urlcheck
