// PLACEHOLDER (issue 13, replaced before landing): the csv report.
#include <stdexcept>

#include "report/common.hpp"

namespace urlcheck::report_detail {

std::unique_ptr<reporter> make_csv_reporter(const report_options&, report_target) {
    throw std::runtime_error("--format csv is not built yet");
}

}  // namespace urlcheck::report_detail
