#include "urlcheck/ip_address.hpp"

#include "asio_address.hpp"

namespace urlcheck {

// Asio's printer and parser, so the text forms are exactly those the
// connecting code accepts and shows.
std::string ip_address::to_string() const { return to_asio(*this).to_string(); }

std::optional<ip_address> parse_ip_address(std::string_view text) {
    boost::system::error_code ec;
    const auto parsed = boost::asio::ip::make_address(std::string(text), ec);
    if (ec) return std::nullopt;
    return from_asio(parsed);
}

}  // namespace urlcheck
