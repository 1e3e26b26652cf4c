#include "connection_pool.hpp"

#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <list>
#include <unordered_map>

#include "http_connection.hpp"

namespace urlcheck {

namespace {

// A pooled connection may have been closed by the server while it sat idle
// (keep-alive timeouts are often 5 s), or the server may have sent bytes
// nobody asked for (a body after a HEAD response, a second response). Any of
// that makes the connection unfit: stray bytes would be read as the answer
// to the next request. One non-blocking peek (~3 us) per reuse says so; the
// retry in fetch() covers a close that races with the reuse.
bool looks_alive(http_connection& c) {
    if (c.secure && SSL_pending(c.secure->native_handle()) > 0) return false;
    char byte;
    const int fd = c.lowest().socket().native_handle();
    const ssize_t n = ::recv(fd, &byte, 1, MSG_PEEK | MSG_DONTWAIT);
    if (n < 0) return errno == EAGAIN;  // EWOULDBLOCK too: the same value on Linux
    // EOF, or bytes: on TLS usually a close_notify alert or late session
    // tickets, which cost one new connection to be safe.
    return false;
}

}  // namespace

struct connection_pool::impl {
    explicit impl(std::size_t max) : max_idle(std::max<std::size_t>(max, 1)) {}

    void trim() {
        while (idle_list.size() > max_idle) {
            auto victim = std::prev(idle_list.end());
            auto [first, last] = by_origin.equal_range((*victim)->origin);
            for (auto it = first; it != last; ++it) {
                if (it->second == victim) {
                    by_origin.erase(it);
                    break;
                }
            }
            idle_list.pop_back();
        }
    }

    std::size_t max_idle;
    std::list<std::unique_ptr<http_connection>> idle_list;  // most recently used first
    std::unordered_multimap<std::string, std::list<std::unique_ptr<http_connection>>::iterator> by_origin;
    pool_stats counts;  // all but idle, which is idle_list's size
};

connection_pool::connection_pool(std::size_t max_idle) : impl_(std::make_unique<impl>(max_idle)) {}
connection_pool::~connection_pool() = default;

void connection_pool::limit_idle(std::size_t max_idle) {
    impl_->max_idle = std::max<std::size_t>(max_idle, 1);
    impl_->trim();
}

std::unique_ptr<http_connection> connection_pool::take(const std::string& origin) {
    for (;;) {
        auto it = impl_->by_origin.find(origin);
        if (it == impl_->by_origin.end()) return nullptr;
        auto position = it->second;
        impl_->by_origin.erase(it);
        std::unique_ptr<http_connection> c = std::move(*position);
        impl_->idle_list.erase(position);
        if (looks_alive(*c)) {
            ++impl_->counts.reused;
            return c;
        }
        c->reusable = false;
    }
}

void connection_pool::put(std::unique_ptr<http_connection> c) {
    impl_->idle_list.push_front(std::move(c));
    impl_->by_origin.emplace(impl_->idle_list.front()->origin, impl_->idle_list.begin());
    impl_->trim();
}

void connection_pool::note_opened() noexcept { ++impl_->counts.opened; }
void connection_pool::note_resumed() noexcept { ++impl_->counts.resumed; }

pool_stats connection_pool::stats() const noexcept {
    pool_stats s = impl_->counts;
    s.idle = impl_->idle_list.size();
    return s;
}

}  // namespace urlcheck
