// Throwaway measurement for issue 17: what one run's state write costs as a
// JSON file rewritten whole (then renamed over the old one) against SQLite in
// WAL mode updating only the rows that changed, in one transaction.
// Build: g++ -O2 -std=c++20 state_storage.cpp -o state_storage -lsqlite3 -lboost_json
// Run:   ./state_storage DIR   (prints one markdown row per case)
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace {

struct record {
    std::string key;
    std::string state;
    long long since, first_seen, last_change;
    int down_count, up_count;
    std::string last_error;
};

std::vector<record> make_records(std::size_t n) {
    std::vector<record> out;
    out.reserve(n);
    for (std::size_t i = 0; i < n; ++i)
        out.push_back({"https://www.example-" + std::to_string(i) + ".com/some/path/to/a/page/index.html?q=1",
                       i % 10 == 0 ? "down" : "up", 1'700'000'000'000LL + static_cast<long long>(i), 1'690'000'000'000LL, 1'700'000'000'000LL,
                       static_cast<int>(i % 5), static_cast<int>(i % 7),
                       i % 10 == 0 ? "connect: connection refused by 203.0.113.7:443 after 3 attempts" : ""});
    return out;
}

double seconds_since(std::chrono::steady_clock::time_point t) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

double write_json(const std::vector<record>& records, const std::string& path) {
    const auto t = std::chrono::steady_clock::now();
    boost::json::array entries;
    entries.reserve(records.size());
    for (const auto& r : records)
        entries.push_back({{"key", r.key}, {"state", r.state}, {"since", r.since}, {"first_seen", r.first_seen},
                           {"last_change", r.last_change}, {"down", r.down_count}, {"up", r.up_count},
                           {"last_error", r.last_error}});
    const std::string text = boost::json::serialize(boost::json::object{{"version", 1}, {"entries", entries}});
    const std::string tmp = path + ".tmp";
    std::FILE* f = std::fopen(tmp.c_str(), "wb");
    std::fwrite(text.data(), 1, text.size(), f);
    std::fflush(f);
    fsync(fileno(f));
    std::fclose(f);
    std::rename(tmp.c_str(), path.c_str());
    return seconds_since(t);
}

void exec(sqlite3* db, const char* sql) {
    char* err = nullptr;
    if (sqlite3_exec(db, sql, nullptr, nullptr, &err) != SQLITE_OK) {
        std::fprintf(stderr, "%s\n", err);
        std::exit(1);
    }
}

// Upserts every `stride`-th record in one transaction.
double write_sqlite(sqlite3* db, std::vector<record>& records, std::size_t stride, long long bump) {
    const auto t = std::chrono::steady_clock::now();
    exec(db, "BEGIN");
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(db,
                       "INSERT INTO entries(key,state,since,first_seen,last_change,down_count,up_count,last_error) "
                       "VALUES(?,?,?,?,?,?,?,?) ON CONFLICT(key) DO UPDATE SET state=excluded.state,"
                       "since=excluded.since,last_change=excluded.last_change,down_count=excluded.down_count,"
                       "up_count=excluded.up_count,last_error=excluded.last_error",
                       -1, &st, nullptr);
    for (std::size_t i = 0; i < records.size(); i += stride) {
        auto& r = records[i];
        r.since += bump;
        sqlite3_bind_text(st, 1, r.key.data(), static_cast<int>(r.key.size()), SQLITE_STATIC);
        sqlite3_bind_text(st, 2, r.state.data(), static_cast<int>(r.state.size()), SQLITE_STATIC);
        sqlite3_bind_int64(st, 3, r.since);
        sqlite3_bind_int64(st, 4, r.first_seen);
        sqlite3_bind_int64(st, 5, r.last_change);
        sqlite3_bind_int(st, 6, r.down_count);
        sqlite3_bind_int(st, 7, r.up_count);
        sqlite3_bind_text(st, 8, r.last_error.data(), static_cast<int>(r.last_error.size()), SQLITE_STATIC);
        sqlite3_step(st);
        sqlite3_reset(st);
    }
    sqlite3_finalize(st);
    exec(db, "COMMIT");
    exec(db, "PRAGMA wal_checkpoint(TRUNCATE)");  // what a run's close does: the WAL back into the file
    return seconds_since(t);
}

long long size_of(const std::string& path) {
    struct stat st{};
    return ::stat(path.c_str(), &st) == 0 ? st.st_size : 0;
}

}  // namespace

int main(int argc, char** argv) {
    const std::string dir = argc > 1 ? argv[1] : ".";
    std::printf("| entries | storage | write | file size |\n|---|---|---|---|\n");
    for (std::size_t n : {100'000UL, 1'000'000UL}) {
        auto records = make_records(n);
        const std::string json_path = dir + "/state.json";
        write_json(records, json_path);  // the first write creates it; the second is a run's
        const double json_s = write_json(records, json_path);
        std::printf("| %zu | JSON, rewritten whole + fsync + rename | %.2f s | %.1f MB |\n", n, json_s,
                    size_of(json_path) / 1e6);

        const std::string db_path = dir + "/state.sqlite";
        std::filesystem::remove(db_path);
        sqlite3* db = nullptr;
        sqlite3_open(db_path.c_str(), &db);
        exec(db, "PRAGMA journal_mode=WAL");
        exec(db, "PRAGMA synchronous=NORMAL");
        exec(db,
             "CREATE TABLE entries(key TEXT PRIMARY KEY, state TEXT, since INTEGER, first_seen INTEGER, "
             "last_change INTEGER, down_count INTEGER, up_count INTEGER, last_error TEXT) WITHOUT ROWID");
        const double first_s = write_sqlite(db, records, 1, 0);
        const double all_s = write_sqlite(db, records, 1, 1);
        const double some_s = write_sqlite(db, records, 100, 1);
        std::printf("| %zu | SQLite WAL, first run (insert all) | %.2f s | %.1f MB |\n", n, first_s,
                    size_of(db_path) / 1e6);
        std::printf("| %zu | SQLite WAL, 100%% of rows changed | %.2f s | %.1f MB |\n", n, all_s,
                    size_of(db_path) / 1e6);
        std::printf("| %zu | SQLite WAL, 1%% of rows changed | %.3f s | %.1f MB |\n", n, some_s,
                    size_of(db_path) / 1e6);
        sqlite3_close(db);
        std::filesystem::remove(json_path);
        std::filesystem::remove(db_path);
    }
}
