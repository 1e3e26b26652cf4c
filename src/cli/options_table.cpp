#include "cli/options_table.hpp"

#include <array>
#include <chrono>

#include "cli/convert.hpp"
#include "credentials.hpp"
#include "dns_config.hpp"
#include "proxy.hpp"
#include "shard.hpp"
#include "text.hpp"
#include "urlcheck/line_options.hpp"
#include "urlcheck/result.hpp"
#include "urlcheck/url_list.hpp"

namespace urlcheck::cli {

namespace {

using ms = std::chrono::milliseconds;
using outcome = std::optional<std::string>;

// A field of `options` named by a member pointer into one of its parts, so
// the table names each field once, for both reading and writing.
template <class T>
T& field(options& o, T check_options::*m) {
    return o.check.*m;
}
template <class T>
T& field(options& o, T report_options::*m) {
    return o.report.*m;
}
template <class T>
const T& field(const options& o, T check_options::*m) {
    return o.check.*m;
}
template <class T>
const T& field(const options& o, T report_options::*m) {
    return o.report.*m;
}
template <class T>
const T& field(const options& o, T select_options::*m) {
    return o.select.*m;
}
template <class T>
T& field(options& o, T config_options::*m) {
    return o.config.*m;
}
template <class T>
T& field(options& o, T state_options::*m) {
    return o.state.*m;
}
template <class T>
const T& field(const options& o, T state_options::*m) {
    return o.state.*m;
}
template <class T>
T& field(options& o, T input_options::*m) {
    return o.input.*m;
}
template <class T>
const T& field(const options& o, T input_options::*m) {
    return o.input.*m;
}

// Showing a value the way its option is written.
template <auto M>
std::string show_number(const options& o) {
    return std::to_string(field(o, M));
}
template <auto M>
std::string show_duration(const options& o) {
    return duration_text(field(o, M));
}
template <auto M>
std::string show_name(const options& o) {
    return std::string(to_string(field(o, M)));
}
std::string show_body_limit(const options& o) { return size_text(o.check.max_body_bytes); }
std::string show_accept(const options& o) { return o.check.accept.to_string(); }
std::string show_user_agent(const options& o) { return o.check.user_agent; }

// Showing what `show` cannot: the values that give the field back.
using values = std::vector<std::string>;

template <auto M, auto Value>
values show_flag(const options& o) {
    return field(o, M) == Value ? values{""} : values{};
}
template <auto M>
values show_path(const options& o) {
    const std::string& path = field(o, M);
    return path.empty() ? values{} : values{path};
}
template <auto M>
values show_list(const options& o) {
    return field(o, M);
}
values show_headers(const options& o) {
    values shown;
    for (const auto& h : o.check.headers) shown.push_back(h.name + ": " + h.value);
    return shown;
}
std::string address_text(const ip_address& a) { return a.is_v6() ? "[" + a.to_string() + "]" : a.to_string(); }
values show_dns_servers(const options& o) {
    values shown;
    for (const auto& server : o.check.dns_servers) {
        // A bare IPv6 address is read without a port, and 53 is the default.
        if (server.port == 53) {
            shown.push_back(server.address.to_string());
        } else {
            shown.push_back(address_text(server.address) + ":" + std::to_string(server.port));
        }
    }
    return shown;
}
values show_resolve(const options& o) {
    values shown;
    for (const auto& entry : o.check.resolve_overrides) {
        std::string text = entry.host + ":" + std::to_string(entry.port) + ":";
        for (std::size_t i = 0; i < entry.addresses.size(); ++i) {
            if (i > 0) text += ',';
            text += address_text(entry.addresses[i]);
        }
        shown.push_back(std::move(text));
    }
    return shown;
}
values show_reports(const options& o) {
    values shown;
    for (const auto& report : o.report.reports) {
        std::string text(to_string(report.format));
        if (!report.path.empty()) text += "=" + report.path;
        shown.push_back(std::move(text));
    }
    return shown;
}

// Parsing a value into its field.
template <auto M, int Minimum>
outcome set_number(std::string_view text, options& o) {
    std::string why;
    const auto n = to_int(text, Minimum, &why);
    if (!n) return why;
    field(o, M) = *n;
    return std::nullopt;
}

constexpr long long one_day_ms = 24LL * 60 * 60 * 1000;

template <auto M, long long MinimumMs>
outcome set_duration(std::string_view text, options& o) {
    std::string why;
    const auto d = to_duration(text, ms(MinimumMs), ms(one_day_ms), &why);
    if (!d) return why;
    field(o, M) = *d;
    return std::nullopt;
}

template <auto M, const auto& Names>
outcome set_choice(std::string_view text, options& o) {
    std::string why;
    const auto value = one_of(text, Names, &why);
    if (!value) return why;
    field(o, M) = *value;
    return std::nullopt;
}

template <auto M, auto Value>
outcome set_flag(std::string_view, options& o) {
    field(o, M) = Value;
    return std::nullopt;
}

values show_sitemaps(const options& o) { return o.sitemaps; }
outcome add_sitemap(std::string_view text, options& o) {
    if (text.empty()) return std::string("a sitemap needs a URL or a path");
    o.sitemaps.emplace_back(text);
    return std::nullopt;
}

outcome add_tag(std::string_view text, options& o) {
    if (!is_tag(text)) return "invalid tag '" + printable(text) + "' (letters, digits, '_', '.' and '-' only)";
    o.select.tags.emplace_back(text);
    return std::nullopt;
}
// --shard K/N or auto (shard.hpp); auto is resolved against the
// environment only when the run starts (app.cpp).
outcome set_shard(std::string_view text, options& o) { return parse_shard(text, o.select.shard); }
values show_shard(const options& o) {
    const shard_options& shard = o.select.shard;
    if (shard.automatic) return {"auto"};
    return shard.count == 0 ? values{} : values{shard_name(shard)};
}
outcome set_shards(std::string_view text, options& o) {
    std::string why;
    const auto n = to_int(text, 1, &why);
    if (!n) return why;
    o.select.shard.shards = static_cast<std::uint32_t>(*n);
    return std::nullopt;
}
values show_shards(const options& o) {
    return o.select.shard.shards == 0 ? values{} : values{std::to_string(o.select.shard.shards)};
}
// Regexes are compiled once all are known (entry_filter::make in cli.cpp).
outcome add_include(std::string_view text, options& o) {
    o.select.include.emplace_back(text);
    return std::nullopt;
}
outcome add_exclude(std::string_view text, options& o) {
    o.select.exclude.emplace_back(text);
    return std::nullopt;
}

outcome add_exclude_file(std::string_view path, options& o) {
    o.select.exclude_files.emplace_back(path);
    return std::nullopt;
}
outcome set_lint(std::string_view, options& o) {
    o.lint = true;
    return std::nullopt;
}
// --base: validated and normalised as a list line is (a scheme-less base
// means https://), so a relative link resolves against an absolute URL.
outcome set_base(std::string_view text, options& o) {
    const entry base = make_entry(text, {});
    if (!base.error.empty()) return base.error;
    o.input.base = base.target;
    return std::nullopt;
}

outcome add_header(std::string_view text, options& o) {
    std::string why;
    auto header = to_header(text, &why);
    if (!header) return why;
    o.check.headers.push_back(std::move(*header));
    return std::nullopt;
}

outcome set_user_agent(std::string_view text, options& o) {
    if (!is_header_value(text)) return "control characters are not allowed";
    o.check.user_agent = text;
    return std::nullopt;
}

outcome set_accept(std::string_view text, options& o) {
    std::string why;
    auto list = accept_list::parse(text, &why);
    if (!list) return why;
    o.check.accept = std::move(*list);
    return std::nullopt;
}

constexpr std::size_t max_body_limit = 16 * 1024 * 1024;

outcome set_body_limit(std::string_view text, options& o) {
    std::string why;
    const auto limit = to_size(text, max_body_limit, &why);
    if (!limit) return why;
    o.check.max_body_bytes = *limit;
    return std::nullopt;
}

template <auto M>
outcome set_file(std::string_view text, options& o) {
    if (text.empty()) return "the file name is empty";
    field(o, M) = text;
    return std::nullopt;
}

// The variable's name only: its value, the passphrase, is read at TLS setup.
outcome set_pass_env(std::string_view text, options& o) {
    if (text.empty() || text.find_first_of(std::string_view("=\0", 2)) != std::string_view::npos)
        return "expected the name of an environment variable";
    o.check.pass_env = text;
    return std::nullopt;
}

outcome set_tls_min(std::string_view text, options& o) {
    std::string why;
    const auto version = to_tls_version(text, &why);
    if (!version) return why;
    o.check.tls_min = *version;
    return std::nullopt;
}
std::string show_tls_min(const options& o) { return std::string(tls_version_text(o.check.tls_min)); }

outcome add_dns_servers(std::string_view text, options& o) {
    std::string why;
    auto servers = parse_dns_servers(text, &why);
    if (!servers) return why;
    o.check.dns_servers.insert(o.check.dns_servers.end(), servers->begin(), servers->end());
    return std::nullopt;
}

outcome add_connect_to(std::string_view text, options& o) {
    std::string why;
    auto rule = parse_connect_to(text, &why);
    if (!rule) return why;
    o.check.connect_to.push_back(std::move(*rule));
    return std::nullopt;
}

values show_connect_to(const options& o) {
    values shown;
    for (const auto& rule : o.check.connect_to) shown.push_back(connect_to_text(rule));
    return shown;
}

outcome add_resolve(std::string_view text, options& o) {
    std::string why;
    auto entry = parse_resolve_override(text, &why);
    if (!entry) return why;
    o.check.resolve_overrides.push_back(std::move(*entry));
    return std::nullopt;
}

// --proxy: checked here, so a bad one is a usage error before anything
// runs; --print-config shows it without its password.
outcome set_proxy(std::string_view text, options& o) {
    std::string why;
    if (!parse_proxy_url(text, &why)) return why;
    o.check.proxy.url = text;
    return std::nullopt;
}
values show_proxy(const options& o) {
    return o.check.proxy.url.empty() ? values{} : values{redact_url(o.check.proxy.url)};
}
outcome set_noproxy(std::string_view text, options& o) {
    o.check.proxy.noproxy = std::string(text);
    return std::nullopt;
}
values show_noproxy(const options& o) {
    return o.check.proxy.noproxy ? values{*o.check.proxy.noproxy} : values{};
}
values show_no_proxy_env(const options& o) { return o.check.proxy.use_environment ? values{} : values{""}; }
outcome set_no_proxy_env(std::string_view, options& o) {
    o.check.proxy.use_environment = false;
    return std::nullopt;
}

constexpr std::array<spelling<verdict>, 4> failing_states{{
    {"degraded", verdict::degraded},
    {"unverifiable", verdict::unverifiable},
    {"skipped", verdict::skipped},
    {"pending", verdict::pending},
}};

// The field of `fail_on` for a state (const or not: for add and show).
template <class States>
auto& fails_on(States& fail_on, verdict state) {
    return state == verdict::degraded       ? fail_on.degraded
           : state == verdict::unverifiable ? fail_on.unverifiable
           : state == verdict::pending      ? fail_on.pending
                                            : fail_on.skipped;
}

outcome add_fail_on(std::string_view text, options& o) {
    std::string why;
    const auto state = one_of(text, failing_states, &why);
    if (!state) return why;
    fails_on(o.report.fail_on, *state) = true;
    return std::nullopt;
}

values show_fail_on(const options& o) {
    values shown;
    for (const auto& [name, state] : failing_states) {
        if (fails_on(o.report.fail_on, state)) shown.emplace_back(name);
    }
    return shown;
}

// --report FORMAT[=PATH]: the format's name, then where ("-" or nothing:
// standard output). The path may hold '=' itself; only the first splits.
outcome add_report(std::string_view text, options& o) {
    const auto eq = text.find('=');
    std::string why;
    const auto format = one_of(text.substr(0, eq), output_format_names, &why);
    if (!format) return why;
    std::string path;
    if (eq != std::string_view::npos) {
        path = text.substr(eq + 1);
        if (path.empty()) return "the file name after '=' is empty (leave out '=' or write '-' for standard output)";
    }
    // "-" stays: standard output asked for by name, which the GitHub job
    // summary must not take over (report/plan.cpp).
    o.report.reports.push_back({*format, path});
    return std::nullopt;
}

template <class E, std::size_t N>
constexpr std::array<std::string_view, N> names_of(const std::array<spelling<E>, N>& table) {
    std::array<std::string_view, N> names{};
    for (std::size_t i = 0; i < N; ++i) names[i] = table[i].name;
    return names;
}
constexpr auto method_choices = names_of(http_method_names);
constexpr auto redirect_choices = names_of(redirect_policy_names);
constexpr auto format_choices = names_of(output_format_names);
constexpr auto color_choices = names_of(color_mode_names);
constexpr auto input_format_choices = names_of(input_format_names);
constexpr auto order_choices = names_of(report_order_names);
constexpr auto all_addresses_choices = names_of(all_addresses_names);
constexpr auto fail_on_choices = names_of(failing_states);
constexpr std::array<std::string_view, 2> tls_version_choices{"1.2", "1.3"};

constexpr std::string_view inputs = "Input files";
constexpr std::string_view selection = "Selection";
constexpr std::string_view requests = "Requests";
constexpr std::string_view tls = "TLS";
constexpr std::string_view network = "Name resolution";
constexpr std::string_view proxies = "Proxy";
constexpr std::string_view limits = "Limits & timeouts";
constexpr std::string_view verdicts = "Verdicts";
constexpr std::string_view output = "Output";
constexpr std::string_view memory = "State across runs";
constexpr std::string_view configuration = "Configuration";

using c = check_options;
using r = report_options;
using st = state_options;
using kind = value_kind;

// Each row names only what it sets; the rest keep option_spec's defaults,
// which GCC's -Wmissing-field-initializers counts as missing.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
constexpr auto table = std::to_array<option_spec>({
    {.long_name = "--input-format", .value_name = "FORMAT", .group = inputs,
     .help = "How a file INPUT is read: list (URL lists), markdown, html or\ntext (their http(s) links are checked), "
             "or auto (by extension:\n.md/.markdown, .html/.htm; any other is a list)",
     .kind = kind::choice, .choices = input_format_choices, .show = show_name<&input_options::format>,
     .apply = set_choice<&input_options::format, input_format_names>},
    {.long_name = "--extract", .group = inputs,
     .help = "The INPUTs are documents: check their links (Markdown and\nHTML by extension, any other file as plain "
             "text)",
     .kind = kind::flag, .show_all = show_flag<&input_options::extract, true>,
     .apply = set_flag<&input_options::extract, true>},
    {.long_name = "--base", .value_name = "URL", .group = inputs,
     .help = "Resolve the relative links of documents against URL (without\nit they are left out)",
     .show_all = show_path<&input_options::base>, .apply = set_base},
    {.long_name = "--no-dedup", .group = inputs,
     .help = "Keep no count of repeated URLs: a URL listed again after its\ncheck ended is checked again (saves ~8-12 bytes per distinct\nURL of the list)",
     .kind = kind::flag, .show_all = show_flag<&input_options::dedup, false>,
     .apply = set_flag<&input_options::dedup, false>},
    {.long_name = "--sitemap", .value_name = "URL", .group = inputs,
     .help = "Check the URLs of this sitemap or sitemap index (http(s) URL\nor file, plain or .gz; repeatable)",
     .repeatable = true, .show_all = show_sitemaps, .apply = add_sitemap},
    {.long_name = "--select-tag", .value_name = "TAG", .group = selection,
     .help = "Check only the list lines with this tag= (any of them, if\nrepeated); lines without tags are then left out",
     .repeatable = true, .show_all = show_list<&select_options::tags>, .apply = add_tag},
    {.long_name = "--include", .value_name = "REGEX", .group = selection,
     .help = "Check only URLs this regex finds a match in (any of them, if\nrepeated)", .repeatable = true,
     .show_all = show_list<&select_options::include>, .apply = add_include},
    {.long_name = "--exclude", .value_name = "REGEX", .group = selection,
     .help = "Leave out URLs this regex finds a match in (repeatable)", .repeatable = true,
     .show_all = show_list<&select_options::exclude>, .apply = add_exclude},
    {.long_name = "--exclude-file", .value_name = "FILE", .group = selection,
     .help = "Leave out URLs any regex in FILE finds a match in: one a line,\n'#' comments (repeatable; ./.urlcheckignore is read too)",
     .kind = kind::file, .repeatable = true, .show_all = show_list<&select_options::exclude_files>,
     .apply = add_exclude_file},
    {.long_name = "--shard", .value_name = "K/N", .group = selection,
     .help = "Check only share K of N (from 1), split by host, for one list\nchecked by N runs (urlcheck merge joins their reports); auto:\nfrom Kubernetes, GitLab or SLURM's variables",
     .show_all = show_shard, .apply = set_shard},
    {.long_name = "--shards", .value_name = "N", .group = selection,
     .help = "The number of shards, for --shard auto in a Kubernetes Indexed\nJob (JOB_COMPLETION_INDEX gives K only)",
     .kind = kind::number, .show_all = show_shards, .apply = set_shards},

    {.long_name = "--method", .value_name = "METHOD", .group = requests,
     .help = "auto (HEAD, then a GET that reads only the header when\nHEAD's answer is not accepted), GET or HEAD",
     .kind = kind::choice, .choices = method_choices, .show = show_name<&c::method>,
     .apply = set_choice<&c::method, http_method_names>},
    {.short_name = "-H", .long_name = "--header", .value_name = "HEADER", .group = requests,
     .help = "Extra request header 'Name: value' (repeatable)", .repeatable = true,
     .show_all = show_headers, .apply = add_header},
    {.short_name = "-A", .long_name = "--user-agent", .value_name = "STRING", .group = requests,
     .help = "User-Agent header", .show = show_user_agent, .apply = set_user_agent},
    {.long_name = "--max-redirects", .value_name = "N", .group = requests,
     .help = "Redirects to follow, 0 to not follow any", .kind = kind::number, .show = show_number<&c::max_redirects>,
     .apply = set_number<&c::max_redirects, 0>},
    {.long_name = "--retries", .value_name = "N", .group = requests,
     .help = "Extra attempts after a transient failure: timeout, connection\nor protocol error, 429/502/503/504",
     .kind = kind::number, .show = show_number<&c::retries>, .apply = set_number<&c::retries, 0>},
    {.long_name = "--retry-wait", .value_name = "DURATION", .group = requests,
     .help = "Wait before retrying, doubled each time", .kind = kind::duration,
     .show = show_duration<&c::retry_wait>, .apply = set_duration<&c::retry_wait, 0>},
    {.long_name = "--confirm-wait", .value_name = "DURATION", .group = requests,
     .help = "Wait before checking a transient failure once more, e.g.\n500ms or 2s, jittered by 20 %",
     .kind = kind::duration, .show = show_duration<&c::confirm_wait>, .apply = set_duration<&c::confirm_wait, 0>},
    {.long_name = "--no-confirm", .group = requests,
     .help = "Report a transient failure at once, without a second look", .kind = kind::flag,
     .show_all = show_flag<&c::confirm, false>, .apply = set_flag<&c::confirm, false>},
    {.long_name = "--accept", .value_name = "LIST", .group = requests,
     .help = "Statuses that count as up, e.g. 200-299,401", .show = show_accept, .apply = set_accept},
    {.long_name = "--body-limit", .value_name = "SIZE", .group = requests,
     .help = "Body bytes read, and searched by contains=, not-contains= and\nregex=: 65536, 64k, 1m; at most 16m",
     .kind = kind::size, .show = show_body_limit, .apply = set_body_limit},

    {.long_name = "--cacert", .value_name = "FILE", .group = tls,
     .help = "Trust only the CA certificates in this PEM file", .kind = kind::file,
     .show_all = show_path<&c::cacert>, .apply = set_file<&c::cacert>},
    {.short_name = "-k", .long_name = "--insecure", .group = tls, .help = "Do not verify TLS certificates",
     .kind = kind::flag, .show_all = show_flag<&c::insecure, true>, .apply = set_flag<&c::insecure, true>},
    {.long_name = "--capath", .value_name = "DIR", .group = tls,
     .help = "Trust only the CA certificates in this directory, hashed\nby openssl rehash (with --cacert: both)",
     .kind = kind::file, .show_all = show_path<&c::capath>, .apply = set_file<&c::capath>},
    {.long_name = "--cert", .value_name = "FILE", .group = tls,
     .help = "Present this client certificate (PEM, may hold its chain\nand its key)", .kind = kind::file,
     .show_all = show_path<&c::client_cert>, .apply = set_file<&c::client_cert>},
    {.long_name = "--key", .value_name = "FILE", .group = tls,
     .help = "The client certificate's private key (PEM; unset: the one\nin --cert's file)", .kind = kind::file,
     .show_all = show_path<&c::client_key>, .apply = set_file<&c::client_key>},
    {.long_name = "--pass-env", .value_name = "NAME", .group = tls,
     .help = "Read the --key passphrase from environment variable NAME", .show_all = show_path<&c::pass_env>,
     .apply = set_pass_env},
    {.long_name = "--tls-min", .value_name = "VERSION", .group = tls, .help = "The oldest TLS version to use",
     .kind = kind::choice, .choices = tls_version_choices, .show = show_tls_min, .apply = set_tls_min},

    {.long_name = "--dns-server", .value_name = "LIST", .group = network,
     .help = "DNS servers to ask instead of /etc/resolv.conf's:\nIP[:PORT][,...], IPv6 as [ADDR]:PORT (repeatable)",
     .repeatable = true, .show_all = show_dns_servers, .apply = add_dns_servers},
    {.long_name = "--resolve", .value_name = "HOST:PORT:ADDRS", .group = network,
     .help = "Use ADDRs for HOST on PORT, without asking DNS, as in curl;\nHOST * is any host (repeatable)",
     .repeatable = true, .show_all = show_resolve, .apply = add_resolve},
    {.long_name = "--proxy", .value_name = "URL", .group = proxies,
     .help = "Check every URL through this proxy: http://[user:pass@]host:port;\nreplaces the https_proxy, http_proxy "
             "and all_proxy variables",
     .show_all = show_proxy, .apply = set_proxy},
    {.long_name = "--noproxy", .value_name = "LIST", .group = proxies,
     .help = "Hosts reached without the proxy, replacing NO_PROXY: *, example.com\n(and its subdomains), IPs, CIDR "
             "ranges, HOST:PORT",
     .show_all = show_noproxy, .apply = set_noproxy},
    {.long_name = "--no-proxy-env", .group = proxies,
     .help = "Ignore the proxy variables (http_proxy, https_proxy, all_proxy,\nno_proxy and their upper case)",
     .kind = kind::flag, .show_all = show_no_proxy_env, .apply = set_no_proxy_env},
    {.long_name = "--connect-to", .value_name = "HOST1:PORT1:HOST2:PORT2", .group = network,
     .help = "Connect to HOST2:PORT2 for HOST1:PORT1, as in curl: URL, Host\nand certificate stay HOST1's; empty parts match any (repeatable)",
     .repeatable = true, .show_all = show_connect_to, .apply = add_connect_to},
    {.long_name = "--all-addresses", .value_name = "[=strict]", .group = network,
     .help = "Check every address behind the name: some down is degraded,\n=strict makes it down",
     .kind = kind::choice, .choices = all_addresses_choices, .show = show_name<&c::all_addresses>,
     .bare_value = "rollup", .apply = set_choice<&c::all_addresses, all_addresses_names>},
    {.short_name = "-4", .long_name = "--ipv4", .group = network, .help = "Use IPv4 addresses only",
     .kind = kind::flag, .show_all = show_flag<&c::ip_family, address_family::v4>,
     .apply = set_flag<&c::ip_family, address_family::v4>},
    {.short_name = "-6", .long_name = "--ipv6", .group = network, .help = "Use IPv6 addresses only",
     .kind = kind::flag, .show_all = show_flag<&c::ip_family, address_family::v6>,
     .apply = set_flag<&c::ip_family, address_family::v6>},

    {.short_name = "-c", .long_name = "--concurrency", .value_name = "N", .group = limits,
     .help = "Checks in flight at once", .kind = kind::number, .show = show_number<&c::concurrency>,
     .apply = set_number<&c::concurrency, 1>},
    {.long_name = "--per-host", .value_name = "N", .group = limits, .help = "Connections to one host at once",
     .kind = kind::number, .show = show_number<&c::per_host>, .apply = set_number<&c::per_host, 1>},
    {.long_name = "--host-interval", .value_name = "DURATION", .group = limits,
     .help = "Least time between the starts of two checks of one host,\ne.g. 50ms", .kind = kind::duration,
     .show = show_duration<&c::host_interval>, .zero_means = "none", .apply = set_duration<&c::host_interval, 0>},
    {.long_name = "--connect-timeout", .value_name = "DURATION", .group = limits,
     .help = "Time limit to connect, TLS included", .kind = kind::duration,
     .show = show_duration<&c::connect_timeout>, .apply = set_duration<&c::connect_timeout, 1>},
    {.short_name = "-t", .long_name = "--timeout", .value_name = "DURATION", .group = limits,
     .help = "Time limit for one whole attempt", .kind = kind::duration, .show = show_duration<&c::timeout>,
     .apply = set_duration<&c::timeout, 1>},
    {.short_name = "-m", .long_name = "--max-time", .value_name = "DURATION", .group = limits,
     .help = "Time limit for the whole run: checks still without an answer\nthen and the rest are reported as skipped",
     .kind = kind::duration, .show = show_duration<&c::max_time>, .zero_means = "none",
     .apply = set_duration<&c::max_time, 0>},

    {.long_name = "--slow", .value_name = "DURATION", .group = verdicts,
     .help = "Degraded when the check's last attempt takes longer, e.g.\n800ms or 2s", .kind = kind::duration,
     .show = show_duration<&c::slow>, .zero_means = "off", .apply = set_duration<&c::slow, 0>},
    {.long_name = "--cert-warn", .value_name = "DAYS", .group = verdicts,
     .help = "Degraded when the certificate expires within DAYS", .kind = kind::number,
     .show = show_number<&c::cert_warn_days>, .apply = set_number<&c::cert_warn_days, 0>},
    {.long_name = "--cert-fail", .value_name = "DAYS", .group = verdicts,
     .help = "Down when the certificate expires within DAYS", .kind = kind::number,
     .show = show_number<&c::cert_fail_days>, .zero_means = "once expired", .apply = set_number<&c::cert_fail_days, 0>},
    {.long_name = "--redirect", .value_name = "POLICY", .group = verdicts,
     .help = "follow, warn (follow, degraded: update the list), fail (down)\nor none (the redirect is the answer)",
     .kind = kind::choice, .choices = redirect_choices, .show = show_name<&c::redirect>,
     .apply = set_choice<&c::redirect, redirect_policy_names>},
    {.long_name = "--fail-on", .value_name = "STATE", .group = verdicts,
     .help = "Also fail the run (exit 3) on this state: degraded,\nunverifiable, skipped or pending (repeatable, or comma-separated)",
     .kind = kind::choice, .choices = fail_on_choices, .repeatable = true, .comma_separated = true,
     .show_all = show_fail_on, .apply = add_fail_on},
    {.long_name = "--ack", .value_name = "FILE", .group = verdicts,
     .help = "Known failures (TOML [[ack]] tables: url, regex or tag; reason;\nuntil): reported as acknowledged, not failing the run",
     .kind = kind::file, .show_all = show_path<&r::ack_path>, .apply = set_file<&r::ack_path>},

    // --state and what needs it (issue 17; docs/cron.md).
    {.long_name = "--state", .value_name = "FILE", .group = memory,
     .help = "Remember each entry between runs in this SQLite file:\nits state, since when, runs in a row (created if absent)",
     .kind = kind::file, .show_all = show_path<&st::path>, .apply = set_file<&st::path>},
    {.long_name = "--state-wait", .value_name = "DURATION", .group = memory,
     .help = "Wait this long for another run that holds the --state file\n(0: fail at once, naming it)",
     .kind = kind::duration, .show = show_duration<&st::wait>, .apply = set_duration<&st::wait, 0>},
    {.long_name = "--fail-after", .value_name = "N", .group = memory,
     .help = "With --state: down only after N down runs in a row; until\nthen pending, which fails nothing",
     .kind = kind::number, .show = show_number<&st::fail_after>, .apply = set_number<&st::fail_after, 1>},
    {.long_name = "--recover-after", .value_name = "M", .group = memory,
     .help = "With --state: a down entry is up again only after M good\nruns in a row",
     .kind = kind::number, .show = show_number<&st::recover_after>, .apply = set_number<&st::recover_after, 1>},
    {.long_name = "--changes-only", .group = memory,
     .help = "With --state: list only entries whose state changed since\nthe last run (nothing at all when none did)",
     .kind = kind::flag, .show_all = show_flag<&r::changes_only, true>, .apply = set_flag<&r::changes_only, true>},
    {.long_name = "--remind-every", .value_name = "DURATION", .group = memory,
     .help = "With --changes-only: list a still-down entry again this\noften, e.g. 21600s (at most a day)",
     .kind = kind::duration, .show = show_duration<&st::remind_every>, .zero_means = "never",
     .apply = set_duration<&st::remind_every, 0>},
    {.long_name = "--skip-fresh", .value_name = "DURATION", .group = memory,
     .help = "With --state: do not check again an entry found up less\nthan this long ago (at most a day); report it from the state",
     .kind = kind::duration, .show = show_duration<&st::skip_fresh>, .zero_means = "none",
     .apply = set_duration<&st::skip_fresh, 0>},

    {.long_name = "--format", .value_name = "FORMAT", .group = output,
     .help = "Report format: text, json, jsonl, junit, github, markdown,\nsarif, html, csv or prometheus (docs/formats.md)",
     .kind = kind::choice, .choices = format_choices, .show = show_name<&r::format>,
     .apply = set_choice<&r::format, output_format_names>},
    {.short_name = "-o", .long_name = "--output", .value_name = "FILE", .group = output,
     .help = "Write the report to FILE (replaced atomically)", .kind = kind::file,
     .show_all = show_path<&r::output_path>, .apply = set_file<&r::output_path>},
    {.long_name = "--report", .value_name = "FORMAT[=FILE]", .group = output,
     .help = "Write a FORMAT report to FILE, or to stdout without one\n(repeatable: several reports from one run; at most one on\nstdout; each file replaced atomically)",
     .kind = kind::text, .repeatable = true, .show_all = show_reports, .apply = add_report},
    {.long_name = "--no-annotations", .group = output,
     .help = "Under GitHub Actions (GITHUB_ACTIONS=true), do not add\nannotations on stderr next to a text report",
     .kind = kind::flag, .show_all = show_flag<&r::annotations, false>,
     .apply = set_flag<&r::annotations, false>},
    {.short_name = "-v", .long_name = "--verbose", .group = output, .help = "Also list the URLs that are up (and skipped)",
     .kind = kind::flag, .show_all = show_flag<&r::verbosity, 1>, .apply = set_flag<&r::verbosity, 1>},
    {.short_name = "-q", .long_name = "--quiet", .group = output,
     .help = "Only list the URLs that fail the run (down, and the states\n--fail-on names); no summary",
     .kind = kind::flag, .show_all = show_flag<&r::verbosity, -1>, .apply = set_flag<&r::verbosity, -1>},
    {.long_name = "--explain", .group = output,
     .help = "Check the one URL given and show each step, as curl -v does:\naddresses, connections, TLS, headers (credentials hidden),\nredirects, a timing waterfall, retries, then the verdict",
     .kind = kind::flag, .command_line_only = true, .apply = set_flag<&r::explain, true>},
    {.long_name = "--color", .value_name = "WHEN", .group = output,
     .help = "Colour: auto, always or never; NO_COLOR is honoured", .kind = kind::choice, .choices = color_choices,
     .show = show_name<&r::color>, .apply = set_choice<&r::color, color_mode_names>},
    {.long_name = "--order", .value_name = "WHEN", .group = output,
     .help = "When the text report lists an entry: input (in the list's\norder, at the end), completion (as it is known) or auto\n(completion on a terminal, input elsewhere)",
     .kind = kind::choice, .choices = order_choices, .show = show_name<&r::order>,
     .apply = set_choice<&r::order, report_order_names>},

    {.long_name = "--config", .value_name = "FILE", .group = configuration,
     .help = "Read options from this TOML file instead of ./urlcheck.toml;\nkeys are the long option names, the command line wins",
     .kind = kind::file, .command_line_only = true, .apply = set_file<&config_options::path>},
    {.long_name = "--no-config", .group = configuration, .help = "Do not read ./urlcheck.toml or ./.urlcheckignore",
     .kind = kind::flag,
     .command_line_only = true, .apply = set_flag<&config_options::skip_default, true>},
    {.long_name = "--lint", .group = configuration,
     .help = "Check nothing: read every input and print each bad line as\nFILE:LINE:COLUMN: message; exit 0 when there is none, else 2",
     .kind = kind::flag, .command_line_only = true, .apply = set_lint},
    {.long_name = "--print-config", .group = configuration,
     .help = "Print the options in effect (configuration file, then the\ncommand line) as TOML that --config reads back, and exit",
     .kind = kind::flag, .command_line_only = true, .apply = set_flag<&config_options::print, true>},
});

constexpr auto pairs = std::to_array<option_pair>({
    {"--ipv4", "--ipv6", "-4 and -6 cannot be used together"},
    // Checked here: CLI11's excludes() would print "Excludes: ..." into the
    // help text of both options.
    {"--quiet", "--verbose", "--quiet and --verbose cannot be used together"},
    {"--config", "--no-config", "--config and --no-config cannot be used together"},
    // --report with --format or -o is refused when the reports are planned
    // (a --format text, the default, is no clash there).
    {"--report", "--format", {}},
    {"--report", "--output", {}},
});
#pragma GCC diagnostic pop

}  // namespace

std::span<const option_spec> option_table() { return table; }

std::string default_text(const option_spec& spec) {
    if (spec.show == nullptr) return {};
    static const options defaults{};
    std::string text = spec.show(defaults);
    if (text == "0" && !spec.zero_means.empty()) text += ": " + std::string(spec.zero_means);
    return text;
}

std::vector<std::string> shown_values(const option_spec& spec, const options& o) {
    if (spec.show_all != nullptr) return spec.show_all(o);
    if (spec.show != nullptr) return {spec.show(o)};
    return {};
}

std::span<const option_pair> option_pairs() { return pairs; }

bool merge_option(const option_spec& spec) noexcept {
    // Every output option but --explain (one check, not a report); --state
    // and its wait (the file the shards' state files are merged into), and
    // --changes-only (what a stateful run of the whole list would list).
    return (spec.group == output && spec.long_name != "--explain") || spec.long_name == "--fail-on" ||
           spec.long_name == "--state" || spec.long_name == "--state-wait" || spec.long_name == "--changes-only";
}

std::string flags_of(const option_spec& spec) {
    if (spec.short_name.empty()) return std::string(spec.long_name);
    return std::string(spec.short_name) + "," + std::string(spec.long_name);
}

}  // namespace urlcheck::cli
