// urlcheck merge: shard reports (json or jsonl, read by json_read) joined
// into the one report the whole list would have given. Pure: the files are
// read and the joined report written by app.cpp.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "report/json_read.hpp"

namespace urlcheck {

struct shard_report {
    std::string name;  // the file, as messages name it
    read_report report;
};

struct merged_reports {
    std::vector<result> results;  // in the list's order
    summary totals;               // the whole list's, shard empty
};

// Refuses (every reason in `errors`, each naming the files) a report
// without a summary or not sharded, shards of different counts (N) or of
// different lists (fingerprints), a shard given twice and a shard missing:
// a merge that silently lacked a shard would pass a CI gate it should fail.
// Results are put back in the list's order: by input, in the order the
// reports show the inputs, then by line.
std::optional<merged_reports> merge_shard_reports(const std::vector<shard_report>& shards,
                                                  std::vector<std::string>& errors);

}  // namespace urlcheck
