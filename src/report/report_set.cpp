#include "report/report_set.hpp"

#include <sys/stat.h>

#include <algorithm>

namespace urlcheck {

std::unique_ptr<report_set> report_set::open(const std::vector<report_output>& outputs, const report_options& options,
                                             const std::function<report_target(std::FILE*)>& target_for,
                                             std::string& error) {
    auto set = std::make_unique<report_set>();
    for (const report_output& where : outputs) {
        output o;
        o.sink = report_sink::open(where, error);
        if (!o.sink) return nullptr;
        report_target target = target_for(o.sink->stream());
        // GitHub's limit for one step's job summary, less what earlier
        // commands of the step wrote there.
        if (where.place == report_place::append) {
            constexpr std::size_t summary_limit = 1024 * 1024;
            struct stat st {};
            const std::size_t used =
                ::fstat(fileno(o.sink->stream()), &st) == 0 ? static_cast<std::size_t>(st.st_size) : 0;
            target.byte_limit = used < summary_limit ? summary_limit - used : 1;
        }
        o.report = make_reporter(where.format, options, target);
        set->outputs_.push_back(std::move(o));
    }
    return set;
}

std::vector<std::string> report_set::notices() const {
    std::vector<std::string> notices;
    for (const auto& o : outputs_)
        if (!o.sink->notice().empty()) notices.push_back(o.sink->notice());
    return notices;
}

bool report_set::on_result(std::size_t index, const result& r) {
    // No report at all (--explain writes its own) is no report that failed.
    bool any = outputs_.empty();
    for (auto& o : outputs_)
        if (o.sink->ok()) any = o.sink->write([&] { o.report->on_result(index, r); }) || any;
    return any;
}

bool report_set::flush() {
    bool any = outputs_.empty();
    for (auto& o : outputs_)
        if (o.sink->ok()) any = o.sink->write([&] { o.report->flush(); }) || any;
    return any;
}

std::size_t report_set::held() const {
    // A report whose sink failed is fed no more: what it holds would never
    // drain and would shrink the engine's read-ahead window for the rest.
    std::size_t most = 0;
    for (const auto& o : outputs_)
        if (o.sink->ok()) most = std::max(most, o.report->held());
    return most;
}

std::vector<std::string> report_set::finish(const summary& s) {
    std::vector<std::string> failures;
    for (auto& o : outputs_) {
        if (o.sink->ok()) o.sink->write([&] { o.report->finish(s); });
        if (auto failed = o.sink->finish()) failures.push_back(std::move(*failed));
    }
    return failures;
}

std::vector<std::string> report_set::release(bool run_failed) {
    std::vector<std::string> failures;
    for (auto& o : outputs_)
        if (auto failed = o.sink->release(run_failed)) failures.push_back(std::move(*failed));
    return failures;
}

}  // namespace urlcheck
