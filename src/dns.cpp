#include "dns.hpp"

#include "asio_address.hpp"

#include <ares.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <fstream>
#include <iterator>
#include <list>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <unordered_map>

namespace urlcheck {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using clock_type = std::chrono::steady_clock;
using boost::system::error_code;

namespace {

// c-ares status codes that have no Asio equivalent keep their own text
// ("Timeout while contacting DNS servers") through this category.
class ares_category_impl final : public boost::system::error_category {
public:
    const char* name() const noexcept override { return "c-ares"; }
    std::string message(int status) const override { return ares_strerror(status); }
};

const boost::system::error_category& ares_category() {
    static const ares_category_impl category;
    return category;
}

// c-ares 1.18 does not report SERVFAIL and REFUSED as such: it retries the
// server(s) and, when every try got one, ends with ARES_ECONNREFUSED, the same
// code as for a server that is not listening. All of them mean "ask again
// later", as does a server that never answered (ARES_ETIMEOUT).
error_code to_error_code(int status) {
    switch (status) {
        case ARES_SUCCESS: return {};
        case ARES_ENOTFOUND: return asio::error::host_not_found;
        case ARES_ENODATA: return asio::error::no_data;
        case ARES_ESERVFAIL:
        case ARES_EREFUSED:
        case ARES_ECONNREFUSED:
        case ARES_ETIMEOUT: return asio::error::host_not_found_try_again;
        case ARES_EBADNAME: return asio::error::invalid_argument;
        case ARES_ENOMEM: return asio::error::no_memory;
        case ARES_ECANCELLED:
        case ARES_EDESTRUCTION: return asio::error::operation_aborted;
        default: return {status, ares_category()};  // EBADRESP, EFORMERR, ...: c-ares' own text
    }
}

// Answers that hold for the length of a run, negative ones included: a name
// that got NXDOMAIN or SERVFAIL a moment ago will get it again, and asking
// once per URL would multiply the load on a struggling server. Not kept:
// no answer at all (a lost packet is worth another try by the next caller),
// garbled replies and local failures, which say nothing about the name.
bool is_cacheable(int status) {
    return status == ARES_SUCCESS || status == ARES_ENOTFOUND || status == ARES_ENODATA ||
           status == ARES_ESERVFAIL || status == ARES_EREFUSED || status == ARES_ECONNREFUSED ||
           status == ARES_EBADNAME;
}

bool family_allows(address_family family, const asio::ip::address& a) {
    switch (family) {
        case address_family::v4: return a.is_v4();
        case address_family::v6: return a.is_v6();
        case address_family::any: return true;
    }
    return true;
}

int to_af(address_family family) {
    switch (family) {
        case address_family::v4: return AF_INET;
        case address_family::v6: return AF_INET6;
        case address_family::any: return AF_UNSPEC;
    }
    return AF_UNSPEC;
}

std::optional<asio::ip::address> to_address(const sockaddr* sa) {
    if (sa->sa_family == AF_INET) {
        sockaddr_in sin;
        std::memcpy(&sin, sa, sizeof sin);
        asio::ip::address_v4::bytes_type bytes;
        std::memcpy(bytes.data(), &sin.sin_addr, bytes.size());
        return asio::ip::address(asio::ip::address_v4(bytes));
    }
    if (sa->sa_family == AF_INET6) {
        sockaddr_in6 sin6;
        std::memcpy(&sin6, sa, sizeof sin6);
        asio::ip::address_v6::bytes_type bytes;
        std::memcpy(bytes.data(), &sin6.sin6_addr, bytes.size());
        return asio::ip::address(asio::ip::address_v6(bytes, sin6.sin6_scope_id));
    }
    return std::nullopt;
}

void initialise_library_once() {
    // ares_library_init is reference counted but not thread-safe; once per
    // process, never cleaned up, is the simple safe use.
    static std::once_flag once;
    std::call_once(once, [] {
        if (int rc = ares_library_init(ARES_LIB_INIT_ALL); rc != ARES_SUCCESS)
            throw std::runtime_error(fmt::format("cannot initialise c-ares: {}", ares_strerror(rc)));
    });
}

// One caller waiting for a lookup. Owned by the caller's coroutine frame; the
// lookup holds it weakly, so a caller that gave up (its deadline passed) or
// was destroyed with the io_context is simply skipped.
struct waiter {
    explicit waiter(const asio::any_io_executor& ex) : wake(ex) {}
    asio::steady_timer wake;  // expires at the caller's deadline; cancelled when the answer is in
};

enum class lookup_state { queued, running, done };

// One host name's lookup, shared by every caller asking for it during the
// run. Knows nothing of the resolver, so callers may outlive the resolver.
struct lookup {
    explicit lookup(std::string name) : host(std::move(name)) {}
    std::string host;
    lookup_state state = lookup_state::queued;
    error_code ec;
    std::vector<asio::ip::address> addresses;
    std::vector<std::weak_ptr<waiter>> waiters;
    std::uint64_t socket_failures_at_start = 0;  // impl::socket_failures when it started
    bool kept = false;                           // done and in impl::recency
    std::list<std::string>::iterator recency_position;

