#include "check_services.hpp"

#include <algorithm>
#include <stdexcept>

namespace urlcheck {

check_services::check_services(const check_options& options)
    : tls(options),
      dns(ioc.get_executor(), options),
      pool(static_cast<std::size_t>(std::max(options.concurrency, 1))),
      specs(options),
      ctx{ioc.get_executor(), dns, tls, pool} {
    std::string why;
    auto proxies = plan_proxies(options.proxy, &why);
    // A setup failure, like a bad --cacert: a proxy variable that is not a
    // usable proxy URL (--proxy itself was checked on the command line).
    if (!proxies) throw std::runtime_error(why);
    ctx.proxies = std::move(*proxies);
}

}  // namespace urlcheck
