// Puts rendered results back in input order for the streaming formats that
// promise it (json, csv); internal to src/report.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <utility>

namespace urlcheck::report_detail {

// Results arrive in completion order; entry `index`'s text goes out as soon
// as every earlier entry's has, so only the results that finished ahead of
// an unfinished earlier one wait here. held() is their number: the engine
// counts it against its read-ahead window (run_hooks::results_held), which
// is what bounds this map on a long list.
class input_order {
public:
    // Hands `text` to `emit(const std::string&)` now, followed by every
    // waiting text it unblocks, or keeps it until the entries before it come.
    template <class Emit>
    void add(std::size_t index, std::string text, Emit&& emit) {
        if (index != next_) {
            waiting_.emplace(index, std::move(text));
            return;
        }
        emit(text);
        ++next_;
        for (auto it = waiting_.begin(); it != waiting_.end() && it->first == next_; it = waiting_.erase(it)) {
            emit(it->second);
            ++next_;
        }
    }

    // At the end of the run: an interrupted run leaves gaps (entries never
    // checked), so what waits behind them goes out now, still in order.
    template <class Emit>
    void drain(Emit&& emit) {
        for (const auto& [index, text] : waiting_) emit(text);
        waiting_.clear();
    }

    std::size_t held() const noexcept { return waiting_.size(); }

private:
    std::size_t next_ = 0;
    std::map<std::size_t, std::string> waiting_;
};

}  // namespace urlcheck::report_detail
