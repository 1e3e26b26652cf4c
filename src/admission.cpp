#include "admission.hpp"

#include <exception>
#include <memory>
#include <string>

#include <fmt/format.h>

#include "synthetic_results.hpp"

namespace urlcheck {

admission admit(entry e, std::size_t index, entry_source& source, job_table& jobs, spec_cache& specs) {
    if (!e.error.empty() || e.target.empty()) return {invalid_result(std::move(e)), std::nullopt};
    // Asked of every valid entry once, in order: the source counts down.
    const bool repeats_later = source.repeats_later(e);
    const std::string options_fingerprint = spec_key(e.options);
    std::string key = check_key(e.target, options_fingerprint);
    const job_table::placement place = jobs.place(key);
    if (place.what == job_table::placement::kind::join) {
        jobs.join(place.slot, {index, std::move(e.url), std::move(e.source)}, repeats_later);
        return {};
    }
    if (place.what == job_table::placement::kind::kept) {
        result r = *place.kept;
        r.url = std::move(e.url);
        r.source = std::move(e.source);
        // Its last repeat: the kept result has served (a list of millions
        // must not hold one per repeated URL to the end).
        if (!repeats_later) jobs.release(key);
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
    return {std::nullopt, jobs.open(std::move(key), std::move(e.target), std::move(spec), repeats_later,
                                     {index, std::move(e.url), std::move(e.source)})};
}

}  // namespace urlcheck
