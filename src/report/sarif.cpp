// PLACEHOLDER (issue 13, replaced before landing): the sarif report.
#include <stdexcept>

#include "report/common.hpp"

namespace urlcheck::report_detail {

std::unique_ptr<reporter> make_sarif_reporter(const report_options&, report_target) {
    throw std::runtime_error("--format sarif is not built yet");
}

}  // namespace urlcheck::report_detail
