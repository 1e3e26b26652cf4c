#include "dns.hpp"

#include "asio_address.hpp"

#include <ares.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <boost/asio/steady_timer.hpp>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <fstream>
#include <iterator>
#include <list>
#include <optional>
#include <unordered_map>

#include "ares_driver.hpp"
#include "dns_errors.hpp"
#include "text.hpp"
#include "use_tuple.hpp"

namespace urlcheck {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using clock_type = std::chrono::steady_clock;
using boost::system::error_code;

namespace {

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
    std::uint64_t socket_failures_at_start = 0;  // the driver's socket_failures() when it started
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

}  // namespace

struct dns_resolver::impl : std::enable_shared_from_this<impl> {
    impl(asio::any_io_executor ex, dns_config cfg)
        : executor(std::move(ex)), config(std::move(cfg)), driver(std::make_shared<ares_driver>(executor)) {}
    ~impl() {
        if (!destroying) shutdown();  // normally done by ~dns_resolver already
    }
    impl(const impl&) = delete;
    impl& operator=(const impl&) = delete;

    asio::any_io_executor executor;
    dns_config config;
    std::shared_ptr<ares_driver> driver;

    std::unordered_map<std::string, std::shared_ptr<lookup>> cache;  // by normalised host
    std::list<std::string> recency;  // hosts of the finished lookups in `cache`, most recently used first
    std::deque<std::shared_ptr<lookup>> queue;                       // waiting for a query slot, FIFO
    std::size_t queries_in_flight = 0;
    bool pumping = false;
    bool destroying = false;
    dns_stats stats;

    void open() {
        const auto system = system_options();
        const auto schedule =
            retry_schedule(config.lookup_budget, system.nameservers, system, config.family == address_family::any);
        // c-ares' own default (5 s, 4 tries) would let one lost packet use
        // up the whole default --connect-timeout: see retry_schedule().
        driver->open(schedule.first_try, schedule.tries, config.servers);
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

    // Called by the resolver's destructor, before the io_context goes.
    void shutdown() noexcept {
        destroying = true;
        // Calls on_addrinfo with ARES_EDESTRUCTION for every running lookup,
        // finishing it as aborted.
        driver->shutdown();
        for (auto& l : queue) l->finish(asio::error::operation_aborted);
        queue.clear();
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
        driver->reschedule_timer();
    }

    struct query_context {
        impl* owner;
        std::shared_ptr<lookup> target;
        std::size_t cost;
    };

    void start(std::shared_ptr<lookup> l, std::size_t cost) {
        l->state = lookup_state::running;
        l->socket_failures_at_start = driver->socket_failures();
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
        ares_getaddrinfo(driver->channel(), name, nullptr, &hints, &impl::on_addrinfo, context);
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
                                    driver->socket_failures() != l.socket_failures_at_start;
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
};

dns_resolver::dns_resolver(asio::any_io_executor executor, dns_config config)
    : executor_(std::move(executor)), impl_(std::make_shared<impl>(executor_, std::move(config))) {
    impl_->open();
}

dns_resolver::dns_resolver(asio::any_io_executor executor, const check_options& options)
    : dns_resolver(std::move(executor), make_dns_config(options)) {}

dns_resolver::~dns_resolver() { impl_->shutdown(); }

dns_stats dns_resolver::stats() const { return impl_->stats; }

bool dns_resolver::connects_elsewhere() const { return !impl_->config.connect_to.empty(); }

asio::awaitable<resolved> dns_resolver::resolve(std::string host, std::uint16_t port,
                                                clock_type::time_point deadline, bool origin) {
    resolved out;
    // --connect-to: the connection goes to another host:port, looked up
    // here (with --resolve, as in curl) in the URL's place. A pooled
    // connection's origin (host:port) always maps to the same target in a
    // run, so the pool key needs nothing more.
    if (auto to = origin ? find_connect_to(impl_->config.connect_to, normalise_host(host), port) : std::nullopt) {
        host = std::move(to->host);
        port = to->port;
        out.overridden = true;
    }
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
        out.overridden = true;
        std::vector<asio::ip::address> addresses;
        for (const auto& a : o->addresses) addresses.push_back(to_asio(a));
        answer_with(addresses);
        co_return out;
    }

    std::shared_ptr<lookup> l;
    if (auto it = impl_->cache.find(key); it != impl_->cache.end() && it->second->state == lookup_state::done) {
        ++impl_->stats.cache_hits;
        out.cached = true;
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
        if (l->state != lookup_state::done) co_await w->wake.async_wait(use_tuple);
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
