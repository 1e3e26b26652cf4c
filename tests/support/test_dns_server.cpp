#include "support/test_dns_server.hpp"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/udp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>
#include <vector>

namespace urlcheck::test {

namespace asio = boost::asio;
using udp = asio::ip::udp;
using boost::system::error_code;

namespace {

std::string lower(std::string_view s) {
    std::string out(s);
    for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (!out.empty() && out.back() == '.') out.pop_back();
    return out;
}

struct zone_entry {
    std::vector<asio::ip::address> addresses;
    std::optional<int> rcode;  // set_rcode
};

struct question {
    std::uint16_t id = 0;
    std::uint16_t flags = 0;
    std::string name;  // lower case, dotted
    int type = 0;
    std::size_t question_end = 0;  // offset just past QTYPE/QCLASS
};

std::optional<question> parse_query(const std::uint8_t* data, std::size_t size) {
    if (size < 12) return std::nullopt;
    question q;
    q.id = static_cast<std::uint16_t>(data[0] << 8 | data[1]);
    q.flags = static_cast<std::uint16_t>(data[2] << 8 | data[3]);
    const int qdcount = data[4] << 8 | data[5];
    if (qdcount != 1 || (q.flags & 0x8000) != 0) return std::nullopt;
    std::size_t at = 12;
    for (;;) {
        if (at >= size) return std::nullopt;
        const std::size_t len = data[at++];
        if (len == 0) break;
        if (len > 63 || at + len > size) return std::nullopt;
        if (!q.name.empty()) q.name.push_back('.');
        q.name.append(reinterpret_cast<const char*>(data + at), len);
        at += len;
    }
    if (at + 4 > size) return std::nullopt;
    q.type = data[at] << 8 | data[at + 1];
    q.question_end = at + 4;
    q.name = lower(q.name);
    return q;
}

void put16(std::vector<std::uint8_t>& out, unsigned value) {
    out.push_back(static_cast<std::uint8_t>(value >> 8));
    out.push_back(static_cast<std::uint8_t>(value));
}

}  // namespace

struct test_dns_server::impl {
    asio::io_context ioc;
    udp::socket socket{ioc};
    std::thread thread;

    mutable std::mutex mutex;  // guards everything below
    std::map<std::string, zone_entry, std::less<>> zone;
    std::chrono::milliseconds delay{0};
    bool never_answer = false;
    std::size_t drop_first = 0;
    std::map<std::pair<std::string, int>, std::size_t, std::less<>> counts;
    std::size_t total = 0;
    std::size_t outstanding = 0;
    std::size_t max_outstanding = 0;

    std::array<std::uint8_t, 4096> buffer{};
    udp::endpoint peer;

    void receive() {
        socket.async_receive_from(asio::buffer(buffer), peer, [this](const error_code& ec, std::size_t n) {
            if (ec == asio::error::operation_aborted) return;
            if (!ec) handle(n);
            receive();
        });
    }

    void handle(std::size_t size) {
        auto q = parse_query(buffer.data(), size);
        if (!q) return;
        std::vector<std::uint8_t> reply;
        std::chrono::milliseconds wait{0};
        {
            std::lock_guard lock(mutex);
            ++total;
            if (++counts[{q->name, q->type}] <= drop_first) return;
            ++outstanding;
            max_outstanding = std::max(max_outstanding, outstanding);
            if (never_answer) return;
            wait = delay;
            reply = build_reply(*q, buffer.data());
        }
        if (wait.count() == 0) {
            send(std::move(reply), peer);
            return;
        }
        auto timer = std::make_shared<asio::steady_timer>(ioc, wait);
        timer->async_wait([this, timer, reply = std::move(reply), to = peer](const error_code& ec) mutable {
            if (!ec) send(std::move(reply), to);
        });
    }

    // Called with the mutex held.
    std::vector<std::uint8_t> build_reply(const question& q, const std::uint8_t* query) const {
        int rcode = nxdomain;
        std::vector<asio::ip::address> answers;
        if (auto it = zone.find(q.name); it != zone.end()) {
            rcode = it->second.rcode.value_or(noerror);
            if (rcode == noerror)
                for (const auto& a : it->second.addresses)
                    if ((q.type == type_a && a.is_v4()) || (q.type == type_aaaa && a.is_v6())) answers.push_back(a);
        }
        std::vector<std::uint8_t> out;
        put16(out, q.id);
        // QR, the query's opcode and RD, AA, RA, and the response code.
        put16(out, 0x8000u | (q.flags & 0x7900u) | 0x0400u | 0x0080u | static_cast<unsigned>(rcode));
        put16(out, 1);
        put16(out, static_cast<unsigned>(answers.size()));
        put16(out, 0);
        put16(out, 0);
        out.insert(out.end(), query + 12, query + q.question_end);
        for (const auto& a : answers) {
            put16(out, 0xC00C);  // the name: a pointer to the question's
            put16(out, a.is_v4() ? type_a : type_aaaa);
            put16(out, 1);  // IN
            put16(out, 0);
            put16(out, 60);  // TTL
            if (a.is_v4()) {
                const auto bytes = a.to_v4().to_bytes();
                put16(out, static_cast<unsigned>(bytes.size()));
                out.insert(out.end(), bytes.begin(), bytes.end());
            } else {
                const auto bytes = a.to_v6().to_bytes();
                put16(out, static_cast<unsigned>(bytes.size()));
                out.insert(out.end(), bytes.begin(), bytes.end());
            }
        }
        return out;
    }

