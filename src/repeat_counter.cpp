#include "repeat_counter.hpp"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <new>

namespace urlcheck {

namespace {

constexpr std::uint64_t count_mask = 0xFF;
constexpr std::uint64_t pinned = count_mask;  // counted to the top: kept to the end

constexpr std::uint64_t fingerprint_of(std::uint64_t packed) noexcept { return packed >> 8; }
constexpr std::uint64_t count_of(std::uint64_t packed) noexcept { return packed & count_mask; }

std::uint64_t with_count(std::uint64_t packed, std::uint64_t count) noexcept {
    return (packed & ~count_mask) | std::min(count, pinned);
}

// realloc, so that a large array moves by remapping its pages, not by a copy
// that would hold it twice; a plain malloc'd array for that reason.
std::uint64_t* resized(std::uint64_t* p, std::size_t elements) {
    if (elements == 0) {
        std::free(p);
        return nullptr;
    }
    void* moved = std::realloc(p, elements * sizeof(std::uint64_t));
    if (moved == nullptr) throw std::bad_alloc();
    return static_cast<std::uint64_t*>(moved);
}

}  // namespace

void repeat_counter::free_deleter::operator()(std::uint64_t* p) const noexcept { std::free(p); }

void repeat_counter::add(std::uint64_t hash) {
    if (pending_size_ == pending_capacity_) merge_pending();
    pending_[pending_size_++] = (hash & ~count_mask) | 1;
}

void repeat_counter::merge_pending() {
    std::uint64_t* pending = pending_.get();
    std::sort(pending, pending + pending_size_);
    // Runs of one URL become one count.
    std::size_t runs = 0;
    for (std::size_t i = 0; i < pending_size_; ++i) {
        if (runs > 0 && fingerprint_of(pending[runs - 1]) == fingerprint_of(pending[i]))
            pending[runs - 1] = with_count(pending[runs - 1], count_of(pending[runs - 1]) + 1);
        else
            pending[runs++] = pending[i];
    }
    // Merged from the back into the grown array, so no second array is
    // needed; a URL in both leaves a gap at the front, closed after.
    const std::size_t grown = size_ + runs;
    if (grown > capacity_) {
        sorted_.reset(resized(sorted_.release(), grown));
        capacity_ = grown;
    }
    std::uint64_t* sorted = sorted_.get();
    std::size_t i = size_;  // one past the next of sorted_ to place
    std::size_t j = runs;   // likewise of pending_
    std::size_t k = grown;  // one past the next place to write
    while (j > 0) {
        const std::uint64_t a = i > 0 ? sorted[i - 1] : 0;
        const std::uint64_t b = pending[j - 1];
        if (i > 0 && fingerprint_of(a) == fingerprint_of(b)) {
            sorted[--k] = with_count(a, count_of(a) + count_of(b));
            --i;
            --j;
        } else if (i > 0 && fingerprint_of(a) > fingerprint_of(b)) {
            sorted[--k] = a;
            --i;
        } else {
            sorted[--k] = b;
            --j;
        }
    }
    // What is left of sorted_ is in place unless a gap opened above it.
    if (k != i) std::memmove(sorted + (k - i), sorted, i * sizeof(std::uint64_t));
    const std::size_t gap = k - i;
    if (gap > 0) std::memmove(sorted, sorted + gap, (grown - gap) * sizeof(std::uint64_t));
    size_ = grown - gap;
    pending_size_ = 0;
    // A quarter of what is counted: each listing is merged ~4 times in all,
    // and the two arrays stay within 1.25x (1.5x while merging) of 8 bytes
    // per URL.
    const std::size_t want = std::max(pending_minimum, size_ / 4);
    if (want != pending_capacity_) {
        pending_.reset(resized(pending_.release(), want));
        pending_capacity_ = want;
    }
}

void repeat_counter::seal() {
    if (pending_size_ > 0) merge_pending();
    pending_.reset();
    pending_capacity_ = 0;
    std::uint64_t* sorted = sorted_.get();
    const std::size_t kept = static_cast<std::size_t>(
        std::remove_if(sorted, sorted + size_, [](std::uint64_t packed) { return count_of(packed) < 2; }) - sorted);
    size_ = kept;
    sorted_.reset(resized(sorted_.release(), kept));
    capacity_ = kept;
}

std::uint64_t* repeat_counter::find(std::uint64_t fingerprint) const {
    std::uint64_t* const begin = sorted_.get();
    std::uint64_t* const end = begin + size_;
    std::uint64_t* it = std::lower_bound(
        begin, end, fingerprint, [](std::uint64_t packed, std::uint64_t fp) { return fingerprint_of(packed) < fp; });
    return it != end && fingerprint_of(*it) == fingerprint ? it : nullptr;
}

bool repeat_counter::take(std::uint64_t hash) {
    std::uint64_t* const found = find(fingerprint_of(hash));
    if (found == nullptr) return false;
    const std::uint64_t count = count_of(*found);
    if (count == pinned) return true;
    if (count == 0) return false;  // read more often than counted: a file that grew
    *found = with_count(*found, count - 1);
    return count - 1 > 0;
}

bool repeat_counter::repeated(std::uint64_t hash) const { return find(fingerprint_of(hash)) != nullptr; }

}  // namespace urlcheck
