// Streams a report in input order for the formats that promise it (json,
// csv); internal to src/report.
#pragma once

#include <cstddef>
#include <cstdio>
#include <map>
#include <string>
#include <string_view>
#include <utility>

namespace urlcheck::report_detail {

// Results arrive in completion order; entry `index`'s text goes out as soon
// as every earlier entry's has, so only the results that finished ahead of
// an unfinished earlier one wait here. held() is their number: the engine
// counts it against its read-ahead window (run_hooks::results_held), which
// is what bounds them on a long list.
//
// `opening` goes out with the first text (or at the end of a run without
// any), so a run that fails in its setup (exit 2) writes nothing; texts are
// joined by `separator`. Writes are whole texts only, in pieces of about
// 64 KiB, and whatever is ready on flush() (the engine's tick), so a reader
// never sees half a row.
class ordered_stream {
public:
    ordered_stream(std::FILE* out, std::string opening, std::string separator = {})
        : out_(out), opening_(std::move(opening)), separator_(std::move(separator)) {}

    void add(std::size_t index, std::string text) {
        if (index != next_) {
            waiting_.emplace(index, std::move(text));
            return;
        }
        append(text);
        ++next_;
        for (auto it = waiting_.begin(); it != waiting_.end() && it->first == next_; it = waiting_.erase(it)) {
            append(it->second);
            ++next_;
        }
        if (pending_.size() >= 64 * 1024) write_pending();
    }

    std::size_t held() const noexcept { return waiting_.size(); }

    void flush() { write_pending(); }

    // The end of the run: an interrupted run leaves gaps (entries never
    // checked), so what waits behind them goes out now, still in order;
    // then `closing`.
    void finish(std::string_view closing) {
        for (const auto& [index, text] : waiting_) append(text);
        waiting_.clear();
        start();
        pending_ += closing;
        write_pending();
    }

private:
    void start() {
        if (started_) return;
        started_ = true;
        pending_.insert(0, opening_);
    }

    void append(const std::string& text) {
        if (!first_) pending_ += separator_;
        start();
        first_ = false;
        pending_ += text;
    }

    void write_pending() {
        if (pending_.empty()) return;
        std::fwrite(pending_.data(), 1, pending_.size(), out_);
        std::fflush(out_);
        pending_.clear();
    }

    std::FILE* out_;
    std::string opening_;
    std::string separator_;
    bool started_ = false;
    bool first_ = true;
    std::size_t next_ = 0;
    std::map<std::size_t, std::string> waiting_;
    std::string pending_;
};

}  // namespace urlcheck::report_detail
