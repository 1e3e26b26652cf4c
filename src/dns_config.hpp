// The resolver's settings as checked values, and the parsers that turn the
// user's text (--dns-server, --resolve) into them. Pure: no c-ares, no I/O, so
// the CLI can validate with exactly the rules the resolver applies.
#pragma once

#include <boost/asio/ip/address.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "urlcheck/options.hpp"

namespace urlcheck {

struct dns_server {
    boost::asio::ip::address address;
    std::uint16_t port = 53;
};

// One --resolve entry: HOST on PORT is answered with `addresses`, no query.
struct resolve_override {
    std::string host;  // normalised (see normalise_host); "*" matches every host
    std::uint16_t port = 0;
    std::vector<boost::asio::ip::address> addresses;
};

struct dns_config {
    std::vector<dns_server> servers;          // empty: the servers of /etc/resolv.conf
    std::vector<resolve_override> overrides;  // an exact host wins over "*"; then the first given
    address_family family = address_family::any;
    // DNS queries (not lookups: a lookup for both families is two queries)
    // sent and not yet answered. Bursts of thousands of queries overflow home
    // routers and get rate-limited by public resolvers; 250 keeps a large run
    // fast without looking like a flood.
    std::size_t max_queries_in_flight = 250;
};

// "IP[:PORT][,IP[:PORT]...]": IPv4 as "1.2.3.4" or "1.2.3.4:5353", IPv6 as
// "[::1]:5353", "[::1]" or a bare "::1". On failure returns nullopt and, when
// `error` is given, a message naming the bad element.
std::optional<std::vector<dns_server>> parse_dns_servers(std::string_view text, std::string* error = nullptr);

// curl's --resolve syntax, "HOST:PORT:ADDR[,ADDR...]", addresses IPv4 or
// IPv6 (bracketed or bare). A leading '+' (curl's "may time out" marker) is
// accepted and ignored.
std::optional<resolve_override> parse_resolve_override(std::string_view text, std::string* error = nullptr);

// Lower case, without a trailing dot: the form cache keys and overrides use.
std::string normalise_host(std::string_view host);

// The resolver settings for a run. Throws std::runtime_error with a message
// fit for the user when a value does not parse (the CLI rejects those first;
// this guards other callers of run_checks).
dns_config make_dns_config(const check_options& options);

}  // namespace urlcheck
