// What becomes of an entry the engine reads: reported at once (invalid, or
// a repeat of a check already done), added to the job open for its check,
// or a new job. Pure over the job table and the spec cache; table-tested in
// admission_test.
#pragma once

#include <cstddef>
#include <optional>

#include "job_table.hpp"
#include "spec_cache.hpp"
#include "urlcheck/result.hpp"
#include "urlcheck/url_list.hpp"

namespace urlcheck {

struct admission {
    std::optional<result> report;        // the entry's result, now
    std::optional<std::size_t> opened;  // a new job's slot, for the dispatcher
};

// Entry `index` from `source` (which says whether its URL comes again, so
// the result is kept until its last repeat).
admission admit(entry e, std::size_t index, entry_source& source, job_table& jobs, spec_cache& specs);

}  // namespace urlcheck
