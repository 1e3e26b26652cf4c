# Every external dependency, found once. Debian 12 package names are in the
# README; all but c-ares ship CMake config files.
# URLCHECK_PORTABLE (cmake/portable.cmake) swaps the shared libraries for
# static ones: its hints go before the finds, its overrides after.
include(cmake/portable.cmake)
find_package(Boost 1.81 REQUIRED CONFIG COMPONENTS url json)
find_package(OpenSSL 3 REQUIRED)
find_package(CLI11 REQUIRED CONFIG)
find_package(fmt REQUIRED CONFIG)
find_package(Threads REQUIRED)
# c-ares ships no CMake config on Debian 12 (1.18), only a pkg-config file.
find_package(PkgConfig REQUIRED)
pkg_check_modules(CARES REQUIRED IMPORTED_TARGET libcares>=1.16)
# toml++ (Debian libtomlplusplus-dev), for the configuration file: its
# pkg-config file links Debian's compiled library (TOML_HEADER_ONLY=0), so
# the one file that includes it (src/cli/config_file.cpp) compiles only the
# declarations.
pkg_check_modules(TOMLPLUSPLUS REQUIRED IMPORTED_TARGET tomlplusplus>=3.3)
# --state (src/state/): the only unit that links it.
pkg_check_modules(SQLITE3 REQUIRED IMPORTED_TARGET sqlite3>=3.31)
# The document parsers of --extract (src/extract/, nothing else includes
# them): md4c (Debian libmd4c-dev) for Markdown, gumbo (libgumbo-dev) for
# HTML. Both ship only pkg-config files.
pkg_check_modules(MD4C REQUIRED IMPORTED_TARGET md4c>=0.4)
pkg_check_modules(GUMBO REQUIRED IMPORTED_TARGET gumbo>=0.10)
# Internationalised host names to A-labels (src/idn.cpp, the grammar
# layer): libidn2 (libidn2-dev), UTS #46. Only a pkg-config file.
pkg_check_modules(IDN2 REQUIRED IMPORTED_TARGET libidn2>=2.2)
# Sitemaps (src/sitemap/): expat (libexpat1-dev) parses them as a stream,
# zlib (zlib1g-dev) inflates the .gz ones. CMake's own modules find both.
find_package(EXPAT 2.2 REQUIRED)
find_package(ZLIB REQUIRED)
if(URLCHECK_PORTABLE)
  urlcheck_link_statically()
endif()
if(URLCHECK_BUILD_TESTS)
  find_package(GTest REQUIRED)
endif()
