// Everything the user can set, as plain data. Filled by the CLI front end,
// read by the engine (check_options) and the reporters (report_options).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "urlcheck/accept_list.hpp"
#include "urlcheck/header_field.hpp"
#include "urlcheck/ip_address.hpp"
#include "urlcheck/version.hpp"
#include "urlcheck/vocabulary.hpp"

namespace urlcheck {

// One --dns-server: where to send queries instead of /etc/resolv.conf's servers.
struct dns_server {
    ip_address address;
    std::uint16_t port = 53;
};

// One --resolve (curl's): HOST on PORT is answered with `addresses`, no query.
struct resolve_override {
    std::string host;  // normalised (lower case, no trailing dot); "*" matches every host
    std::uint16_t port = 0;
    std::vector<ip_address> addresses;
};

// --tls-min: the oldest TLS version urlcheck will speak (never older than 1.2).
enum class tls_version { v1_2, v1_3 };

// The proxy variables as the environment gave them. read_environment
// (app.cpp) fills them the way curl reads them: lower case wins over upper
// case, and HTTP_PROXY in upper case is never read (httpoxy: a CGI script
// gets the request's "Proxy:" header as HTTP_PROXY).
struct proxy_environment {
    std::string http_proxy;
    std::string https_proxy;
    std::string all_proxy;
    std::string no_proxy;
};

// README "Behind a proxy".
struct proxy_options {
    std::string url;                     // --proxy: every URL but --noproxy's goes through it
    std::optional<std::string> noproxy;  // --noproxy: replaces NO_PROXY, even when empty
    bool use_environment = true;         // --no-proxy-env clears it
    proxy_environment environment{};     // no option: read_environment fills it
};

// One --connect-to (curl's): a connection for HOST1:PORT1 goes to
// HOST2:PORT2 instead; the URL, Host, SNI and certificate stay HOST1's.
struct connect_to_rule {
    std::string from_host;  // normalised; empty matches every host
    std::uint16_t from_port = 0;  // 0 matches every port
    std::string to_host;    // normalised name or IP literal (no brackets); empty keeps the URL's host
    std::uint16_t to_port = 0;  // 0 keeps the URL's port
    bool operator==(const connect_to_rule&) const = default;
};

struct check_options {
    int concurrency = 100;
    int per_host = 8;
    std::chrono::milliseconds connect_timeout{5000};
    std::chrono::milliseconds timeout{10000};  // one whole attempt
    // The whole run (--max-time); zero: no limit. Checks still running then
    // end as timeouts, checks not yet started as skipped.
    std::chrono::milliseconds max_time{0};
    http_method method = http_method::automatic;
    int max_redirects = 5;
    int retries = 1;
    std::chrono::milliseconds retry_wait{500};
    // A Retry-After longer than this is not waited for: the check gives up
    // with the server's answer instead of stalling the run.
    std::chrono::milliseconds max_retry_after{10000};
    accept_list accept;
    std::vector<header_field> headers;
    std::string user_agent = std::string("urlcheck/") + version;  // empty also sends this
    std::string cacert;      // replaces the system trust store when set
    bool insecure = false;
    // --capath: a c_rehash'ed directory of CAs; with --cacert, or alone, it
    // replaces the system trust store too.
    std::string capath;
    // The run's one client identity (README "Client certificates"): PEM
    // files, and the NAME of the environment variable holding the key's
    // passphrase (never the passphrase: it is read once, at TLS setup).
    std::string client_cert;
    std::string client_key;  // empty: the key in client_cert's file
    std::string pass_env;
    tls_version tls_min = tls_version::v1_2;
    // --body-limit: body bytes read (and kept for contains=/not-contains=/
    // regex=) before the connection is closed.
    std::size_t max_body_bytes = 64 * 1024;
    std::size_t max_header_bytes = 64 * 1024;
    // Name resolution: dns_servers (empty: /etc/resolv.conf's) and
    // resolve_overrides (an exact host wins over "*"; then the first given).
    std::vector<dns_server> dns_servers;
    std::vector<resolve_override> resolve_overrides;
    address_family ip_family = address_family::any;
    // --connect-to, in the order given: the first that matches wins (curl).
    std::vector<connect_to_rule> connect_to;
    // --all-addresses: check every address behind the name (README "Every address").
    all_addresses_mode all_addresses = all_addresses_mode::off;

    // Verdict thresholds (README "Verdicts").
    std::chrono::milliseconds slow{0};  // --slow: degraded above it; 0: off
    int cert_warn_days = 14;            // --cert-warn: degraded when the leaf expires within this many days
    int cert_fail_days = 0;             // --cert-fail: down within this many days (0: once expired)
    redirect_policy redirect = redirect_policy::follow;

    // Confirm before fail (README "Confirmation"): a down or unverifiable
    // result with a transient cause is checked once more after confirm_wait
    // (jittered by up to 20 % either way), never past the run deadline.
    bool confirm = true;
    std::chrono::milliseconds confirm_wait{2000};

    // Politeness: at least this long between the starts of two checks of one
    // host (0: off). A 429 or 503 with Retry-After holds the whole host.
    std::chrono::milliseconds host_interval{0};

