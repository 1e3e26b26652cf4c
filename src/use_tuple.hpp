// The one completion token urlcheck awaits with: `co_await op(..., use_tuple)`
// yields (error_code, results...) and never throws, so every error is a value
// the caller classifies.
#pragma once

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace urlcheck {

inline constexpr auto use_tuple = boost::asio::as_tuple(boost::asio::use_awaitable);

}  // namespace urlcheck
