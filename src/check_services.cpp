#include "check_services.hpp"

#include <algorithm>

namespace urlcheck {

check_services::check_services(const check_options& options)
    : tls(options),
      dns(ioc.get_executor(), options),
      pool(static_cast<std::size_t>(std::max(options.concurrency, 1))),
      specs(options),
      ctx{ioc.get_executor(), dns, tls, pool} {}

}  // namespace urlcheck
