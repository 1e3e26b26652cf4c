// The io_context and what every check uses (TLS, DNS, the connection pool,
// the specs, and the fetch_context that refers to them), built and torn
// down in one fixed order.
#pragma once

#include <boost/asio/io_context.hpp>

#include "connection_pool.hpp"
#include "dns.hpp"
#include "fetch.hpp"
#include "spec_cache.hpp"
#include "tls.hpp"
#include "urlcheck/options.hpp"

namespace urlcheck {

// First in, last out. As a base it is built before every member of the
// classes that derive from it and destroyed after all of them, whatever
// their order: what registers with it (pooled connections, DNS sockets,
// timers) is gone first. ~io_context then destroys the frames of checks
// abandoned by a stop; their destructors must not use the services, which
// are gone by then.
struct io_owner {
    boost::asio::io_context ioc{1};
};

// Derive from it (the engine does) so that the engine's own timers and
// descriptors go before the io_context too. Members go in reverse order:
// idle pooled connections close first, then DNS, then TLS.
struct check_services : io_owner {
    explicit check_services(const check_options& options);

    tls_contexts tls;
    dns_resolver dns;
    connection_pool pool;
    spec_cache specs;
    fetch_context ctx;
};

}  // namespace urlcheck
