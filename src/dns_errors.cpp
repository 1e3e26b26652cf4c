#include "dns_errors.hpp"

#include <ares.h>
#include <boost/asio/error.hpp>

#include <string>

namespace urlcheck {

namespace asio = boost::asio;

namespace {

class ares_category_impl final : public boost::system::error_category {
public:
    const char* name() const noexcept override { return "c-ares"; }
    std::string message(int status) const override { return ares_strerror(status); }
};

}  // namespace

const boost::system::error_category& ares_category() noexcept {
    static const ares_category_impl category;
    return category;
}

boost::system::error_code to_error_code(int status) noexcept {
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

bool is_cacheable(int status) noexcept {
    return status == ARES_SUCCESS || status == ARES_ENOTFOUND || status == ARES_ENODATA ||
           status == ARES_ESERVFAIL || status == ARES_EREFUSED || status == ARES_ECONNREFUSED ||
           status == ARES_EBADNAME;
}

}  // namespace urlcheck
