// The whole program: command line -> inputs -> checks -> report -> exit code.
#pragma once

namespace urlcheck {

int run_app(int argc, const char* const* argv);

}  // namespace urlcheck
