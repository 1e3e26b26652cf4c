// json and jsonl reports read back (urlcheck merge): the inverse of
// result_to_json and of the json summary, so shard reports can be joined
// and written again in any format. report_json_read_test round-trips the
// hostile fixture through both directions.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "urlcheck/result.hpp"
#include "urlcheck/summary.hpp"

namespace urlcheck {

// One object as result_to_json writes it; nullopt and `error` (which key is
// wrong) when it is not one.
std::optional<result> result_from_json(std::string_view object, std::string& error);

struct read_report {
    std::vector<result> results;  // in the report's order (json: input order)
    summary totals;               // its summary, with shard and list_fingerprint
    bool has_summary = false;     // false: a jsonl without its summary line (not sharded, or cut short)
    bool in_input_order = false;  // json: results in input order; jsonl: in completion order
};

// A whole json document ({"version":1,"results":[...],"summary":{...}}) or
// jsonl (one result a line; a shard's ends with {"summary":{...}}), told
// apart by their content. nullopt and `error` when it is neither.
std::optional<read_report> read_json_report(std::string_view text, std::string& error);

}  // namespace urlcheck
