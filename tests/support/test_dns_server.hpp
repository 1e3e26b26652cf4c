// A small authoritative-only DNS server over UDP for tests, on 127.0.0.1 (or
// ::1) and an ephemeral port. It runs its own io_context on its own thread:
// started by the constructor, stopped and joined by the destructor.
//
//     test_dns_server dns;
//     dns.add("a.test", "192.0.2.1").add("a.test", "2001:db8::1");
//     dns.set_rcode("broken.test", test_dns_server::servfail);
//     dns.set_delay(50ms);                  // every answer 50 ms late
//     dns.set_never_answer(true);           // swallow every query
//     dns.set_drop_first(1);                // lose the first query of each name and type
//     config.servers = *parse_dns_servers(dns.server());
//     ... dns.queries("a.test", test_dns_server::type_a) == 1
//
// Names are case-insensitive. A name with records but none of the type
// asked for gets NOERROR with no answer ("no data"); a name added with
// add_empty() gets that for every type; any other name gets NXDOMAIN.
// Every setter and counter is thread-safe.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

namespace urlcheck::test {

class test_dns_server {
public:
    static constexpr int type_a = 1;
    static constexpr int type_aaaa = 28;
    static constexpr int noerror = 0;
    static constexpr int servfail = 2;
    static constexpr int nxdomain = 3;
    static constexpr int refused = 5;

    explicit test_dns_server(bool ipv6 = false);
    ~test_dns_server();
    test_dns_server(const test_dns_server&) = delete;
    test_dns_server& operator=(const test_dns_server&) = delete;

    unsigned short port() const;
    // "127.0.0.1:PORT" or "[::1]:PORT", the --dns-server syntax.
    std::string server() const;

    // An A or AAAA record (by the address's family) for `name`.
    test_dns_server& add(std::string_view name, std::string_view address);
    // `name` exists without addresses: NOERROR and an empty answer.
    test_dns_server& add_empty(std::string_view name);
    // Every query for `name` gets this response code and no answer.
    test_dns_server& set_rcode(std::string_view name, int rcode);
    // Every answer is sent this long after its query arrived.
    void set_delay(std::chrono::milliseconds delay);
    // Queries are counted and never answered.
    void set_never_answer(bool never);
    // The first `count` queries of each name and type are counted and never
    // answered, like UDP packets lost on the way; later ones are answered.
    // Dropped queries count in queries() (clear_stats() starts the count
    // over) but are not outstanding().
    void set_drop_first(std::size_t count);

    // Counters.
    std::size_t queries(std::string_view name, int type) const;  // of this name and type
    std::size_t queries(std::string_view name) const;            // of this name, any type
    std::size_t total_queries() const;
    std::size_t outstanding() const;      // received and not (yet) answered
    std::size_t max_outstanding() const;  // the peak of outstanding()
    void clear_stats();

    struct impl;

private:
    std::unique_ptr<impl> impl_;
};

}  // namespace urlcheck::test
