# URLCHECK_PORTABLE: one urlcheck binary that runs on any x86-64 Linux with a
# glibc at least as new as the build machine's (scripts/build-portable.sh
# builds it, scripts/portable-test.sh checks it). Every library but glibc is
# linked in: Boost, OpenSSL, c-ares, gumbo, libidn2 (+ libunistring), expat and zlib from Debian's own
# static archives; fmt and toml++ header-only, as Debian ships neither as an
# archive; md4c compiled here from Debian's source tarball; libstdc++ and
# libgcc with -static-libstdc++/-static-libgcc. glibc stays dynamic: a static
# glibc cannot load NSS modules, and its floor is what the binary needs.
# Only the urlcheck binary (and the demo server) need to build this way.
#
# dependencies.cmake includes this file before its find_package calls (the
# hints below must be set by then) and calls urlcheck_link_statically()
# after them; the normal build is unchanged.
option(URLCHECK_PORTABLE "Link every library but glibc statically (scripts/build-portable.sh)" OFF)

if(URLCHECK_PORTABLE)
  set(OPENSSL_USE_STATIC_LIBS TRUE)
  set(Boost_USE_STATIC_LIBS ON)
  set(ZLIB_USE_STATIC_LIBS ON)
  # fmt's exported targets are fmt::fmt (the shared library) and
  # fmt::fmt-header-only. Defining both here first makes fmt's config file
  # return early (its "already defined" guard), so every target that links
  # fmt::fmt gets the header-only form with no change of its own.
  find_path(URLCHECK_FMT_INCLUDE_DIR fmt/format.h REQUIRED)
  foreach(fmt_target fmt::fmt fmt::fmt-header-only)
    add_library(${fmt_target} INTERFACE IMPORTED)
    set_target_properties(${fmt_target} PROPERTIES
      INTERFACE_COMPILE_DEFINITIONS FMT_HEADER_ONLY=1
      INTERFACE_INCLUDE_DIRECTORIES ${URLCHECK_FMT_INCLUDE_DIR})
  endforeach()
  add_link_options(-static-libstdc++ -static-libgcc)
  enable_language(C)  # md4c, below; at directory scope, as CMake requires
endif()

# The static archive of a Debian library, e.g. libcares.a, or a configure error.
function(urlcheck_static_archive variable name)
  find_library(${variable} NAMES lib${name}.a REQUIRED NO_CACHE)
  set(${variable} ${${variable}} PARENT_SCOPE)
endfunction()

function(urlcheck_link_statically)
  # pkg-config's targets link -lNAME, which the linker resolves to the
  # shared library: point them at the archives instead.
  urlcheck_static_archive(cares_archive cares)
  set_target_properties(PkgConfig::CARES PROPERTIES
    INTERFACE_LINK_LIBRARIES ${cares_archive}
    INTERFACE_LINK_OPTIONS ""
    INTERFACE_COMPILE_DEFINITIONS CARES_STATICLIB)
  urlcheck_static_archive(gumbo_archive gumbo)
  set_target_properties(PkgConfig::GUMBO PROPERTIES
    INTERFACE_LINK_LIBRARIES ${gumbo_archive}
    INTERFACE_LINK_OPTIONS "")
  # libidn2's archive needs libunistring's (libunistring-dev), which its
  # pkg-config file names only under Libs.private.
  urlcheck_static_archive(idn2_archive idn2)
  urlcheck_static_archive(unistring_archive unistring)
  set_target_properties(PkgConfig::IDN2 PROPERTIES
    INTERFACE_LINK_LIBRARIES "${idn2_archive};${unistring_archive}"
    INTERFACE_LINK_OPTIONS "")
  # SQLite (--state): its archive needs libm from glibc, which stays shared.
  urlcheck_static_archive(sqlite3_archive sqlite3)
  set_target_properties(PkgConfig::SQLITE3 PROPERTIES
    INTERFACE_LINK_LIBRARIES "${sqlite3_archive};m"
    INTERFACE_LINK_OPTIONS "")
  urlcheck_static_archive(expat_archive expat)
  set_target_properties(EXPAT::EXPAT PROPERTIES IMPORTED_LOCATION ${expat_archive})

  # toml++: Debian's pkg-config file asks for its shared library
  # (TOML_HEADER_ONLY=0 TOML_SHARED_LIB=1); the headers hold the whole
  # implementation, and only cli/config_file.cpp includes them.
  set_target_properties(PkgConfig::TOMLPLUSPLUS PROPERTIES
    INTERFACE_COMPILE_OPTIONS ""
    INTERFACE_COMPILE_DEFINITIONS TOML_HEADER_ONLY=1
    INTERFACE_LINK_LIBRARIES ""
    INTERFACE_LINK_OPTIONS "")

  # md4c: Debian ships no archive. Its parser is one C file; the tarball is
  # Debian's .orig (the upstream release 0.4.8), pinned by its hash.
  include(FetchContent)
  FetchContent_Declare(md4c_source
    URL http://deb.debian.org/debian/pool/main/m/md4c/md4c_0.4.8.orig.tar.gz
    URL_HASH SHA256=4a457df853425b6bb6e3457aa1d1a13bccec587a04c38c622b1013a0da41439f
    DOWNLOAD_EXTRACT_TIMESTAMP TRUE)
  FetchContent_GetProperties(md4c_source)
  if(NOT md4c_source_POPULATED)
    FetchContent_Populate(md4c_source)
  endif()
  add_library(urlcheck_md4c STATIC ${md4c_source_SOURCE_DIR}/src/md4c.c)
  # As md4c's own build (and so Debian's library) compiles it.
  target_compile_definitions(urlcheck_md4c PRIVATE MD4C_USE_UTF8)
  set_target_properties(PkgConfig::MD4C PROPERTIES
    INTERFACE_INCLUDE_DIRECTORIES ${md4c_source_SOURCE_DIR}/src
    INTERFACE_LINK_LIBRARIES urlcheck_md4c
    INTERFACE_LINK_OPTIONS "")
endfunction()