    proxy_options proxy{};
};

// --fail-on: warning states that also fail the run (exit 3 when nothing is down).
struct fail_on_states {
    bool degraded = false;
    bool unverifiable = false;
    bool skipped = false;  // an incomplete run (--max-time) fails a gate that asks for it
    bool pending = false;  // --state: down for fewer runs than --fail-after
};
// One --report FORMAT[=PATH].
struct report_request {
    output_format format = output_format::text;
    std::string path;  // "-" standard output; empty: standard output, or GitHub's job summary for markdown
    bool operator==(const report_request&) const = default;
};

struct report_options {
    output_format format = output_format::text;
    std::string output_path;  // empty: standard output
    // --report, in the order given; when empty, one report of `format` to
    // `output_path` (--format and -o are its simple form).
    std::vector<report_request> reports;
    bool annotations = true;  // under GitHub Actions, a text report adds workflow-command annotations on stderr
    int verbosity = 0;        // -1 quiet, 0 normal, 1 verbose
    color_mode color = color_mode::automatic;
    report_order order = report_order::automatic;  // --order: when the text report lists an entry
    fail_on_states fail_on;  // also decides what -q lists
    bool explain = false;    // --explain: the one URL's check step by step, instead of the text report
    bool changes_only = false;  // --changes-only (with --state): list only what changed since the last run
    // --ack FILE: known failures, reported as acknowledged and kept out of
    // the exit code (src/cli/ack_file.hpp); empty: none.
    std::string ack_path{};
};

// --shard (README "Sharding"). The CI variables as the environment gave
// them: read_environment (app.cpp) fills them, resolve_shard (shard.hpp)
// reads them under --shard auto, so nothing else calls getenv.
// ({}: initialisers that name some of the fields compile under
// -Wmissing-field-initializers.)
struct shard_environment {
    std::string job_completion_index{};    // Kubernetes Indexed Job, from 0
    std::string ci_node_index{};           // GitLab parallel, from 1
    std::string ci_node_total{};
    std::string slurm_array_task_id{};     // SLURM job array: any base, see SLURM_ARRAY_TASK_MIN
    std::string slurm_array_task_count{};
    std::string slurm_array_task_min{};
    std::string slurm_array_task_max{};
};

// Which share of the list this run checks: the entries whose host hashes to
// `index` of `count` (shard.hpp). count 0: the whole list.
struct shard_options {
    std::uint32_t index{};  // K, from 1
    std::uint32_t count{};  // N
    bool automatic{};   // --shard auto: K and N from `environment`
    std::uint32_t shards{};  // --shards N: the count a Kubernetes index needs
    shard_environment environment{};
};

// Which entries are checked at all (entry_filter.hpp).
struct select_options {
    std::vector<std::string> tags;     // --select-tag: a line with any of these tags
    std::vector<std::string> include;  // --include: URL regexes, at least one must match
    std::vector<std::string> exclude;  // --exclude: URL regexes, none may match
    // ({}: an initialiser that names only the fields above still compiles
    // under -Wmissing-field-initializers.)
    std::vector<std::string> exclude_files{};  // --exclude-file: files of --exclude regexes, one a line
    // ./.urlcheckignore when it is there and --no-config is not given, read
    // like an --exclude-file. No option of its own: the command line's
    // parser sets it.
    std::string ignore_file{};
    shard_options shard{};  // --shard: applied after the selection above
    bool empty() const noexcept {
        return tags.empty() && include.empty() && exclude.empty() && exclude_files.empty() && ignore_file.empty();
    }
};

// Where the other options come from: settled by the command line before
// anything runs, and read by nothing after it. Here because every option is
// parsed into `options` by its one row in the options table.
struct config_options {
    std::string path;           // --config FILE; empty: ./urlcheck.toml when there is one
    bool skip_default = false;  // --no-config: not even ./urlcheck.toml
    bool print = false;         // --print-config: print the options in effect as TOML, and exit
};

// How the file INPUTs are read: as URL lists, or as documents whose links
// are checked (list_reader.hpp: input_format_of).
struct input_options {
    input_format format = input_format::list;
    // --extract: the inputs are documents; under `list` or `automatic`, a
    // file that is not Markdown or HTML by its extension is plain text.
    bool extract = false;
    // --base: what a relative link in a document is resolved against; when
    // empty, relative links are left out. An absolute http(s) URL.
    std::string base;
    // false (--no-dedup): no count of how often each URL is listed (8-12
    // bytes per distinct URL); a URL listed again after its check ended is
    // checked again. Repeats read while their check runs still join it.
    bool dedup = true;
};

// --state and what it enables (docs/cron.md): memory between runs.
struct state_options {
    std::string path;                 // --state FILE; empty: no state, every run on its own
    std::chrono::milliseconds wait{0};  // --state-wait: how long to wait for another run's lock; 0 fails at once
    int fail_after = 1;               // --fail-after N: consecutive down runs before down (pending until then)
    int recover_after = 1;            // --recover-after M: consecutive good runs before a down entry is up
    std::chrono::milliseconds remind_every{0};  // --remind-every: 0 never
    std::chrono::milliseconds skip_fresh{0};    // --skip-fresh: 0 rechecks everything
};

struct options {
    std::vector<std::string> inputs;  // file paths, "-" or literal URLs
    input_options input;
    std::vector<std::string> sitemaps;  // --sitemap: http(s) URLs or paths, downloaded before the run
    select_options select;
    check_options check;
    report_options report;
    config_options config;
    bool lint = false;  // --lint: report every bad line of the inputs, check nothing
    state_options state{};  // --state (issue 17)
};

}  // namespace urlcheck