    void add(const std::shared_ptr<waiter>& w) {
        // Callers that gave up leave expired entries; drop them before the
        // vector grows so a hot name with many timeouts stays small.
        if (waiters.size() >= 16 && waiters.size() == waiters.capacity())
            std::erase_if(waiters, [](const auto& weak) { return weak.expired(); });
        waiters.push_back(w);
    }
    bool has_live_waiter() const {
        return std::any_of(waiters.begin(), waiters.end(), [](const auto& weak) { return !weak.expired(); });
    }
    void finish(error_code result) {
        state = lookup_state::done;
        ec = result;
        for (auto& weak : waiters)
            if (auto w = weak.lock()) w->wake.cancel();
        waiters.clear();
    }
};

// A socket c-ares opened, watched by the reactor. c-ares owns the descriptor:
// it is released, never closed, when c-ares says it is done with it.
struct watch {
    watch(const asio::any_io_executor& ex, ares_socket_t socket) : fd(socket), descriptor(ex, socket) {}
    ares_socket_t fd;
    asio::posix::stream_descriptor descriptor;
    bool want_read = false;
    bool want_write = false;
    bool reading = false;  // an async_wait(wait_read) is outstanding
    bool writing = false;
    bool released = false;
};

}  // namespace

struct dns_resolver::impl : std::enable_shared_from_this<impl> {
    impl(asio::any_io_executor ex, dns_config cfg) : executor(std::move(ex)), config(std::move(cfg)), timer(executor) {}
    ~impl() {
        if (channel) shutdown();  // normally done by ~dns_resolver already
    }
    impl(const impl&) = delete;
    impl& operator=(const impl&) = delete;

    asio::any_io_executor executor;
    dns_config config;
    ares_channel channel = nullptr;
    std::unordered_map<ares_socket_t, std::shared_ptr<watch>> watches;
    asio::steady_timer timer;  // c-ares' next retransmission or timeout
    bool timer_armed = false;
    std::uint64_t timer_generation = 0;

    std::unordered_map<std::string, std::shared_ptr<lookup>> cache;  // by normalised host
    std::list<std::string> recency;  // hosts of the finished lookups in `cache`, most recently used first
    std::deque<std::shared_ptr<lookup>> queue;                       // waiting for a query slot, FIFO
    // Sockets c-ares could not open for want of descriptors (EMFILE,
    // ENFILE): c-ares then ends the lookup as if the server had refused.
    std::uint64_t socket_failures = 0;
    std::size_t queries_in_flight = 0;
    bool pumping = false;
    bool destroying = false;
    dns_stats stats;

