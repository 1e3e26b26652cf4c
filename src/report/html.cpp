// PLACEHOLDER (issue 13, replaced before landing): the html report.
#include <stdexcept>

#include "report/common.hpp"

namespace urlcheck::report_detail {

std::unique_ptr<reporter> make_html_reporter(const report_options&, report_target) {
    throw std::runtime_error("--format html is not built yet");
}

}  // namespace urlcheck::report_detail
