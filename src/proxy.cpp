#include "proxy.hpp"

#include <boost/asio/ip/address.hpp>
#include <boost/url/parse.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>

#include "credentials.hpp"
#include "idn.hpp"
#include "text.hpp"

namespace urlcheck {

namespace asio = boost::asio;
namespace urls = boost::urls;

std::optional<proxy_endpoint> parse_proxy_url(std::string_view text, std::string* why) {
    const auto fail = [&](std::string message) -> std::optional<proxy_endpoint> {
        if (why) *why = std::move(message);
        return std::nullopt;
    };
    std::string written(trim(text));
    if (written.empty()) return fail("the proxy URL is empty");
    if (written.find("://") == std::string::npos) written = "http://" + written;  // as curl reads "host:port"
    auto parsed = urls::parse_absolute_uri(written);
    // Neither message quotes the URL: a password with a raw '/' in it would
    // end the authority early, and redact_url would miss it.
    if (!parsed)
        return fail(fmt::format("not a URL ({}); write http://[user:pass@]host:port, with '/', '@' and ':' in "
                                "the user or password percent-encoded",
                                parsed.error().message()));
    const urls::url_view url = *parsed;
    const std::string scheme = ascii_lower(url.scheme());
    if (scheme == "https")
        return fail(
            "https:// proxies are not supported: use the proxy's http:// address (https URLs still go through it "
            "encrypted end to end, inside CONNECT)");
    if (scheme != "http") return fail(fmt::format("{}:// proxies are not supported: only http:// ones", scheme));
    if (!url.has_authority() || url.host().empty()) return fail("the proxy URL has no host");
    if (!url.encoded_path().empty() && url.encoded_path() != "/")
        return fail(
            "the proxy URL has a path: give only http://[user:pass@]host:port (a '/' in the password is written %2F)");
    if (url.has_query() || url.has_fragment()) return fail("the proxy URL has a query or fragment");
    proxy_endpoint p;
    if (url.has_port()) {
        if (url.port_number() == 0) return fail(fmt::format("the proxy port '{}' is not 1 to 65535", url.port()));
        p.port = url.port_number();
    }
    p.host = url.host_type() == urls::host_type::ipv6 ? url.host_ipv6_address().to_string()
                                                     : normalise_host(url.host_address());
    p.authorization = basic_authorization(written);
    const bool v6 = url.host_type() == urls::host_type::ipv6;
    p.shown = fmt::format("http://{}{}{}:{}", v6 ? "[" : "", p.host, v6 ? "]" : "", p.port);
    return p;
}

namespace {

// An address's bytes in network order; an IPv4 address fills the first 4.
std::array<unsigned char, 16> address_bytes(const asio::ip::address& address) {
    std::array<unsigned char, 16> bytes{};
    if (address.is_v4()) {
        const auto v4 = address.to_v4().to_bytes();
        std::copy(v4.begin(), v4.end(), bytes.begin());
    } else {
        bytes = address.to_v6().to_bytes();
    }
    return bytes;
}

// "10.0.0.0/8" against an address; false for anything that is not a range
// or not the address's family.
bool in_cidr(std::string_view entry, const asio::ip::address& address) {
    const std::size_t slash = entry.find('/');
    boost::system::error_code ec;
    const auto network = asio::ip::make_address(std::string(entry.substr(0, slash)), ec);
    if (ec || network.is_v4() != address.is_v4()) return false;
    const int width = network.is_v4() ? 32 : 128;
    int bits = width;
    if (slash != std::string_view::npos) {
        const std::string_view digits = entry.substr(slash + 1);
        const auto [end, err] = std::from_chars(digits.data(), digits.data() + digits.size(), bits);
        if (err != std::errc{} || end != digits.data() + digits.size() || bits < 0 || bits > width) return false;
    }
    const auto a = address_bytes(network);
    const auto b = address_bytes(address);
    for (int i = 0; i < bits; ++i) {
        const unsigned char mask = static_cast<unsigned char>(0x80u >> (i % 8));
        if ((a[static_cast<std::size_t>(i / 8)] & mask) != (b[static_cast<std::size_t>(i / 8)] & mask)) return false;
    }
    return true;
}

// One entry without its port against the host.
bool entry_matches(std::string_view entry, std::string_view host) {
    if (entry == "*") return true;
    boost::system::error_code ec;
    const auto address = asio::ip::make_address(std::string(host), ec);
    if (!ec) return in_cidr(entry, address);  // an IP host matches only IP entries, as in curl
    if (!entry.empty() && entry.front() == '.') entry.remove_prefix(1);
    // An entry written in Unicode names the A-label the URL's host is by now.
    const ascii_host ascii = to_ascii_host(entry);
    const std::string name = normalise_host(ascii.error.empty() ? std::string_view(ascii.host) : entry);
    if (name.empty() || name.size() > host.size()) return false;
    if (host.size() == name.size()) return host == name;
    return host.substr(host.size() - name.size()) == name && host[host.size() - name.size() - 1] == '.';
}

// "host:port", "[v6]:port", "[v6]", "v6" (several colons: no port) or "host".
std::pair<std::string_view, std::optional<std::uint16_t>> split_entry_port(std::string_view entry) {
    std::string_view name = entry;
    std::string_view port;
    if (entry.front() == '[') {
        const std::size_t close = entry.find(']');
        if (close == std::string_view::npos) return {entry, std::nullopt};
        name = entry.substr(1, close - 1);
        if (close + 1 < entry.size() && entry[close + 1] == ':') port = entry.substr(close + 2);
    } else if (const std::size_t colon = entry.find(':');
               colon != std::string_view::npos && entry.find(':', colon + 1) == std::string_view::npos) {
        name = entry.substr(0, colon);
        port = entry.substr(colon + 1);
    }
    if (port.empty()) return {name, std::nullopt};
    unsigned value = 0;
    const auto [end, err] = std::from_chars(port.data(), port.data() + port.size(), value);
    if (err != std::errc{} || end != port.data() + port.size() || value > 65535) return {entry, std::nullopt};
    return {name, static_cast<std::uint16_t>(value)};
}

}  // namespace

bool no_proxy_matches(std::string_view list, std::string_view host, std::uint16_t port) {
    std::size_t at = 0;
    while (at < list.size()) {
        const std::size_t end = std::min(list.find_first_of(", \t", at), list.size());
        const std::string_view entry = list.substr(at, end - at);
        at = end + 1;
        if (entry.empty()) continue;
        const auto [name, entry_port] = split_entry_port(entry);
        if (entry_port && *entry_port != port) continue;
        if (entry_matches(name, host)) return true;
    }
    return false;
}

std::optional<proxy_plan> plan_proxies(const proxy_options& options, std::string* why) {
    proxy_plan plan;
    const auto use = [&](std::optional<proxy_endpoint>& into, const std::string& url, std::string_view source) {
        if (url.empty()) return true;
        std::string problem;
        into = parse_proxy_url(url, &problem);
        if (!into && why) *why = fmt::format("{}: {}", source, problem);
        return into.has_value();
    };
    const proxy_environment none;
    const proxy_environment& env = options.use_environment ? options.environment : none;
    if (!options.url.empty()) {
        if (!use(plan.http, options.url, "--proxy")) return std::nullopt;
        plan.https = plan.http;
    } else {
        const bool https_own = !env.https_proxy.empty();
        const bool http_own = !env.http_proxy.empty();
        if (!use(plan.https, https_own ? env.https_proxy : env.all_proxy, https_own ? "https_proxy" : "all_proxy"))
            return std::nullopt;
        if (!use(plan.http, http_own ? env.http_proxy : env.all_proxy, http_own ? "http_proxy" : "all_proxy"))
            return std::nullopt;
    }
    plan.no_proxy = options.noproxy ? *options.noproxy : env.no_proxy;
    return plan;
}

const proxy_endpoint* choose_proxy(const proxy_plan& plan, bool https, std::string_view host, std::uint16_t port) {
    const auto& proxy = https ? plan.https : plan.http;
    if (!proxy || no_proxy_matches(plan.no_proxy, host, port)) return nullptr;
    return &*proxy;
}

std::string connect_authority(std::string_view host, bool host_is_ip_v6, std::uint16_t port) {
    return host_is_ip_v6 ? fmt::format("[{}]:{}", host, port) : fmt::format("{}:{}", host, port);
}

failure classify_connect_answer(int status, std::string_view reason, bool credentials_sent,
                                const proxy_endpoint& proxy, std::string_view authority) {
    if (status >= 200 && status <= 299) return {};
    const std::string answer = reason.empty() ? std::to_string(status) : fmt::format("{} {}", status, reason);
    if (status == 502 || status == 503 || status == 504)
        return {error_kind::connect, fmt::format("the proxy {} could not reach {} (CONNECT answered {})", proxy.shown,
                                                 authority, answer)};
    // tinyproxy answers wrong credentials with 401, not 407: from a proxy
    // to CONNECT, either is about the proxy's credentials.
    if (status == 407 || status == 401)
        return {error_kind::proxy,
                credentials_sent
                    ? fmt::format("the proxy {} refused the credentials ({})", proxy.shown, status)
                    : fmt::format("proxy authentication required ({}) by {}: put the user and password in the proxy URL",
                                  status, proxy.shown)};
    return {error_kind::proxy, fmt::format("the proxy {} refused CONNECT {}: {}", proxy.shown, authority, answer)};
}

failure proxy_failure(const proxy_endpoint& proxy, failure underlying) {
    if (underlying.kind == error_kind::resource || underlying.kind == error_kind::none) return underlying;
    return {error_kind::proxy, fmt::format("the proxy {}: {}", proxy.shown, underlying.message)};
}

}  // namespace urlcheck
