// Force-included (-include) into the translation units of the layers that
// must not see Asio or Beast at all (see src/CMakeLists.txt) and into each
// public header compiled alone (public_headers.cmake). An "attempt to use
// poisoned" error means the file, or a header it includes, pulls in Asio
// or Beast: move that file to the urlcheck_io layer or drop the include.
#pragma GCC poison asio beast
