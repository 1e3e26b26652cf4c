// The fingerprint of a whole list, which every json/jsonl report records
// (docs/formats.md "Shards"): urlcheck merge joins only shard reports of the
// same list. SHA-256 over each entry as written -- a list line without its
// comment (the URL and its options), or the URL of a link, a <loc> or an
// INPUT -- each followed by '\n', in input order, after --select-tag,
// --include and --exclude and before --shard: so every shard of one run
// computes the same one, and a shard run with another list or another
// selection does not.
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace urlcheck {

class list_fingerprint {
public:
    list_fingerprint();
    ~list_fingerprint();
    list_fingerprint(const list_fingerprint&) = delete;
    list_fingerprint& operator=(const list_fingerprint&) = delete;

    void add(std::string_view entry_as_written);
    // "sha256:" and 64 hex digits. Call once, after the last add().
    std::string finish();

private:
    struct digest;
    std::unique_ptr<digest> digest_;
    // Entries are short: they are hashed a block at a time, not one call
    // each (a 10-million-line list is scanned with this on).
    std::string pending_;
};

}  // namespace urlcheck
