# Warnings and sanitizers for every target of this project (not for the
# dependencies' headers, which come in as SYSTEM includes).
add_library(urlcheck_warnings INTERFACE)
target_compile_options(urlcheck_warnings INTERFACE -Wall -Wextra -Wpedantic)
if(URLCHECK_WERROR)
  target_compile_options(urlcheck_warnings INTERFACE -Werror)
endif()
if(URLCHECK_SANITIZE)
  # UBSan's findings end the process like ASan's, so a test fails on them
  # instead of printing a line nobody reads.
  target_compile_options(urlcheck_warnings INTERFACE
    -fsanitize=${URLCHECK_SANITIZE} -fno-sanitize-recover=all -fno-omit-frame-pointer)
  target_link_options(urlcheck_warnings INTERFACE -fsanitize=${URLCHECK_SANITIZE})
  if(CMAKE_CXX_COMPILER_ID MATCHES "Clang" AND URLCHECK_SANITIZE MATCHES "undefined")
    # clang 14's -fsanitize=function (part of "undefined") cannot compile a
    # coroutine: "Cannot represent a difference across sections".
    target_compile_options(urlcheck_warnings INTERFACE -fno-sanitize=function)
  endif()
endif()
if(URLCHECK_FUZZ)
  # Coverage feedback for libFuzzer in everything the fuzz targets link.
  target_compile_options(urlcheck_warnings INTERFACE -fsanitize=fuzzer-no-link)
endif()
