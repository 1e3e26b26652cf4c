// Results the engine gives entries that no check answered: an invalid line,
// an entry the run deadline left unstarted or cut short, a check that failed
// inside. Each with its verdict, like a check's own result.
#pragma once

#include <exception>
#include <string>

#include "urlcheck/options.hpp"
#include "urlcheck/result.hpp"
#include "urlcheck/url_list.hpp"

namespace urlcheck {

// invalid_url with the entry's error ("invalid URL" if it gives none).
result invalid_result(entry e);

// Skipped: "not started (--max-time)".
result skipped_result(std::string url, std::string source);

// A check that threw: its entries' result ("internal error: WHAT").
result internal_error_result(std::exception_ptr error);

// A check of `target` the run deadline abandoned after `elapsed_ms`.
result deadline_result(std::string target, double elapsed_ms);

// "run deadline reached (--max-time 30 s)": the notice when the run's
// deadline comes.
std::string run_deadline_message(const check_options& options);

// A check the run deadline ended before it had an answer: skipped ("cut
// short by --max-time after 47 ms"), never down. `r` keeps what the look
// learnt on the way (final URL, attempts, timings).
result cut_short_result(result r, double elapsed_ms);

}  // namespace urlcheck