    void send(std::vector<std::uint8_t> reply, const udp::endpoint& to) {
        {
            std::lock_guard lock(mutex);
            --outstanding;
        }
        error_code ignored;
        socket.send_to(asio::buffer(reply), to, 0, ignored);
    }
};

test_dns_server::test_dns_server(bool ipv6) : impl_(std::make_unique<impl>()) {
    const auto loopback = ipv6 ? asio::ip::address(asio::ip::address_v6::loopback())
                               : asio::ip::address(asio::ip::address_v4::loopback());
    impl_->socket.open(loopback.is_v6() ? udp::v6() : udp::v4());
    // Bursts of hundreds of queries must not be dropped by a small default
    // receive buffer: the tests count queries.
    impl_->socket.set_option(asio::socket_base::receive_buffer_size(1 << 20));
    impl_->socket.bind(udp::endpoint(loopback, 0));
    impl_->receive();
    impl_->thread = std::thread([this] { impl_->ioc.run(); });
}

test_dns_server::~test_dns_server() {
    asio::post(impl_->ioc, [this] {
        error_code ignored;
        impl_->socket.close(ignored);
        impl_->ioc.stop();
    });
    impl_->thread.join();
}

unsigned short test_dns_server::port() const { return impl_->socket.local_endpoint().port(); }

std::string test_dns_server::server() const {
    const auto ep = impl_->socket.local_endpoint();
    if (ep.address().is_v6()) return fmt::format("[{}]:{}", ep.address().to_string(), ep.port());
    return fmt::format("{}:{}", ep.address().to_string(), ep.port());
}

test_dns_server& test_dns_server::add(std::string_view name, std::string_view address) {
    std::lock_guard lock(impl_->mutex);
    impl_->zone[lower(name)].addresses.push_back(asio::ip::make_address(std::string(address)));
    return *this;
}

test_dns_server& test_dns_server::add_empty(std::string_view name) {
    std::lock_guard lock(impl_->mutex);
    impl_->zone[lower(name)];
    return *this;
}

test_dns_server& test_dns_server::set_rcode(std::string_view name, int rcode) {
    std::lock_guard lock(impl_->mutex);
    impl_->zone[lower(name)].rcode = rcode;
    return *this;
}

void test_dns_server::set_delay(std::chrono::milliseconds delay) {
    std::lock_guard lock(impl_->mutex);
    impl_->delay = delay;
}

void test_dns_server::set_never_answer(bool never) {
    std::lock_guard lock(impl_->mutex);
    impl_->never_answer = never;
}

void test_dns_server::set_drop_first(std::size_t count) {
    std::lock_guard lock(impl_->mutex);
    impl_->drop_first = count;
}

std::size_t test_dns_server::queries(std::string_view name, int type) const {
    std::lock_guard lock(impl_->mutex);
    auto it = impl_->counts.find(std::pair{lower(name), type});
    return it == impl_->counts.end() ? 0 : it->second;
}

std::size_t test_dns_server::queries(std::string_view name) const {
    std::lock_guard lock(impl_->mutex);
    const auto key = lower(name);
    std::size_t n = 0;
    for (const auto& [k, count] : impl_->counts)
        if (k.first == key) n += count;
    return n;
}

std::size_t test_dns_server::total_queries() const {
    std::lock_guard lock(impl_->mutex);
    return impl_->total;
}

std::size_t test_dns_server::outstanding() const {
    std::lock_guard lock(impl_->mutex);
    return impl_->outstanding;
}

std::size_t test_dns_server::max_outstanding() const {
    std::lock_guard lock(impl_->mutex);
    return impl_->max_outstanding;
}

void test_dns_server::clear_stats() {
    std::lock_guard lock(impl_->mutex);
    impl_->counts.clear();
    impl_->total = 0;
    impl_->max_outstanding = impl_->outstanding;
}

}  // namespace urlcheck::test
