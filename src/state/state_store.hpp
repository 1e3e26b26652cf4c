// The --state file: one SQLite database (WAL), locked for the whole run by
// flock on a sidecar FILE.lock that names the holder's PID. Records are
// read one at a time by key as entries are read, and written into one
// transaction that commits at the end of the run, so a run killed on the
// way (kill -9, a full disk) leaves the last run's state whole.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "state_transition.hpp"

namespace urlcheck {

// The format this build reads and writes, in PRAGMA user_version.
inline constexpr int state_format_version = 1;

class state_store {
public:
    // Locks `path` (waiting up to `wait` for another run), opens or creates
    // it and begins the run's transaction. Null, with `error` naming the
    // file, when it is locked, not a urlcheck state file, corrupt, of a
    // newer format or not writable: nothing is then written to it.
    static std::unique_ptr<state_store> open(const std::string& path, std::chrono::milliseconds wait,
                                             std::string& error);
    ~state_store();
    state_store(const state_store&) = delete;
    state_store& operator=(const state_store&) = delete;

    // The record kept for `key`; empty when there is none (or after an error).
    std::optional<state_record> find(const std::string& key);
    // Stores `record` for `key` in the run's transaction.
    void put(const std::string& key, const std::string& url, const state_record& record);
    // urlcheck merge --state: every record of the state file at `path`
    // (another shard's) taken into this one's transaction, where this one
    // has none for its key or an older one (last checked earlier): shards
    // of one N hold disjoint keys, and after a change of N the newest
    // knowledge of an entry wins. `path` is only read. False, with `error`
    // naming it, when it is not a readable urlcheck state file of a format
    // this build reads; `taken` counts the records taken.
    bool merge_from(const std::string& path, std::size_t& taken, std::string& error);
    // Commits the run's transaction. False, with `error`, when it failed or
    // an earlier find/put did: the file then keeps the last run's state.
    bool commit(std::string& error);

private:
    struct impl;
    explicit state_store(std::unique_ptr<impl> p);
    std::unique_ptr<impl> impl_;
};

}  // namespace urlcheck
