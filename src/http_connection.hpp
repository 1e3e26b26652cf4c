// One open HTTP connection, plain or TLS, that may outlive the request that
// opened it by waiting in the connection pool.
#pragma once

#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

#include <optional>
#include <string>

#include "tls.hpp"

namespace urlcheck {

struct http_connection {
    explicit http_connection(std::string origin_key) : origin(std::move(origin_key)) {}
    http_connection(const http_connection&) = delete;
    http_connection& operator=(const http_connection&) = delete;
    ~http_connection() {
        // Without this, freeing the SSL marks its session (the very object
        // the session cache holds) not resumable. Servers closing after each
        // response are exactly the ones where resumption pays; a connection
        // that ended in an error or a timeout is not vouched for.
        if (secure && clean) mark_clean_shutdown(secure->native_handle());
    }

    boost::beast::tcp_stream& lowest() { return secure ? boost::beast::get_lowest_layer(*secure) : *plain; }

    std::string origin;  // the pool key: split_target()'s origin
    certificate_report report;  // before `secure`: the SSL points at it until freed
    std::optional<boost::beast::tcp_stream> plain;
    std::optional<boost::beast::ssl_stream<boost::beast::tcp_stream>> secure;
    std::optional<tls_info> certificate;
    std::string remote_addr;
    bool clean = false;     // the last exchange read a whole response
    bool reusable = false;  // the last exchange ended cleanly at a message boundary
};

}  // namespace urlcheck
