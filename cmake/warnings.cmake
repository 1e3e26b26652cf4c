# urlcheck_warnings: the warnings our own sources are held to, linked
# PRIVATE (the dependencies' headers come in as SYSTEM includes and are not
# judged). The set is ccache's StandardWarnings.cmake, less
# -Wnon-virtual-dtor: GCC 12 raises it on every boost::system::error_category
# subclass (dns.cpp's c-ares category), whose base destructor is protected
# and non-virtual by design -- a category is never deleted through a base.
#
# Warnings are errors where someone can act on them -- a git checkout or CI
# -- and not in a release tarball built with a newer compiler that warns
# about something new (ccache's rule).
if(EXISTS "${PROJECT_SOURCE_DIR}/.git" OR DEFINED ENV{CI})
  set(werror_default ON)
else()
  set(werror_default OFF)
endif()
option(URLCHECK_WERROR "Treat warnings as errors (default: on in a git checkout or CI)" ${werror_default})

add_library(urlcheck_warnings INTERFACE)
target_compile_options(urlcheck_warnings INTERFACE
  -Wall -Wextra -Wpedantic
  -Wcast-align -Woverloaded-virtual)
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  target_compile_options(urlcheck_warnings INTERFACE -Wlogical-op)  # clang has no such warning
endif()
if(URLCHECK_WERROR)
  target_compile_options(urlcheck_warnings INTERFACE -Werror)
endif()
