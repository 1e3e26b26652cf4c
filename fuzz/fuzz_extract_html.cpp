// The HTML link extractor (gumbo) over arbitrary bytes: never a crash, and
// every link placed inside the document (fuzz_extract.hpp).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_extract.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    urlcheck::fuzz::check_links(text, urlcheck::extract::from_html(text));
    return 0;
}
