// A deliver_fn for unit tests of the engine's parts: records every result
// handed out, with its entry index, and says stop after `stop_after`.
#pragma once

#include <cstddef>
#include <limits>
#include <vector>

#include "job_table.hpp"

namespace urlcheck::test {

struct delivery_recorder {
    struct delivered {
        std::size_t index;
        result r;
    };
    std::vector<delivered> seen;
    std::size_t stop_after = std::numeric_limits<std::size_t>::max();

    deliver_fn fn() {
        return [this](std::size_t index, result& r) {
            seen.push_back({index, r});
            return seen.size() < stop_after;
        };
    }
};

}  // namespace urlcheck::test
