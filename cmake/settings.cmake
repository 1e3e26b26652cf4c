# urlcheck_settings: what every translation unit of the project must agree
# on -- the language level, and the sanitizer and fuzzer instrumentation,
# which has to reach every object and the final link alike. The layer
# libraries link it PUBLIC so that whatever links them (tests, examples,
# fuzzers) is built the same way. Warnings are apart (warnings.cmake): they
# are a property of our sources, not of the program.
set(CMAKE_CXX_EXTENSIONS OFF)

add_library(urlcheck_settings INTERFACE)
target_compile_features(urlcheck_settings INTERFACE cxx_std_20)

if(URLCHECK_SANITIZE)
  # UBSan's findings end the process like ASan's, so a test fails on them
  # instead of printing a line nobody reads.
  target_compile_options(urlcheck_settings INTERFACE
    -fsanitize=${URLCHECK_SANITIZE} -fno-sanitize-recover=all -fno-omit-frame-pointer)
  target_link_options(urlcheck_settings INTERFACE -fsanitize=${URLCHECK_SANITIZE})
  if(CMAKE_CXX_COMPILER_ID MATCHES "Clang" AND URLCHECK_SANITIZE MATCHES "undefined")
    # clang 14's -fsanitize=function (part of "undefined") cannot compile a
    # coroutine: "Cannot represent a difference across sections".
    target_compile_options(urlcheck_settings INTERFACE -fno-sanitize=function)
  endif()
endif()
if(URLCHECK_FUZZ)
  # Coverage feedback for libFuzzer in everything the fuzz targets link.
  target_compile_options(urlcheck_settings INTERFACE -fsanitize=fuzzer-no-link)
endif()

# Hardening Debian expects of a packaged network client (lintian's
# hardening-no-fortify-functions, hardening-no-bindnow): checked libc calls
# where the compiler knows buffer sizes, and a read-only GOT resolved at
# start. _FORTIFY_SOURCE needs optimisation and trips over sanitizers, so
# only optimised, unsanitized builds get it; -U first because Ubuntu's gcc
# predefines its own level and a redefinition is a warning (an error here).
if(NOT URLCHECK_SANITIZE)
  target_compile_options(urlcheck_settings INTERFACE
    $<$<NOT:$<CONFIG:Debug>>:-U_FORTIFY_SOURCE -D_FORTIFY_SOURCE=2>)
endif()
target_link_options(urlcheck_settings INTERFACE LINKER:-z,relro,-z,now)
