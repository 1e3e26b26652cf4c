#include "dns_config.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>

#include "idn.hpp"
#include "text.hpp"

namespace urlcheck {

namespace {

std::vector<std::string_view> split(std::string_view s, char sep) {
    std::vector<std::string_view> parts;
    for (;;) {
        const auto at = s.find(sep);
        parts.push_back(trim(s.substr(0, at)));
        if (at == std::string_view::npos) return parts;
        s.remove_prefix(at + 1);
    }
}

bool fail(std::string* error, std::string message) {
    if (error) *error = std::move(message);
    return false;
}

// 1..65535, digits only: "0", "+80" and "80x" are typos, not ports.
std::optional<std::uint16_t> parse_port(std::string_view s) {
    if (s.empty() || s.size() > 5 || !std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return std::nullopt;
    unsigned value = 0;
    std::from_chars(s.data(), s.data() + s.size(), value);
    if (value == 0 || value > 65535) return std::nullopt;
    return static_cast<std::uint16_t>(value);
}

// "[v6]" or a bare address.
std::optional<ip_address> parse_maybe_bracketed(std::string_view s) {
    if (s.size() >= 2 && s.front() == '[' && s.back() == ']') {
        auto address = parse_ip_address(s.substr(1, s.size() - 2));
        if (address && address->is_v6()) return address;
        return std::nullopt;
    }
    return parse_ip_address(s);
}

bool parse_server(std::string_view item, dns_server& out, std::string* error) {
    const auto bad = [&] {
        return fail(error, fmt::format("'{}' is not a DNS server address (expected IP or IP:PORT, IPv6 as [ADDR]:PORT)", item));
    };
    std::string_view host = item;
    std::string_view port;
    if (item.starts_with('[')) {
        const auto close = item.find(']');
        if (close == std::string_view::npos) return bad();
        host = item.substr(1, close - 1);
        const auto rest = item.substr(close + 1);
        if (!rest.empty()) {
            if (!rest.starts_with(':')) return bad();
            port = rest.substr(1);
            if (port.empty()) return bad();
        }
        auto address = parse_ip_address(host);
        if (!address || !address->is_v6()) return bad();
        out.address = *address;
    } else if (std::count(item.begin(), item.end(), ':') == 1) {
        // One colon: IPv4 with a port. Two or more: a bare IPv6 address,
        // which cannot carry a port without brackets.
        const auto colon = item.find(':');
        host = item.substr(0, colon);
        port = item.substr(colon + 1);
        auto address = parse_ip_address(host);
        if (!address || !address->is_v4()) return bad();
        out.address = *address;
    } else {
        auto address = parse_ip_address(host);
        if (!address) return bad();
        out.address = *address;
    }
    out.port = 53;
    if (!port.empty()) {
        auto number = parse_port(port);
        if (!number) return fail(error, fmt::format("'{}': port '{}' is not a number from 1 to 65535", item, port));
        out.port = *number;
    }
    return true;
}

}  // namespace

std::optional<std::vector<dns_server>> parse_dns_servers(std::string_view text, std::string* error) {
    std::vector<dns_server> servers;
    if (trim(text).empty()) {
        fail(error, "no DNS server given");
        return std::nullopt;
    }
    for (auto item : split(text, ',')) {
        if (item.empty()) {
            fail(error, fmt::format("empty element in '{}'", text));
            return std::nullopt;
        }
        dns_server server;
        if (!parse_server(item, server, error)) return std::nullopt;
        servers.push_back(server);
    }
    return servers;
}

namespace {

// Whether a host, after normalise_host, still has an empty label
// (".a", "a..b", "a.." less its one trailing dot): no URL's host has one,
// so the entry could never match, and normalising it again would drop
// another dot (the configuration file's round trip must be stable).
bool has_empty_label(std::string_view host) noexcept {
    return host.starts_with('.') || host.ends_with('.') || host.find("..") != std::string_view::npos;
}

}  // namespace

std::optional<resolve_override> parse_resolve_override(std::string_view text, std::string* error) {
    const auto syntax = [&](std::string_view why) {
        fail(error, fmt::format("'{}': {} (expected HOST:PORT:ADDR[,ADDR...])", text, why));
        return std::nullopt;
    };
    std::string_view rest = trim(text);
    if (rest.starts_with('+')) rest.remove_prefix(1);
    if (rest.starts_with('-')) return syntax("removing an entry (-HOST:PORT) is not supported");

    const auto first = rest.find(':');
    if (first == std::string_view::npos) return syntax("missing PORT");
    const auto host = rest.substr(0, first);
    rest.remove_prefix(first + 1);
    const auto second = rest.find(':');
    if (second == std::string_view::npos) return syntax("missing ADDR");
    const auto port_text = rest.substr(0, second);
    rest.remove_prefix(second + 1);

    // "." is a host that normalises to nothing, and would never match.
    if (normalise_host(host).empty()) return syntax("empty HOST");
    if (host.find_first_of("[]/ ") != std::string_view::npos) return syntax("HOST must be a host name or *");
    resolve_override out;
    // A host written in Unicode matches its URLs, whose names are looked up
    // as A-labels (idn.hpp).
    const ascii_host ascii = to_ascii_host(host);
    if (!ascii.error.empty()) return syntax(fmt::format("HOST is not a valid international name: {}", ascii.error));
    out.host = normalise_host(ascii.host);
    // Checked again after the mapping: "\uFF61" (a full stop UTS #46 maps
    // to ".") is not empty as written but names no host.
    if (out.host.empty()) return syntax("empty HOST");
    if (has_empty_label(out.host)) return syntax("HOST has an empty label");
    auto port = parse_port(port_text);
    if (!port) return syntax(fmt::format("port '{}' is not a number from 1 to 65535", port_text));
    out.port = *port;
    for (auto item : split(rest, ',')) {
        auto address = parse_maybe_bracketed(item);
        if (!address) return syntax(fmt::format("'{}' is not an IP address", item));
        out.addresses.push_back(*address);
    }
    return out;
}

namespace {

// One HOST part of --connect-to, up to its ':' (an IPv6 address in
// brackets may hold ':'s): "" (any, or the URL's), a name, an IP literal.
std::optional<std::string> take_connect_host(std::string_view& rest) {
    std::string_view host;
    if (rest.starts_with('[')) {
        const auto close = rest.find(']');
        if (close == std::string_view::npos) return std::nullopt;
        auto address = parse_ip_address(rest.substr(1, close - 1));
        if (!address || !address->is_v6()) return std::nullopt;
        rest.remove_prefix(close + 1);
        if (!rest.starts_with(':')) return std::nullopt;
        rest.remove_prefix(1);
        return address->to_string();
    }
    const auto colon = rest.find(':');
    if (colon == std::string_view::npos) return std::nullopt;
    host = rest.substr(0, colon);
    rest.remove_prefix(colon + 1);
    if (host.find_first_of("[]/ @") != std::string_view::npos) return std::nullopt;
    if (host.empty()) return std::string();
    if (normalise_host(host).empty()) return std::nullopt;
    // A host written in Unicode: the URLs it must match are looked up as
    // A-labels (idn.hpp), and so must HOST2 be.
    const ascii_host ascii = to_ascii_host(host);
    if (!ascii.error.empty()) return std::nullopt;
    auto normal = normalise_host(ascii.host);
    // Empty only after the mapping (a lone "\uFF61"): not "any host".
    if (normal.empty() || has_empty_label(normal)) return std::nullopt;
    return normal;
}

}  // namespace

std::optional<connect_to_rule> parse_connect_to(std::string_view text, std::string* error) {
    const auto syntax = [&](std::string_view why) {
        fail(error, fmt::format("'{}': {} (expected HOST1:PORT1:HOST2:PORT2, any part may be empty)", text, why));
        return std::nullopt;
    };
    std::string_view rest = trim(text);
    connect_to_rule rule;
    const auto port_of = [&](std::string_view port_text, std::uint16_t& into) {
        if (port_text.empty()) return true;  // any port, or the URL's
        auto port = parse_port(port_text);
        if (!port) return false;
        into = *port;
        return true;
    };
    auto from_host = take_connect_host(rest);
    if (!from_host) return syntax("HOST1 is not a host name or [IPv6]");
    rule.from_host = std::move(*from_host);
    const auto colon = rest.find(':');
    if (colon == std::string_view::npos) return syntax("missing HOST2");
    if (!port_of(rest.substr(0, colon), rule.from_port))
        return syntax(fmt::format("PORT1 '{}' is not a number from 1 to 65535", rest.substr(0, colon)));
    rest.remove_prefix(colon + 1);
    auto to_host = take_connect_host(rest);
    if (!to_host) return syntax("HOST2 is not a host name or [IPv6], or PORT2 is missing");
    rule.to_host = std::move(*to_host);
    if (!port_of(rest, rule.to_port)) return syntax(fmt::format("PORT2 '{}' is not a number from 1 to 65535", rest));
    return rule;
}

std::string connect_to_text(const connect_to_rule& rule) {
    const auto host = [](const std::string& h) { return h.find(':') != std::string::npos ? "[" + h + "]" : h; };
    const auto port = [](std::uint16_t p) { return p == 0 ? std::string() : std::to_string(p); };
    return fmt::format("{}:{}:{}:{}", host(rule.from_host), port(rule.from_port), host(rule.to_host),
                       port(rule.to_port));
}

std::optional<connect_target> find_connect_to(const std::vector<connect_to_rule>& rules, std::string_view host,
                                              std::uint16_t port) {
    for (const auto& rule : rules) {
        if (!rule.from_host.empty() && rule.from_host != host) continue;
        if (rule.from_port != 0 && rule.from_port != port) continue;
        return connect_target{rule.to_host.empty() ? std::string(host) : rule.to_host,
                              rule.to_port == 0 ? port : rule.to_port};
    }
    return std::nullopt;
}

void parse_resolver_options(std::string_view text, resolver_options& into, bool res_options) {
    const auto number = [](std::string_view value) -> std::optional<int> {
        int n = 0;
        const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
        if (ec != std::errc{} || end != value.data() + value.size()) return std::nullopt;
        return n;
    };
    const auto apply = [&](std::string_view option) {
        if (option.starts_with("timeout:")) {
            if (auto n = number(option.substr(8))) into.timeout = std::chrono::seconds(std::clamp(*n, 1, 30));
        } else if (option.starts_with("attempts:")) {
            if (auto n = number(option.substr(9))) into.attempts = std::clamp(*n, 1, 5);
        }
    };
    const auto words = [](std::string_view line) {
        std::vector<std::string_view> out;
        for (;;) {
            line = trim(line);
            if (line.empty()) return out;
            const auto end = std::find_if(line.begin(), line.end(), [](unsigned char c) { return std::isspace(c); });
            const auto length = static_cast<std::size_t>(end - line.begin());
            out.push_back(line.substr(0, length));
            line.remove_prefix(length);
        }
    };
    if (res_options) {
        for (auto option : words(text)) apply(option);
        return;
    }
    while (!text.empty()) {
        const auto newline = text.find('\n');
        const auto line = text.substr(0, newline);
        text.remove_prefix(newline == std::string_view::npos ? text.size() : newline + 1);
        const auto w = words(line);
        if (w.empty()) continue;
        if (w.front() == "nameserver" && w.size() > 1) ++into.nameservers;
        if (w.front() == "options")
            for (std::size_t i = 1; i < w.size(); ++i) apply(w[i]);
    }
}

retry_schedule_t retry_schedule(std::chrono::milliseconds budget, std::size_t servers, const resolver_options& user,
                                bool paired) {
    // Enough for any budget: 255 first tries' worth in all.
    constexpr int max_tries = 8;
    retry_schedule_t s;
    s.first_try = user.timeout.value_or(std::chrono::milliseconds(1000));
    // c-ares asks each server once per round and waits first_try << round
    // for each answer.
    const auto round = s.first_try * static_cast<long long>(std::max<std::size_t>(servers, 1));
    s.tries = 1;
    for (auto covered = round; covered < budget && s.tries < max_tries; ++s.tries) covered += round * (1LL << s.tries);
    // c-ares 1.18 sends a lookup's A and AAAA queries over one UDP socket. A
    // server that is not listening answers each with an ICMP refusal, which
    // the socket reports to whichever call comes next: often the other
    // query's send, so the two use up their tries in step, two at a time.
    // With an odd count one query is left waiting a whole round for the
    // refusal the other one took (2 s instead of at once, for a dead local
    // resolver; measured with 3 and 5 tries, none with 2, 4 and 6).
    if (paired && s.tries % 2 != 0) ++s.tries;
    if (user.attempts) s.tries = std::min(s.tries, *user.attempts);
    return s;
}

dns_config make_dns_config(const check_options& options) {
    dns_config config;
    config.family = options.ip_family;
    config.lookup_budget = options.connect_timeout;
    config.servers = options.dns_servers;
    config.overrides = options.resolve_overrides;
    config.connect_to = options.connect_to;
    return config;
}

}  // namespace urlcheck
