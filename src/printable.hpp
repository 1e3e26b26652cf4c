// Written text quoted in messages: never raw control or non-ASCII bytes, so
// messages are safe to print on any terminal and in any log.
#pragma once

#include <string>
#include <string_view>

namespace urlcheck {

// `s` with every byte below 0x20 or from 0x7F up written as \xNN.
std::string printable(std::string_view s);

}  // namespace urlcheck
