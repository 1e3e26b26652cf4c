#include "report/spool.hpp"

#include <unistd.h>

#include <algorithm>
#include <cerrno>

namespace urlcheck::report_detail {

namespace {

constexpr std::size_t piece = 64 * 1024;

}  // namespace

spool::spool() : file_(std::tmpfile()) {}

spool::~spool() {
    if (file_ != nullptr) std::fclose(file_);
}

void spool::append(std::size_t key, std::string_view text) {
    if (text.empty()) return;
    if (segments_.size() <= key) segments_.resize(key + 1);
    auto& list = segments_[key];
    const std::size_t at = on_disk_ + buffer_.size();
    if (!list.empty() && list.back().begin + list.back().size == at)
        list.back().size += text.size();  // the same key again: one longer segment
    else
        list.push_back({at, text.size()});
    buffer_ += text;
    if (buffer_.size() >= piece) spill();
}

// pwrite and pread at known offsets: reading back one key never disturbs
// where the next append goes.
void spool::spill() {
    if (file_ == nullptr || disk_full_ || buffer_.empty()) return;
    std::size_t done = 0;
    while (done < buffer_.size()) {
        const ssize_t n =
            ::pwrite(fileno(file_), buffer_.data() + done, buffer_.size() - done, static_cast<off_t>(on_disk_ + done));
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            // A full disk: what is on it stays readable, the rest (and all
            // that follows) stays in memory.
            disk_full_ = true;
            break;
        }
        done += static_cast<std::size_t>(n);
    }
    on_disk_ += done;
    buffer_.erase(0, done);
}

void spool::read(std::size_t key, const std::function<void(std::string_view)>& each) {
    if (key >= segments_.size()) return;
    std::string chunk;
    for (const segment& s : segments_[key]) {
        std::size_t at = s.begin;
        const std::size_t end = s.begin + s.size;
        // The part on disk, then the part still in the buffer.
        while (at < std::min(end, on_disk_)) {
            chunk.resize(std::min(piece, std::min(end, on_disk_) - at));
            const ssize_t n = ::pread(fileno(file_), chunk.data(), chunk.size(), static_cast<off_t>(at));
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) return;  // cannot happen short of a failing disk; the report ends short
            each(std::string_view(chunk.data(), static_cast<std::size_t>(n)));
            at += static_cast<std::size_t>(n);
        }
        if (at < end) each(std::string_view(buffer_).substr(at - on_disk_, end - at));
    }
}

void ordered_spool::add(std::size_t index, std::size_t key, std::string text) {
    if (index != next_) {
        waiting_.emplace(index, std::pair{key, std::move(text)});
        return;
    }
    spool_.append(key, text);
    ++next_;
    for (auto it = waiting_.begin(); it != waiting_.end() && it->first == next_; it = waiting_.erase(it)) {
        spool_.append(it->second.first, it->second.second);
        ++next_;
    }
}

void ordered_spool::finish() {
    for (const auto& [index, entry] : waiting_) spool_.append(entry.first, entry.second);
    waiting_.clear();
}

}  // namespace urlcheck::report_detail
