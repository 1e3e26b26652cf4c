# Every external dependency, found once. Debian 12 package names are in the
# README; all of them ship CMake config files.
find_package(Boost 1.81 REQUIRED CONFIG COMPONENTS url json)
find_package(OpenSSL 3 REQUIRED)
find_package(CLI11 REQUIRED CONFIG)
find_package(fmt REQUIRED CONFIG)
find_package(Threads REQUIRED)
if(URLCHECK_BUILD_TESTS)
  find_package(GTest REQUIRED)
endif()
