# Warnings and sanitizers for every target of this project (not for the
# dependencies' headers, which come in as SYSTEM includes).
add_library(urlcheck_warnings INTERFACE)
target_compile_options(urlcheck_warnings INTERFACE -Wall -Wextra -Wpedantic)
if(URLCHECK_WERROR)
  target_compile_options(urlcheck_warnings INTERFACE -Werror)
endif()
if(URLCHECK_SANITIZE)
  target_compile_options(urlcheck_warnings INTERFACE -fsanitize=${URLCHECK_SANITIZE} -fno-omit-frame-pointer)
  target_link_options(urlcheck_warnings INTERFACE -fsanitize=${URLCHECK_SANITIZE})
endif()
