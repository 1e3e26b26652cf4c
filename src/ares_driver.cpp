#include "ares_driver.hpp"

#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include <boost/asio/posix/stream_descriptor.hpp>
#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <mutex>
#include <stdexcept>

namespace urlcheck {

namespace asio = boost::asio;
using clock_type = std::chrono::steady_clock;
using boost::system::error_code;

namespace {

void initialise_library_once() {
    // ares_library_init is reference counted but not thread-safe; once per
    // process, never cleaned up, is the simple safe use.
    static std::once_flag once;
    std::call_once(once, [] {
        if (int rc = ares_library_init(ARES_LIB_INIT_ALL); rc != ARES_SUCCESS)
            throw std::runtime_error(fmt::format("cannot initialise c-ares: {}", ares_strerror(rc)));
    });
}

// c-ares' sockets through these, as c-ares would make them itself, only
// to learn why one could not be opened (ares_driver::open_socket).
int close_socket(ares_socket_t fd, void*) noexcept { return ::close(fd); }
int connect_socket(ares_socket_t fd, const sockaddr* address, ares_socklen_t length, void*) noexcept {
    return ::connect(fd, address, length);
}
ares_ssize_t receive_from(ares_socket_t fd, void* buffer, std::size_t size, int flags, sockaddr* from,
                          ares_socklen_t* from_length, void*) noexcept {
    return ::recvfrom(fd, buffer, size, flags, from, from_length);
}
ares_ssize_t send_vector(ares_socket_t fd, const iovec* vector, int count, void*) noexcept {
    msghdr message{};
    message.msg_iov = const_cast<iovec*>(vector);
    message.msg_iovlen = static_cast<std::size_t>(count);
    return ::sendmsg(fd, &message, MSG_NOSIGNAL);  // a TCP server gone away is an error, not SIGPIPE
}

}  // namespace

// A socket c-ares opened, watched by the reactor. c-ares owns the descriptor:
// it is released, never closed, when c-ares says it is done with it.
struct ares_driver::watch {
    watch(const asio::any_io_executor& ex, ares_socket_t socket) : fd(socket), descriptor(ex, socket) {}
    ares_socket_t fd;
    asio::posix::stream_descriptor descriptor;
    bool want_read = false;
    bool want_write = false;
    bool reading = false;  // an async_wait(wait_read) is outstanding
    bool writing = false;
    bool released = false;
};

ares_driver::ares_driver(asio::any_io_executor executor) : executor_(std::move(executor)), timer_(executor_) {}

ares_driver::~ares_driver() {
    if (channel_) shutdown();  // normally done by the resolver already
}

void ares_driver::open(std::chrono::milliseconds first_try, int tries, const std::vector<dns_server>& servers) {
    initialise_library_once();
    ares_options options{};
    options.sock_state_cb = &ares_driver::on_socket_state;
    options.sock_state_cb_data = this;
    options.timeout = static_cast<int>(first_try.count());
    options.tries = tries;
    // Everything else (servers, search list, ndots, hosts-file order)
    // comes from /etc/resolv.conf and nsswitch.conf.
    const int mask = ARES_OPT_SOCK_STATE_CB | ARES_OPT_TIMEOUTMS | ARES_OPT_TRIES;
    if (int rc = ares_init_options(&channel_, &options, mask); rc != ARES_SUCCESS) {
        channel_ = nullptr;
        throw std::runtime_error(fmt::format("cannot set up the DNS resolver: {}", ares_strerror(rc)));
    }
    static constexpr ares_socket_functions socket_functions{&ares_driver::open_socket, &close_socket, &connect_socket,
                                                            &receive_from, &send_vector};
    ares_set_socket_functions(channel_, &socket_functions, this);
    if (!servers.empty()) set_servers(servers);
}

// c-ares drops errno and ends the lookup as refused, which would be kept for
// the run as a DNS failure: counted here so the resolver can tell.
ares_socket_t ares_driver::open_socket(int family, int type, int protocol, void* data) noexcept {
    const int fd = ::socket(family, type | SOCK_CLOEXEC, protocol);
    if (fd < 0 && (errno == EMFILE || errno == ENFILE)) ++static_cast<ares_driver*>(data)->socket_failures_;
    return fd < 0 ? ARES_SOCKET_BAD : fd;
}

// The structured call rather than ares_set_servers_ports_csv: the text was
// already parsed and checked (dns_config.cpp), and re-printing it for
// c-ares' own parser would only add a second grammar to keep in step.
void ares_driver::set_servers(const std::vector<dns_server>& servers) {
    std::vector<ares_addr_port_node> nodes(servers.size());
    for (std::size_t i = 0; i < nodes.size(); ++i) {
        const auto& server = servers[i];
        auto& node = nodes[i];
        node.next = i + 1 < nodes.size() ? &nodes[i + 1] : nullptr;
        if (server.address.is_v4()) {
            node.family = AF_INET;
            std::memcpy(&node.addr.addr4, server.address.bytes.data(), 4);
        } else {
            node.family = AF_INET6;
            std::memcpy(&node.addr.addr6, server.address.bytes.data(), 16);
        }
        node.udp_port = server.port;
        node.tcp_port = server.port;
    }
    if (int rc = ares_set_servers_ports(channel_, nodes.data()); rc != ARES_SUCCESS) {
        ares_destroy(channel_);
        channel_ = nullptr;
        throw std::runtime_error(fmt::format("cannot use the DNS servers given: {}", ares_strerror(rc)));
    }
}

void ares_driver::shutdown() noexcept {
    closing_ = true;
    timer_.cancel();
    if (channel_) {
        // Calls every running query's callback with ARES_EDESTRUCTION and
        // on_socket_state(fd, 0, 0) for every socket (releasing its watch),
        // then closes the sockets.
        ares_destroy(channel_);
        channel_ = nullptr;
    }
    for (auto& [fd, w] : watches_) release(*w);
    watches_.clear();
}

void ares_driver::on_socket_state(void* data, ares_socket_t fd, int readable, int writable) noexcept {
    static_cast<ares_driver*>(data)->socket_state(fd, readable != 0, writable != 0);
}

void ares_driver::socket_state(ares_socket_t fd, bool readable, bool writable) noexcept {
    auto it = watches_.find(fd);
    if (!readable && !writable) {
        // c-ares is about to close fd: stop watching it first, so a
        // reused descriptor number never meets a stale registration.
        if (it != watches_.end()) {
            release(*it->second);
            watches_.erase(it);
        }
        return;
    }
    if (it == watches_.end()) {
        try {
            it = watches_.emplace(fd, std::make_shared<watch>(executor_, fd)).first;
        } catch (const std::exception&) {
            // The reactor refused the descriptor (out of memory): the
            // query cannot be heard and ends by c-ares' own timeout,
            // which the timer still drives.
            return;
        }
    }
    it->second->want_read = readable;
    it->second->want_write = writable;
    arm(it->second);
}

void ares_driver::release(watch& w) noexcept {
    if (w.released) return;
    w.released = true;
    w.descriptor.release();  // pending waits end with operation_aborted
}

void ares_driver::arm(const std::shared_ptr<watch>& w) {
    if (w->want_read && !w->reading) {
        w->reading = true;
        w->descriptor.async_wait(asio::posix::stream_descriptor::wait_read,
                                 [self = weak_from_this(), w](const error_code& ec) {
                                     w->reading = false;
                                     if (ec == asio::error::operation_aborted || w->released) return;
                                     if (auto me = self.lock()) me->on_ready(w, true, !ec);
                                 });
    }
    if (w->want_write && !w->writing) {
        w->writing = true;
        w->descriptor.async_wait(asio::posix::stream_descriptor::wait_write,
                                 [self = weak_from_this(), w](const error_code& ec) {
                                     w->writing = false;
                                     if (ec == asio::error::operation_aborted || w->released) return;
                                     if (auto me = self.lock()) me->on_ready(w, false, !ec);
                                 });
    }
}

void ares_driver::on_ready(const std::shared_ptr<watch>& w, bool read, bool rearm) {
    if (closing_ || !channel_) return;
    ares_process_fd(channel_, read ? w->fd : ARES_SOCKET_BAD, read ? ARES_SOCKET_BAD : w->fd);
    // ares_process_fd may have closed this socket (released above) or
    // changed what it waits for (socket_state re-armed it). A failed wait
    // is not re-armed: it would fail again at once, and c-ares' timeout
    // ends the query instead.
    if (rearm && !w->released) arm(w);
    reschedule_timer();
}

void ares_driver::reschedule_timer() {
    if (closing_ || !channel_) return;
    timeval tv{};
    if (!ares_timeout(channel_, nullptr, &tv)) {
        if (timer_armed_) {
            timer_armed_ = false;
            ++timer_generation_;
            timer_.cancel();
        }
        return;
    }
    const auto due = clock_type::now() + std::chrono::seconds(tv.tv_sec) + std::chrono::microseconds(tv.tv_usec);
    // Waking early is harmless (c-ares just finds nothing due yet), so an
    // armed timer that fires no later than needed is left alone: most
    // socket events then cost no timer churn.
    if (timer_armed_ && timer_.expiry() <= due) return;
    timer_armed_ = true;
    const auto generation = ++timer_generation_;
    timer_.expires_at(due);
    timer_.async_wait([self = weak_from_this(), generation](const error_code& ec) {
        if (ec == asio::error::operation_aborted) return;
        auto me = self.lock();
        if (!me || me->closing_ || generation != me->timer_generation_) return;
        me->timer_armed_ = false;
        ares_process_fd(me->channel_, ARES_SOCKET_BAD, ARES_SOCKET_BAD);
        me->reschedule_timer();
    });
}

}  // namespace urlcheck
