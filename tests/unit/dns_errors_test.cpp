// dns_errors: what each c-ares status means, and which answers are kept for
// the run.
#include "dns_errors.hpp"

#include <ares.h>
#include <gtest/gtest.h>

#include <boost/asio/error.hpp>

#include <vector>

namespace {

namespace asio = boost::asio;

struct row {
    int status;
    boost::system::error_code expected;
    bool cacheable;
};

TEST(DnsErrors, EveryStatusHasItsCodeAndCacheability) {
    const std::vector<row> rows = {
        {ARES_SUCCESS, {}, true},
        {ARES_ENOTFOUND, asio::error::host_not_found, true},  // NXDOMAIN holds for the run
        {ARES_ENODATA, asio::error::no_data, true},
        {ARES_ESERVFAIL, asio::error::host_not_found_try_again, true},
        {ARES_EREFUSED, asio::error::host_not_found_try_again, true},
        {ARES_ECONNREFUSED, asio::error::host_not_found_try_again, true},  // c-ares 1.18's SERVFAIL/REFUSED
        {ARES_ETIMEOUT, asio::error::host_not_found_try_again, false},     // a lost packet: ask again
        {ARES_EBADNAME, asio::error::invalid_argument, true},
        {ARES_ENOMEM, asio::error::no_memory, false},
        {ARES_ECANCELLED, asio::error::operation_aborted, false},
        {ARES_EDESTRUCTION, asio::error::operation_aborted, false},
        {ARES_EBADRESP, {ARES_EBADRESP, urlcheck::ares_category()}, false},  // garbled: says nothing
        {ARES_EFORMERR, {ARES_EFORMERR, urlcheck::ares_category()}, false},
    };
    for (const auto& r : rows) {
        EXPECT_EQ(urlcheck::to_error_code(r.status), r.expected) << ares_strerror(r.status);
        EXPECT_EQ(urlcheck::is_cacheable(r.status), r.cacheable) << ares_strerror(r.status);
    }
}

TEST(DnsErrors, CAresOwnCodesKeepItsText) {
    const auto ec = urlcheck::to_error_code(ARES_EBADRESP);
    EXPECT_STREQ(ec.category().name(), "c-ares");
    EXPECT_EQ(ec.message(), ares_strerror(ARES_EBADRESP));
}

}  // namespace
