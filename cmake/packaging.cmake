# Install rules and the Debian package: `cpack -G DEB` in the build directory
# writes urlcheck_<version>_amd64.deb (scripts/package-test.sh builds, installs
# and tries it). Included at the end of the top-level CMakeLists.txt, after
# the urlcheck target exists.
#
# `cmake --install` and cpack do not build the whole tree first (that would
# build every test on the way to a package): build the targets the package
# holds before, i.e. `cmake --build BUILD --target urlcheck_package_files`.
set(CMAKE_SKIP_INSTALL_ALL_DEPENDENCY ON)

include(GNUInstallDirs)

set(URLCHECK_DOC_DIR ${CMAKE_INSTALL_DATADIR}/doc/urlcheck)

# Files installed at install time, so that the source may be a file another
# target generates and a missing one (a tree without that generator) is
# skipped: install(FILES OPTIONAL) would still leave an empty directory.
# GZIP: Debian keeps changelogs and man pages gzipped (lintian checks), with
# -n so that the package is the same byte for byte when built twice.
function(urlcheck_install_if_present source destination_dir name)
  cmake_parse_arguments(ARG "GZIP" "" "" ${ARGN})
  set(target "\${dir}/${name}")
  if(ARG_GZIP)
    set(copy "execute_process(COMMAND gzip -9n -c \"${source}\" OUTPUT_FILE \"${target}\" COMMAND_ERROR_IS_FATAL ANY)")
  else()
    set(copy "file(COPY_FILE \"${source}\" \"${target}\")")
  endif()
  install(CODE "
    if(EXISTS \"${source}\")
      set(dir \"\$ENV{DESTDIR}\${CMAKE_INSTALL_PREFIX}/${destination_dir}\")
      file(MAKE_DIRECTORY \"\${dir}\")
      ${copy}
      file(CHMOD \"${target}\" PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ)
      message(STATUS \"Installing: ${target}\")
    endif()")
endfunction()

# The binary's own rule is in src/CMakeLists.txt (bin/).
install(FILES README.md DESTINATION ${URLCHECK_DOC_DIR})
install(FILES LICENSE DESTINATION ${URLCHECK_DOC_DIR} RENAME copyright)
# The version is native (0.1.0, no Debian revision), so Debian's changelog.gz
# is this package's own changelog and must be in Debian's format (lintian
# reads it): a generated entry for the version that points to the project's
# CHANGELOG.md, shipped next to it.
urlcheck_install_if_present(${PROJECT_BINARY_DIR}/debian-changelog ${URLCHECK_DOC_DIR} changelog.gz GZIP)
urlcheck_install_if_present(${PROJECT_SOURCE_DIR}/CHANGELOG.md ${URLCHECK_DOC_DIR} CHANGELOG.md.gz GZIP)

# The man page and the completions are generated into the build directory by
# their own targets; each is installed when its file is there.
urlcheck_install_if_present(${PROJECT_BINARY_DIR}/urlcheck.1 ${CMAKE_INSTALL_MANDIR}/man1 urlcheck.1.gz GZIP)
urlcheck_install_if_present(${PROJECT_BINARY_DIR}/completions/urlcheck.bash
  ${CMAKE_INSTALL_DATADIR}/bash-completion/completions urlcheck)
urlcheck_install_if_present(${PROJECT_BINARY_DIR}/completions/_urlcheck
  ${CMAKE_INSTALL_DATADIR}/zsh/vendor-completions _urlcheck)
urlcheck_install_if_present(${PROJECT_BINARY_DIR}/completions/urlcheck.fish
  ${CMAKE_INSTALL_DATADIR}/fish/vendor_completions.d urlcheck.fish)

# What a package holds, built in one step. The generators' targets may be
# declared after this file is read, so they are looked up once the whole
# tree is configured.
add_custom_target(urlcheck_package_files DEPENDS urlcheck)
function(urlcheck_package_connect_generators)
  foreach(generator urlcheck_docs)
    if(TARGET ${generator})
      add_dependencies(urlcheck_package_files ${generator})
    endif()
  endforeach()
endfunction()
cmake_language(DEFER DIRECTORY ${PROJECT_SOURCE_DIR} CALL urlcheck_package_connect_generators)

set(CPACK_PACKAGE_NAME urlcheck)
set(CPACK_PACKAGE_VENDOR "The urlcheck authors")
set(CPACK_PACKAGE_CONTACT "urlcheck maintainers <maintainers@urlcheck.invalid>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "check that URLs are up and report the ones that are down")
set(CPACK_PACKAGE_DESCRIPTION
  "urlcheck fetches a list of URLs concurrently (HTTP/1.1 over TCP and TLS, its
own DNS resolver) and reports each one as up, degraded, unverifiable or down,
with an exit code a script can trust. It reads plain lists, Markdown and HTML
documents and sitemaps, and writes text, JSON, JUnit, SARIF, Markdown, HTML,
CSV and Prometheus reports.")
set(CPACK_RESOURCE_FILE_LICENSE ${PROJECT_SOURCE_DIR}/LICENSE)
set(CPACK_STRIP_FILES ON)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)

set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # urlcheck_<version>_<arch>.deb
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# HTTPS needs a CA store; it is data, not a library, so shlibdeps cannot
# find it.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS ca-certificates)
set(CPACK_DEBIAN_COMPRESSION_TYPE xz)

# The entry's date honours SOURCE_DATE_EPOCH, so that a package built twice
# from one commit is the same byte for byte.
string(TIMESTAMP URLCHECK_CHANGELOG_DATE "%a, %d %b %Y %H:%M:%S +0000" UTC)
configure_file(${CMAKE_CURRENT_LIST_DIR}/debian-changelog.in ${PROJECT_BINARY_DIR}/debian-changelog @ONLY)

include(CPack)
