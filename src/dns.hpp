// Host name resolution behind one small interface, so the engine never knows
// how it is done: c-ares, driven by the caller's io_context (its sockets are
// watched by the reactor, its retransmissions by one timer; no threads).
//
// Per run, each host is looked up once: concurrent callers for one name share
// one lookup (single flight), and answers, negative ones too, are kept for the
// rest of the run, up to dns_config::max_cached_names (the least recently
// used go first). Lookups beyond dns_config::max_queries_in_flight wait in a
// FIFO queue. /etc/hosts and /etc/resolv.conf are honoured (unless
// dns_config::servers replaces the latter's servers); a query not answered
// is sent again after 1 s, then 2 s, ... (retry_schedule()).
//
// Threading and lifetime: use from the io_context's one thread. Destroy the
// resolver before its io_context (as any I/O object); coroutines still
// waiting in resolve() then wake with operation_aborted if the io_context
// runs again, and are simply destroyed with it otherwise.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/system/error_code.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "dns_config.hpp"
#include "urlcheck/options.hpp"

namespace urlcheck {

struct resolved {
    // asio::error::host_not_found: NXDOMAIN (no such name);
    // host_not_found_try_again: SERVFAIL, REFUSED, or no server answered;
    // invalid_argument: not a valid DNS name;
    // no_data: the name exists but has no address (of the allowed family);
    // timed_out: the caller's deadline passed first;
    // no_descriptors: this machine was out of file descriptors (EMFILE or
    // ENFILE) for the query's socket; says nothing about the name;
    // operation_aborted: the resolver was destroyed.
    boost::system::error_code ec;
    std::vector<boost::asio::ip::tcp::endpoint> endpoints;  // RFC 6724 order, as getaddrinfo gives
    // Where the answer came from, for --explain: a --resolve entry, or a
    // lookup made earlier in the run.
    bool overridden = false;
    bool cached = false;
};

// Counters for tests and diagnostics.
struct dns_stats {
    std::size_t lookups_started = 0;   // ares_getaddrinfo calls
    std::size_t cache_hits = 0;        // resolve() answered from a finished lookup
    std::size_t joined = 0;            // resolve() joined a lookup already queued or running
    std::size_t overrides_used = 0;    // answered from --resolve
    std::size_t evicted = 0;           // answers dropped for dns_config::max_cached_names
    std::size_t peak_queries_in_flight = 0;
    std::size_t peak_queued = 0;
};

class dns_resolver {
public:
    // Throws std::runtime_error when c-ares cannot be set up (no memory,
    // an unusable server list).
    explicit dns_resolver(boost::asio::any_io_executor executor, dns_config config = {});
    dns_resolver(boost::asio::any_io_executor executor, const check_options& options);
    ~dns_resolver();
    dns_resolver(const dns_resolver&) = delete;
    dns_resolver& operator=(const dns_resolver&) = delete;

    // Resolves `host` (a name; an IP literal is answered as itself without a
    // query) for `port`. Never throws for DNS outcomes; every failure is in
    // resolved::ec. Returns by `deadline` at the latest, even when the lookup
    // goes on for other callers.
    // `origin` false: the host is a proxy's, which --connect-to (a rule for
    // the URLs' hosts) never redirects.
    boost::asio::awaitable<resolved> resolve(std::string host, std::uint16_t port,
                                             std::chrono::steady_clock::time_point deadline, bool origin = true);

    dns_stats stats() const;

    // Whether --connect-to may send a connection elsewhere: then even an IP
    // literal goes through resolve().
    bool connects_elsewhere() const;

    struct impl;  // public only for the C callbacks in dns.cpp

private:
    boost::asio::any_io_executor executor_;
    std::shared_ptr<impl> impl_;
};

}  // namespace urlcheck
