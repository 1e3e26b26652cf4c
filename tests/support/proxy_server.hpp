// A real HTTP proxy for tests: Debian's tinyproxy, started on a loopback port
// with a configuration written at test time, in front of the in-process test
// servers. Killed (and its files removed) by the destructor.
//
//     proxy_server proxy;                       // any CONNECT port, no auth
//     proxy_server guarded({.user = "u", .password = "p", .connect_ports = {443}});
//     options.check.proxy.url = proxy.url();    // "http://127.0.0.1:PORT"
//     EXPECT_NE(proxy.log().find("CONNECT 127.0.0.1:"), std::string::npos);
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace urlcheck::test {

struct proxy_server_options {
    std::string user{};  // with password: BasicAuth, so 407 without them
    std::string password{};
    // ConnectPort: the ports CONNECT may reach; empty lets tinyproxy allow
    // every port.
    std::vector<std::uint16_t> connect_ports{};
};

class proxy_server {
public:
    // Throws std::runtime_error when tinyproxy is missing or does not start.
    explicit proxy_server(proxy_server_options options = {});
    ~proxy_server();
    proxy_server(const proxy_server&) = delete;
    proxy_server& operator=(const proxy_server&) = delete;

    std::uint16_t port() const;
    // "http://127.0.0.1:PORT", or with "user:password@" when `with_credentials`.
    std::string url(bool with_credentials = false) const;
    // tinyproxy's log so far: one "Request (file descriptor N): GET http://..."
    // line per request it carried.
    std::string log() const;

    // Whether tinyproxy is installed (tests say SKIPPED without it).
    static bool available();

private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

}  // namespace urlcheck::test
