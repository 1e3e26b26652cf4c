#include "list_fingerprint.hpp"

#include <openssl/evp.h>

#include <fmt/format.h>

#include <iterator>
#include <stdexcept>

namespace urlcheck {

struct list_fingerprint::digest {
    EVP_MD_CTX* context = EVP_MD_CTX_new();
    ~digest() { EVP_MD_CTX_free(context); }
};

namespace {
constexpr std::size_t block_size = 64 * 1024;
}

list_fingerprint::list_fingerprint() : digest_(std::make_unique<digest>()) {
    if (digest_->context == nullptr || EVP_DigestInit_ex(digest_->context, EVP_sha256(), nullptr) != 1)
        throw std::runtime_error("cannot start SHA-256 for the list's fingerprint");
    pending_.reserve(block_size);
}

list_fingerprint::~list_fingerprint() = default;

void list_fingerprint::add(std::string_view entry_as_written) {
    pending_.append(entry_as_written);
    pending_ += '\n';
    if (pending_.size() >= block_size) {
        EVP_DigestUpdate(digest_->context, pending_.data(), pending_.size());
        pending_.clear();
    }
}

std::string list_fingerprint::finish() {
    EVP_DigestUpdate(digest_->context, pending_.data(), pending_.size());
    pending_.clear();
    unsigned char sum[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    EVP_DigestFinal_ex(digest_->context, sum, &length);
    std::string out = "sha256:";
    for (unsigned int i = 0; i < length; ++i) fmt::format_to(std::back_inserter(out), "{:02x}", sum[i]);
    return out;
}

}  // namespace urlcheck
