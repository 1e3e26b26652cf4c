// Everything the user can set, as plain data. Filled by the CLI front end,
// read by the engine (check_options) and the reporters (report_options).
#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

#include "urlcheck/accept_list.hpp"
#include "urlcheck/header_field.hpp"

namespace urlcheck {

enum class http_method { get, head };
enum class output_format { text, json, jsonl };
enum class color_mode { automatic, always, never };
// Which IP versions a check may use: -4 / -6 narrow it.
enum class address_family { any, v4, v6 };

struct check_options {
    int concurrency = 100;
    int per_host = 8;
    std::chrono::milliseconds connect_timeout{5000};
    std::chrono::milliseconds timeout{10000};  // one whole attempt
    // The whole run (--max-time); zero: no limit. Checks still running then
    // end as timeouts, checks not yet started as skipped.
    std::chrono::milliseconds max_time{0};
    http_method method = http_method::get;
    int max_redirects = 5;
    int retries = 1;
    std::chrono::milliseconds retry_wait{500};
    // A Retry-After longer than this is not waited for: the check gives up
    // with the server's answer instead of stalling the run.
    std::chrono::milliseconds max_retry_after{10000};
    accept_list accept;
    std::vector<header_field> headers;
    std::string user_agent;  // empty: "urlcheck/VERSION"
    std::string cacert;      // replaces the system trust store when set
    bool insecure = false;
    std::size_t max_body_bytes = 64 * 1024;
    std::size_t max_header_bytes = 64 * 1024;
    // Name resolution. dns_servers replaces /etc/resolv.conf's servers:
    // "IP[:PORT][,...]", IPv6 as "[addr]:port" (or a bare addr without port).
    std::string dns_servers;
    // curl's --resolve, one per option: "HOST:PORT:ADDR[,ADDR...]" answers
    // HOST on PORT with these addresses and no query; HOST "*" is any host.
    std::vector<std::string> resolve_overrides;
    address_family ip_family = address_family::any;
};

struct report_options {
    output_format format = output_format::text;
    std::string output_path;  // empty: standard output
    int verbosity = 0;        // -1 quiet, 0 normal, 1 verbose
    color_mode color = color_mode::automatic;
};

struct options {
    std::vector<std::string> inputs;  // file paths, "-" or literal URLs
    check_options check;
    report_options report;
};

}  // namespace urlcheck
