# public_headers_are_asio_free: each public header (include/urlcheck/, and
# the generated version.hpp) compiled alone, with the guards that make
# including Asio, Beast or CLI11 an error. Part of every build, so a public
# header that starts to drag in the I/O libraries -- or stops including what
# it uses -- breaks the build, not a reviewer's patience.
file(GLOB public_headers CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/include/urlcheck/*.hpp)
list(APPEND public_headers ${PROJECT_BINARY_DIR}/include/urlcheck/version.hpp)
set(header_units "")
foreach(header ${public_headers})
  get_filename_component(name ${header} NAME)
  get_filename_component(stem ${header} NAME_WE)
  set(unit ${PROJECT_BINARY_DIR}/public_headers/${stem}.cpp)
  file(CONFIGURE OUTPUT ${unit} CONTENT "#include \"urlcheck/${name}\"\n")
  list(APPEND header_units ${unit})
endforeach()
add_library(public_headers_are_asio_free OBJECT ${header_units})
target_include_directories(public_headers_are_asio_free PRIVATE
  ${PROJECT_SOURCE_DIR}/include ${PROJECT_BINARY_DIR}/include)
target_compile_options(public_headers_are_asio_free PRIVATE
  -Wfatal-errors
  "SHELL:-include ${PROJECT_SOURCE_DIR}/cmake/guards/no_asio.hpp"
  "SHELL:-include ${PROJECT_SOURCE_DIR}/cmake/guards/no_cli11.hpp")
target_link_libraries(public_headers_are_asio_free PRIVATE urlcheck_settings urlcheck_warnings)
