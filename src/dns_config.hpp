// The resolver's settings as checked values, and the parsers that turn the
// user's text (--dns-server, --resolve) into them. Pure: no c-ares, no I/O;
// the CLI parses with them once and the resolver takes the values as they are.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "urlcheck/options.hpp"

namespace urlcheck {

struct dns_config {
    std::vector<dns_server> servers;          // empty: the servers of /etc/resolv.conf
    std::vector<resolve_override> overrides;  // an exact host wins over "*"; then the first given
    // --connect-to: where a host:port's connections go instead; the target
    // is resolved (with `overrides`, as curl does) in its place.
    std::vector<connect_to_rule> connect_to;
    address_family family = address_family::any;
    // DNS queries (not lookups: a lookup for both families is two queries)
    // sent and not yet answered. Bursts of thousands of queries overflow home
    // routers and get rate-limited by public resolvers; 250 keeps a large run
    // fast without looking like a flood.
    std::size_t max_queries_in_flight = 250;
    // The time a lookup's tries are spread over (--connect-timeout): see
    // retry_schedule().
    std::chrono::milliseconds lookup_budget{5000};
    // Read for glibc's `options timeout:` and `attempts:` (then RES_OPTIONS,
    // which wins, as in glibc); empty: neither is read.
    std::string resolv_conf = "/etc/resolv.conf";
    // Names whose answers are kept (least recently used first out), so a
    // list of a million hosts does not keep a million answers. Lookups still
    // queued or running are not counted and never dropped.
    std::size_t max_cached_names = 10000;
};

// glibc's resolver options that the retry schedule honours. c-ares 1.18
// reads only BIND's old `retrans:` and `retry:` (timeout: and attempts: came
// in 1.23), so a resolv.conf tuned for glibc would otherwise be ignored.
struct resolver_options {
    std::optional<std::chrono::milliseconds> timeout;  // timeout:N, seconds, 1..30 as glibc clamps it
    std::optional<int> attempts;                       // attempts:N, 1..5 as glibc clamps it
    std::size_t nameservers = 0;                       // nameserver lines
};

// Adds what `text` says to `into`: resolv.conf text (its `options` and
// `nameserver` lines; the last value given wins), or with `res_options` the
// value of RES_OPTIONS (options alone). Unknown options are ignored.
void parse_resolver_options(std::string_view text, resolver_options& into, bool res_options = false);

// How c-ares asks: `first_try` is the wait for an answer to the first query;
// each round over the servers doubles it (c-ares' own back-off), for `tries`
// rounds.
struct retry_schedule_t {
    std::chrono::milliseconds first_try{1000};
    int tries = 3;
};

// A short first try (1 s) with its retries inside `budget`: one lost UDP
// packet then costs a second, not the whole --connect-timeout. Rounds are
// added until they cover the budget (1 + 2 + 4 s for 5 s and one server),
// so the last one may end after it, when the caller has given up; a later
// caller for the name is still served. The user's `timeout:` replaces the
// first try (a slow resolver should not see retransmissions every second);
// `attempts:` caps the rounds (attempts:1 means no retransmission at all).
// `servers`: how many c-ares asks in turn (0 counts as the 1 it then uses).
// `paired`: a lookup is two queries (A and AAAA), which makes the rounds
// even (see dns_config.cpp).
retry_schedule_t retry_schedule(std::chrono::milliseconds budget, std::size_t servers, const resolver_options& user,
                                bool paired = false);

// "IP[:PORT][,IP[:PORT]...]": IPv4 as "1.2.3.4" or "1.2.3.4:5353", IPv6 as
// "[::1]:5353", "[::1]" or a bare "::1". On failure returns nullopt and, when
// `error` is given, a message naming the bad element.
std::optional<std::vector<dns_server>> parse_dns_servers(std::string_view text, std::string* error = nullptr);

// curl's --resolve syntax, "HOST:PORT:ADDR[,ADDR...]", addresses IPv4 or
// IPv6 (bracketed or bare). A leading '+' (curl's "may time out" marker) is
// accepted and ignored.
std::optional<resolve_override> parse_resolve_override(std::string_view text, std::string* error = nullptr);

// curl's --connect-to, "HOST1:PORT1:HOST2:PORT2": any part may be empty
// (HOST1/PORT1: any; HOST2/PORT2: the URL's own); IPv6 in brackets.
std::optional<connect_to_rule> parse_connect_to(std::string_view text, std::string* error = nullptr);
// The rule as parse_connect_to() reads it back (for --print-config).
std::string connect_to_text(const connect_to_rule& rule);

// Where a connection for `host` (normalised) on `port` goes: the first rule
// that matches, with its empty parts filled from host and port; nullopt
// when none matches.
struct connect_target {
    std::string host;
    std::uint16_t port = 0;
    bool operator==(const connect_target&) const = default;
};
std::optional<connect_target> find_connect_to(const std::vector<connect_to_rule>& rules, std::string_view host,
                                              std::uint16_t port);

// The resolver settings for a run.
dns_config make_dns_config(const check_options& options);

}  // namespace urlcheck
