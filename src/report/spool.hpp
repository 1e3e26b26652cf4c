// Text a report keeps until the run ends, kept on disk so that memory stays
// flat on a long list: junit's test cases (their suite's counts come
// first), html's rows (failing first), prometheus' samples (whole
// families). Internal to src/report.
#pragma once

#include <cstddef>
#include <cstdio>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace urlcheck::report_detail {

// Appended text under a key (a suite, a group of rows), read back per key in
// the order appended. The text lives in an unnamed temporary file
// (tmpfile(3): nothing is left behind, whatever ends the process); when none
// can be had or written (no /tmp, a full disk) it stays in memory, so the
// report is still whole and only its memory grows.
class spool {
public:
    spool();
    ~spool();
    spool(const spool&) = delete;
    spool& operator=(const spool&) = delete;

    void append(std::size_t key, std::string_view text);

    // Calls `each` with the text appended under `key`, in pieces of up to
    // 64 KiB that may split it anywhere.
    void read(std::size_t key, const std::function<void(std::string_view)>& each);

private:
    struct segment {
        std::size_t begin;  // offset in the whole spool
        std::size_t size;
    };

    void spill();

    std::FILE* file_ = nullptr;
    bool disk_full_ = false;   // a write failed: from then on, memory only
    std::size_t on_disk_ = 0;  // bytes in file_ (offsets 0 to on_disk_); the rest are in buffer_
    std::string buffer_;
    std::vector<std::vector<segment>> segments_;  // per key
};

// Results arrive in completion order; an ordered_spool appends entry
// `index`'s text once every earlier entry's is in, so the text under each
// key is in input order. Only results that finished ahead of an unfinished
// earlier one wait in memory: held() is their number, which the engine
// counts against its read-ahead window (run_hooks::results_held). So every
// entry must be added, also one the report does not list (with empty
// text): a missing index would hold back everything after it.
class ordered_spool {
public:
    void add(std::size_t index, std::size_t key, std::string text);
    std::size_t held() const noexcept { return waiting_.size(); }
    // The end of the run: what waits behind an entry never checked (an
    // interrupted run) goes in now, still in order.
    void finish();
    void read(std::size_t key, const std::function<void(std::string_view)>& each) { spool_.read(key, each); }

private:
    spool spool_;
    std::size_t next_ = 0;
    std::map<std::size_t, std::pair<std::size_t, std::string>> waiting_;
};

}  // namespace urlcheck::report_detail
