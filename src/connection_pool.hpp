// Idle keep-alive connections per origin (scheme, host, port), reused by
// later requests to the same origin: an LRU bounded in all, with a liveness
// probe on the way out. Knows no Beast itself, so the engine can own one.
#pragma once

#include <cstddef>
#include <memory>
#include <string>

namespace urlcheck {

struct http_connection;  // http_connection.hpp

// Counters for tests and diagnostics.
struct pool_stats {
    std::size_t idle = 0;     // connections waiting in the pool now
    std::size_t reused = 0;   // connections handed out again by take()
    std::size_t opened = 0;   // connections opened (note_opened())
    std::size_t resumed = 0;  // TLS handshakes that resumed a session (note_resumed())
};

class connection_pool {
public:
    // At most `max_idle` idle connections in all; the least recently used
    // goes first.
    explicit connection_pool(std::size_t max_idle);
    ~connection_pool();
    connection_pool(const connection_pool&) = delete;
    connection_pool& operator=(const connection_pool&) = delete;

    // Lowers (or raises) the cap on idle connections; those over it close
    // now, least recently used first.
    void limit_idle(std::size_t max_idle);

    // The most recently parked connection to `origin` that still looks
    // alive, or null. Dead ones met on the way are closed.
    std::unique_ptr<http_connection> take(const std::string& origin);
    // Parks `c` (its origin is its key), closing the oldest over the cap.
    void put(std::unique_ptr<http_connection> c);

    void note_opened() noexcept;
    void note_resumed() noexcept;
    pool_stats stats() const noexcept;

private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

}  // namespace urlcheck
