// How often each URL of the inputs is listed, in at most 16 bytes per
// distinct URL (10M distinct: ~80-100 MB, never 2x in a copy), so a result is
// kept exactly as long as a repeat of its URL is still to be read.
//
// A URL is known by a 56-bit fingerprint of its repeat_key() and counted in
// the 8 bits below it (a count that reaches 255 stays there: such a URL's
// result is kept to the end of the run). Two URLs whose fingerprints agree
// share a count: one of their results is kept longer than needed, never a
// wrong one, since the job table matches results by the whole check key.
// Among 10M distinct URLs about 7e-4 such pairs are expected (n^2 / 2^57), so
// a 128-bit hash would buy nothing; a 32-bit one would give ~11,600.
//
// Two phases: add() while the inputs are scanned, then seal(), then take()
// once per entry in the order they are read.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>

namespace urlcheck {

class repeat_counter {
public:
    repeat_counter() = default;

    // Counts one more listing of the URL whose repeat_key() is `hash`.
    void add(std::uint64_t hash);
    // Ends the counting: forgets the URLs listed once, so the run holds only
    // those listed more than once.
    void seal();
    // One listing of `hash` was read: whether another is still to come.
    bool take(std::uint64_t hash);
    // Whether `hash` is listed more than once (after seal()).
    bool repeated(std::uint64_t hash) const;

    // Distinct URLs counted so far (after seal(): those listed more than once).
    std::size_t distinct() const noexcept { return size_; }
    // Bytes reserved for the counts (what distinct() costs; what the heap
    // and the resident set hold for them, give or take the allocator's page).
    std::size_t bytes() const noexcept { return (capacity_ + pending_capacity_) * sizeof(std::uint64_t); }

    // Listings gathered unsorted before they are merged into the sorted
    // counts: a quarter of those (at least `pending_minimum`).
    static constexpr std::size_t pending_minimum = 16 * 1024;

private:
    struct free_deleter {
        void operator()(std::uint64_t* p) const noexcept;
    };
    using buffer = std::unique_ptr<std::uint64_t[], free_deleter>;

    void merge_pending();
    std::uint64_t* find(std::uint64_t fingerprint) const;

    // Sorted by fingerprint, one per URL: (fingerprint << 8) | count. Grown
    // with realloc, which moves pages (mremap) instead of copying them, so
    // growing never holds the old and the new array at once.
    buffer sorted_;
    std::size_t size_ = 0;
    std::size_t capacity_ = 0;
    // Listings not yet merged: fingerprints with a count of 1.
    buffer pending_;
    std::size_t pending_size_ = 0;
    std::size_t pending_capacity_ = 0;
};

}  // namespace urlcheck
