#pragma once

namespace urlcheck {

inline constexpr const char* version = "0.1.0";

}  // namespace urlcheck
