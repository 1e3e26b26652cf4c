#include <csignal>

#include "urlcheck/summary.hpp"

namespace urlcheck {

int exit_code_for(const summary& s) noexcept {
    if (s.signal != 0) return 128 + s.signal;  // shell convention: 130 SIGINT, 143 SIGTERM
    return s.down == 0 ? 0 : 1;
}

}  // namespace urlcheck
