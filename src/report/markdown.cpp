// PLACEHOLDER (issue 13, replaced before landing): the markdown report.
#include <stdexcept>

#include "report/common.hpp"

namespace urlcheck::report_detail {

std::unique_ptr<reporter> make_markdown_reporter(const report_options&, report_target) {
    throw std::runtime_error("--format markdown is not built yet");
}

}  // namespace urlcheck::report_detail