    void open() {
        initialise_library_once();
        const auto system = system_options();
        const auto schedule =
            retry_schedule(config.lookup_budget, system.nameservers, system, config.family == address_family::any);
        ares_options options{};
        options.sock_state_cb = &impl::on_socket_state;
        options.sock_state_cb_data = this;
        // c-ares' own default (5 s, 4 tries) would let one lost packet use
        // up the whole default --connect-timeout: see retry_schedule().
        options.timeout = static_cast<int>(schedule.first_try.count());
        options.tries = schedule.tries;
        // Everything else (servers, search list, ndots, hosts-file order)
        // comes from /etc/resolv.conf and nsswitch.conf.
        const int mask = ARES_OPT_SOCK_STATE_CB | ARES_OPT_TIMEOUTMS | ARES_OPT_TRIES;
        if (int rc = ares_init_options(&channel, &options, mask); rc != ARES_SUCCESS) {
            channel = nullptr;
            throw std::runtime_error(fmt::format("cannot set up the DNS resolver: {}", ares_strerror(rc)));
        }
        ares_set_socket_functions(channel, &socket_functions, this);
        if (!config.servers.empty()) set_servers();
    }

    // glibc's options from resolv.conf and RES_OPTIONS. Read once, when the
    // resolver is made (before the io_context runs), as c-ares reads the file.
    resolver_options system_options() const {
        resolver_options options;
        if (!config.resolv_conf.empty()) {
            if (std::ifstream file(config.resolv_conf); file)
                parse_resolver_options(std::string(std::istreambuf_iterator<char>(file), {}), options);
            if (const char* env = std::getenv("RES_OPTIONS")) parse_resolver_options(env, options, true);
        }
        if (!config.servers.empty()) options.nameservers = config.servers.size();
        return options;
    }

    // c-ares' sockets through these, as c-ares would make them itself, only
    // to learn why one could not be opened: c-ares drops errno and ends the
    // lookup as refused, which would be kept for the run as a DNS failure.
    static ares_socket_t open_socket(int family, int type, int protocol, void* data) noexcept {
        const int fd = ::socket(family, type | SOCK_CLOEXEC, protocol);
        if (fd < 0 && (errno == EMFILE || errno == ENFILE)) ++static_cast<impl*>(data)->socket_failures;
        return fd < 0 ? ARES_SOCKET_BAD : fd;
    }
    static int close_socket(ares_socket_t fd, void*) noexcept { return ::close(fd); }
    static int connect_socket(ares_socket_t fd, const sockaddr* address, ares_socklen_t length, void*) noexcept {
        return ::connect(fd, address, length);
    }
    static ares_ssize_t receive_from(ares_socket_t fd, void* buffer, std::size_t size, int flags, sockaddr* from,
                                     ares_socklen_t* from_length, void*) noexcept {
        return ::recvfrom(fd, buffer, size, flags, from, from_length);
    }
    static ares_ssize_t send_vector(ares_socket_t fd, const iovec* vector, int count, void*) noexcept {
        msghdr message{};
        message.msg_iov = const_cast<iovec*>(vector);
        message.msg_iovlen = static_cast<std::size_t>(count);
        return ::sendmsg(fd, &message, MSG_NOSIGNAL);  // a TCP server gone away is an error, not SIGPIPE
    }
    static constexpr ares_socket_functions socket_functions{&open_socket, &close_socket, &connect_socket,
                                                            &receive_from, &send_vector};

