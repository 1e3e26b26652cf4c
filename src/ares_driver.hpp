// A c-ares channel driven by an Asio executor: the sockets c-ares opens are
// watched by the reactor and its retransmissions by one timer, so lookups
// need no thread of their own. The resolver (dns.cpp) starts queries on
// channel(); this keeps them moving.
#pragma once

#include <ares.h>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <cstdint>
#include <memory>
#include <unordered_map>
#include <vector>

#include "dns_config.hpp"

namespace urlcheck {

// Owned through a shared_ptr (make_shared): the reactor's callbacks hold it
// weakly, so one that fires after the driver is gone does nothing.
class ares_driver : public std::enable_shared_from_this<ares_driver> {
public:
    explicit ares_driver(boost::asio::any_io_executor executor);
    ~ares_driver();
    ares_driver(const ares_driver&) = delete;
    ares_driver& operator=(const ares_driver&) = delete;

    // Sets up the channel: c-ares waits `first_try` for the first answer and
    // asks `tries` times; `servers`, unless empty, replace resolv.conf's.
    // Throws std::runtime_error when c-ares cannot be set up.
    void open(std::chrono::milliseconds first_try, int tries, const std::vector<dns_server>& servers);

    ares_channel channel() const noexcept { return channel_; }

    // Sockets c-ares could not open for want of descriptors (EMFILE,
    // ENFILE) so far: c-ares drops errno and ends such a lookup as refused.
    std::uint64_t socket_failures() const noexcept { return socket_failures_; }

    // Call after starting queries: c-ares' next timeout may be sooner.
    void reschedule_timer();

    // Destroys the channel: c-ares ends every running query with
    // ARES_EDESTRUCTION (their callbacks run inside this call) and the
    // sockets stop being watched. Before the io_context goes.
    void shutdown() noexcept;

private:
    struct watch;

    void set_servers(const std::vector<dns_server>& servers);
    static void on_socket_state(void* data, ares_socket_t fd, int readable, int writable) noexcept;
    static ares_socket_t open_socket(int family, int type, int protocol, void* data) noexcept;
    void socket_state(ares_socket_t fd, bool readable, bool writable) noexcept;
    static void release(watch& w) noexcept;
    void arm(const std::shared_ptr<watch>& w);
    void on_ready(const std::shared_ptr<watch>& w, bool read, bool rearm);

    boost::asio::any_io_executor executor_;
    ares_channel channel_ = nullptr;
    std::unordered_map<ares_socket_t, std::shared_ptr<watch>> watches_;
    boost::asio::steady_timer timer_;  // c-ares' next retransmission or timeout
    bool timer_armed_ = false;
    std::uint64_t timer_generation_ = 0;
    std::uint64_t socket_failures_ = 0;
    bool closing_ = false;
};

}  // namespace urlcheck