    // The structured call rather than ares_set_servers_ports_csv: the text was
    // already parsed and checked (dns_config.cpp), and re-printing it for
    // c-ares' own parser would only add a second grammar to keep in step.
    void set_servers() {
        std::vector<ares_addr_port_node> nodes(config.servers.size());
        for (std::size_t i = 0; i < nodes.size(); ++i) {
            const auto& server = config.servers[i];
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
        if (int rc = ares_set_servers_ports(channel, nodes.data()); rc != ARES_SUCCESS) {
            ares_destroy(channel);
            channel = nullptr;
            throw std::runtime_error(fmt::format("cannot use the DNS servers given: {}", ares_strerror(rc)));
        }
    }

    // Called by the resolver's destructor, before the io_context goes.
    void shutdown() noexcept {
        destroying = true;
        timer.cancel();
        if (channel) {
            // Calls on_addrinfo with ARES_EDESTRUCTION for every running
            // lookup (finishing it as aborted) and on_socket_state(fd, 0, 0)
            // for every socket (releasing its watch), then closes the sockets.
            ares_destroy(channel);
            channel = nullptr;
        }
        for (auto& l : queue) l->finish(asio::error::operation_aborted);
        queue.clear();
        for (auto& [fd, w] : watches) release(*w);
        watches.clear();
        cache.clear();
        recency.clear();
    }

    std::size_t query_cost() const { return config.family == address_family::any ? 2 : 1; }

    const resolve_override* find_override(const std::string& host, std::uint16_t port) const {
        const resolve_override* wildcard = nullptr;
        for (const auto& o : config.overrides) {
            if (o.port != port) continue;
            if (o.host == host) return &o;
            if (o.host == "*" && !wildcard) wildcard = &o;
        }
        return wildcard;
    }

    // The lookup for `host`, joined or created, with `w` waiting for it.
    std::shared_ptr<lookup> join(const std::string& host, const std::shared_ptr<waiter>& w) {
        auto& slot = cache[host];
        if (slot) {
            ++stats.joined;
            slot->add(w);
            return slot;
        }
        slot = std::make_shared<lookup>(host);
        auto l = slot;  // `slot` may dangle once pump() touches the cache
        l->add(w);
        queue.push_back(l);
        stats.peak_queued = std::max(stats.peak_queued, queue.size());
        pump();
        return l;
    }

    // Starts queued lookups while there is room. Re-entrant calls (a lookup
    // answered from /etc/hosts completes inside ares_getaddrinfo) return at
    // once and leave the work to the outer loop, so the stack stays flat.
    void pump() {
        if (pumping || destroying) return;
        pumping = true;
        while (!queue.empty()) {
            const std::size_t cost = query_cost();
            if (queries_in_flight > 0 && queries_in_flight + cost > config.max_queries_in_flight) break;
            auto l = std::move(queue.front());
            queue.pop_front();
            if (!l->has_live_waiter()) {
                // Every caller gave up while it was queued: spend the slot
                // on someone still waiting; a later caller starts afresh.
                if (auto it = cache.find(l->host); it != cache.end() && it->second == l) cache.erase(it);
                continue;
            }
            start(std::move(l), cost);
        }
        pumping = false;
        reschedule_timer();
    }

    struct query_context {
        impl* owner;
        std::shared_ptr<lookup> target;
        std::size_t cost;
    };

    void start(std::shared_ptr<lookup> l, std::size_t cost) {
        l->state = lookup_state::running;
        l->socket_failures_at_start = socket_failures;
        queries_in_flight += cost;
        stats.peak_queries_in_flight = std::max(stats.peak_queries_in_flight, queries_in_flight);
        ++stats.lookups_started;
        ares_addrinfo_hints hints{};
        hints.ai_family = to_af(config.family);
        hints.ai_socktype = SOCK_STREAM;  // one entry per address, not one per socket type
        hints.ai_protocol = IPPROTO_TCP;
        // No ARES_AI_NOSORT: c-ares then orders the answer by RFC 6724 (as
        // getaddrinfo does), which puts IPv6 first only where this host can
        // reach IPv6. The connector takes its first family from that order.
        const char* name = l->host.c_str();
        auto* context = new query_context{this, std::move(l), cost};
        ares_getaddrinfo(channel, name, nullptr, &hints, &impl::on_addrinfo, context);
    }

    static void on_addrinfo(void* arg, int status, int /*timeouts*/, ares_addrinfo* result) noexcept {
        std::unique_ptr<query_context> context(static_cast<query_context*>(arg));
        std::unique_ptr<ares_addrinfo, decltype(&ares_freeaddrinfo)> owned(result, &ares_freeaddrinfo);
        context->owner->complete(*context->target, status, result, context->cost);
    }

    void complete(lookup& l, int status, const ares_addrinfo* result, std::size_t cost) noexcept {
        queries_in_flight -= cost;
        error_code ec = to_error_code(status);
        if (status == ARES_SUCCESS) {
            for (auto* node = result ? result->nodes : nullptr; node; node = node->ai_next) {
                if (!node->ai_addr) continue;
                auto address = to_address(node->ai_addr);
                if (!address || !family_allows(config.family, *address)) continue;
                if (std::find(l.addresses.begin(), l.addresses.end(), *address) == l.addresses.end())
                    l.addresses.push_back(*address);
            }
            if (l.addresses.empty()) ec = asio::error::no_data;
        }
        // Refused or unanswered while this machine was out of descriptors:
        // nothing was learnt about the name. Said as such, so the check is
        // tried again later rather than failed, and not kept.
        const bool no_descriptors = to_error_code(status) == asio::error::host_not_found_try_again &&
                                    socket_failures != l.socket_failures_at_start;
        if (no_descriptors) ec = asio::error::no_descriptors;
        if (!destroying) {
            if (auto it = cache.find(l.host); it != cache.end() && it->second.get() == &l) {
                if (is_cacheable(status) && !no_descriptors)
                    keep(l);
                else
                    cache.erase(it);
            }
        }
        l.finish(ec);
        pump();
    }

    // The cache's bound: the least recently used answer goes first. Only
    // finished lookups are counted and dropped; a caller still holding one
    // keeps its answer (it owns the lookup too).
    void keep(lookup& l) noexcept {
        try {
            recency.push_front(l.host);
        } catch (const std::bad_alloc&) {
            cache.erase(l.host);  // not kept then, as if never cached
            return;
        }
        l.kept = true;
        l.recency_position = recency.begin();
        while (recency.size() > std::max<std::size_t>(config.max_cached_names, 1)) {
            if (auto victim = cache.find(recency.back()); victim != cache.end()) {
                victim->second->kept = false;  // its recency_position goes now
                cache.erase(victim);
            }
            recency.pop_back();
            ++stats.evicted;
        }
    }

    void touch(lookup& l) {
        if (l.kept) recency.splice(recency.begin(), recency, l.recency_position);
    }

    // ---- the io_context side of c-ares' sockets and timeouts ----

    static void on_socket_state(void* data, ares_socket_t fd, int readable, int writable) noexcept {
        static_cast<impl*>(data)->socket_state(fd, readable != 0, writable != 0);
    }

    void socket_state(ares_socket_t fd, bool readable, bool writable) noexcept {
        auto it = watches.find(fd);
        if (!readable && !writable) {
            // c-ares is about to close fd: stop watching it first, so a
            // reused descriptor number never meets a stale registration.
            if (it != watches.end()) {
                release(*it->second);
                watches.erase(it);
            }
            return;
        }
        if (it == watches.end()) {
            try {
                it = watches.emplace(fd, std::make_shared<watch>(executor, fd)).first;
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

    void release(watch& w) noexcept {
        if (w.released) return;
        w.released = true;
        w.descriptor.release();  // pending waits end with operation_aborted
    }

    void arm(const std::shared_ptr<watch>& w) {
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

    void on_ready(const std::shared_ptr<watch>& w, bool read, bool rearm) {
        if (destroying || !channel) return;
        ares_process_fd(channel, read ? w->fd : ARES_SOCKET_BAD, read ? ARES_SOCKET_BAD : w->fd);
        // ares_process_fd may have closed this socket (released above) or
        // changed what it waits for (socket_state re-armed it). A failed wait
        // is not re-armed: it would fail again at once, and c-ares' timeout
        // ends the query instead.
        if (rearm && !w->released) arm(w);
        reschedule_timer();
    }

    void reschedule_timer() {
        if (destroying || !channel) return;
        timeval tv{};
        if (!ares_timeout(channel, nullptr, &tv)) {
            if (timer_armed) {
                timer_armed = false;
                ++timer_generation;
                timer.cancel();
            }
            return;
        }
        const auto due = clock_type::now() + std::chrono::seconds(tv.tv_sec) + std::chrono::microseconds(tv.tv_usec);
        // Waking early is harmless (c-ares just finds nothing due yet), so an
        // armed timer that fires no later than needed is left alone: most
        // socket events then cost no timer churn.
        if (timer_armed && timer.expiry() <= due) return;
        timer_armed = true;
        const auto generation = ++timer_generation;
        timer.expires_at(due);
        timer.async_wait([self = weak_from_this(), generation](const error_code& ec) {
            if (ec == asio::error::operation_aborted) return;
            auto me = self.lock();
            if (!me || me->destroying || generation != me->timer_generation) return;
            me->timer_armed = false;
            ares_process_fd(me->channel, ARES_SOCKET_BAD, ARES_SOCKET_BAD);
            me->reschedule_timer();
        });
    }
};

dns_resolver::dns_resolver(asio::any_io_executor executor, dns_config config)
    : executor_(std::move(executor)), impl_(std::make_shared<impl>(executor_, std::move(config))) {
    impl_->open();
}

dns_resolver::dns_resolver(asio::any_io_executor executor, const check_options& options)
    : dns_resolver(std::move(executor), make_dns_config(options)) {}

dns_resolver::~dns_resolver() { impl_->shutdown(); }

dns_stats dns_resolver::stats() const { return impl_->stats; }

asio::awaitable<resolved> dns_resolver::resolve(std::string host, std::uint16_t port,
                                                clock_type::time_point deadline) {
    resolved out;
    const auto family = impl_->config.family;
    const auto answer_with = [&](const std::vector<asio::ip::address>& addresses) {
        for (const auto& a : addresses)
            if (family_allows(family, a)) out.endpoints.emplace_back(a, port);
        if (out.endpoints.empty()) out.ec = asio::error::no_data;
    };

    // IP literals never reach c-ares: there is nothing to look up, and a
    // literal must not be cached or overridden under its text.
    error_code literal_ec;
    const auto literal = asio::ip::make_address(host, literal_ec);
    if (!literal_ec) {
        answer_with({literal});
        co_return out;
    }

    const std::string key = normalise_host(host);
    if (key.empty()) {
        out.ec = asio::error::host_not_found;
        co_return out;
    }
    if (const auto* o = impl_->find_override(key, port)) {
        ++impl_->stats.overrides_used;
        std::vector<asio::ip::address> addresses;
        for (const auto& a : o->addresses) addresses.push_back(to_asio(a));
        answer_with(addresses);
        co_return out;
    }

    std::shared_ptr<lookup> l;
    if (auto it = impl_->cache.find(key); it != impl_->cache.end() && it->second->state == lookup_state::done) {
        ++impl_->stats.cache_hits;
        l = it->second;
        impl_->touch(*l);
    } else {
        if (clock_type::now() >= deadline) {
            out.ec = asio::error::timed_out;
            co_return out;
        }
        auto w = std::make_shared<waiter>(executor_);
        w->wake.expires_at(deadline);
        l = impl_->join(key, w);
        // The answer may already be in (from /etc/hosts, inside join()):
        // a cancel before the wait starts would be lost, so look first.
        if (l->state != lookup_state::done) co_await w->wake.async_wait(asio::as_tuple(asio::use_awaitable));
        // From here on `this` may be gone (the resolver destroyed while we
        // waited); only `l` is ours.
        if (l->state != lookup_state::done) {
            out.ec = asio::error::timed_out;
            co_return out;
        }
    }
    if (l->ec) {
        out.ec = l->ec;
        co_return out;
    }
    answer_with(l->addresses);
    co_return out;
}

}  // namespace urlcheck
