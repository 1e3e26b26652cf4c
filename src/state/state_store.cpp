#include "state/state_store.hpp"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <thread>
#include <utility>

#include <fmt/format.h>

#include "urlcheck/vocabulary.hpp"

namespace urlcheck {

namespace {

// "ucst" in PRAGMA application_id: the file is ours, not some other
// program's database that happens to be named here.
constexpr int application_id = 0x75637374;

// Stored by name, as every report writes them.
constexpr std::array<spelling<verdict>, 6> state_names{{
    {"up", verdict::up},
    {"down", verdict::down},
    {"degraded", verdict::degraded},
    {"unverifiable", verdict::unverifiable},
    {"skipped", verdict::skipped},
    {"pending", verdict::pending},
}};

std::optional<verdict> state_named(std::string_view name) {
    for (const auto& known : state_names)
        if (known.name == name) return known.value;
    return std::nullopt;
}

// One column of the current row as text ("" for NULL).
std::string column_text(sqlite3_stmt* row, int column) {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(row, column));
    return std::string(p != nullptr ? p : "");
}

// The record in the current row's columns from `first` on, in the order
// of the schema after key and url (state ... last_error); empty when a
// state is not one this build knows, and `unknown` then holds the state.
std::optional<state_record> record_of(sqlite3_stmt* row, int first, std::string& unknown) {
    const auto state = state_named(column_text(row, first));
    const auto settled = state_named(column_text(row, first + 1));
    if (!state || !settled) {
        unknown = column_text(row, first);
        return std::nullopt;
    }
    state_record r;
    r.state = *state;
    r.settled = *settled;
    r.since_ms = sqlite3_column_int64(row, first + 2);
    r.first_seen_ms = sqlite3_column_int64(row, first + 3);
    r.last_change_ms = sqlite3_column_int64(row, first + 4);
    r.last_checked_ms = sqlite3_column_int64(row, first + 5);
    r.last_up_ms = sqlite3_column_int64(row, first + 6);
    r.last_listed_ms = sqlite3_column_int64(row, first + 7);
    r.consecutive_down = sqlite3_column_int(row, first + 8);
    r.consecutive_up = sqlite3_column_int(row, first + 9);
    r.last_error = column_text(row, first + 10);
    return r;
}

// The sidecar lock: flock on FILE.lock, which then holds our PID so a run
// that finds it taken can say whose it is.
class file_lock {
public:
    ~file_lock() {
        if (fd_ >= 0) ::close(fd_);  // releases the flock
    }
    bool take(const std::string& state_path, std::chrono::milliseconds wait, std::string& error) {
        const std::string path = state_path + ".lock";
        fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
        if (fd_ < 0) {
            error = fmt::format("{}: cannot open the lock file: {}", path, std::strerror(errno));
            return false;
        }
        const auto deadline = std::chrono::steady_clock::now() + wait;
        while (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
            if (errno != EWOULDBLOCK && errno != EINTR) {
                error = fmt::format("{}: cannot lock: {}", path, std::strerror(errno));
                return false;
            }
            if (std::chrono::steady_clock::now() >= deadline) {
                const std::string holder = holder_pid();
                error = fmt::format("{}: another urlcheck run{} holds it{}", state_path,
                                    holder.empty() ? "" : fmt::format(" (PID {})", holder),
                                    wait.count() > 0 ? fmt::format(" (waited {} ms, --state-wait)", wait.count())
                                                     : " (--state-wait DURATION waits for it)");
                return false;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        const std::string pid = std::to_string(::getpid()) + "\n";
        if (::ftruncate(fd_, 0) != 0 || ::pwrite(fd_, pid.data(), pid.size(), 0) != static_cast<ssize_t>(pid.size())) {
            // The lock holds all the same; only the name of its holder is lost.
        }
        return true;
    }

private:
    std::string holder_pid() const {
        std::array<char, 32> buffer{};
        const ssize_t n = ::pread(fd_, buffer.data(), buffer.size() - 1, 0);
        std::string text(buffer.data(), n > 0 ? static_cast<std::size_t>(n) : 0);
        while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
        for (const char ch : text)
            if (ch < '0' || ch > '9') return {};
        return text;
    }
    int fd_ = -1;
};

// A database file shorter than its header says it is: truncated. SQLite
// finds that only when it reads a missing page, which may be mid-run.
bool looks_truncated(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return false;
    std::array<unsigned char, 100> header{};
    struct stat st{};
    const bool read_all = ::pread(fd, header.data(), header.size(), 0) == static_cast<ssize_t>(header.size()) &&
                          ::fstat(fd, &st) == 0;
    ::close(fd);
    if (!read_all || std::memcmp(header.data(), "SQLite format 3", 16) != 0) return false;
    const auto be32 = [&](std::size_t at) {
        return (std::uint32_t{header[at]} << 24) | (std::uint32_t{header[at + 1]} << 16) |
               (std::uint32_t{header[at + 2]} << 8) | std::uint32_t{header[at + 3]};
    };
    std::uint32_t page_size = (std::uint32_t{header[16]} << 8) | header[17];
    if (page_size == 1) page_size = 65536;
    const std::uint32_t pages = be32(28);
    // The size in the header counts only when written by a SQLite that
    // keeps it (its change counter matches "version valid for").
    if (pages == 0 || be32(24) != be32(92)) return false;
    return static_cast<std::uint64_t>(st.st_size) < std::uint64_t{pages} * page_size;
}

}  // namespace

struct state_store::impl {
    std::string path;
    file_lock lock;
    sqlite3* db = nullptr;
    sqlite3_stmt* select = nullptr;
    sqlite3_stmt* upsert = nullptr;
    std::string failure;  // the first error of a find/put: the run's transaction is not committed

    ~impl() {
        sqlite3_finalize(select);
        sqlite3_finalize(upsert);
        // An uncommitted transaction is rolled back by the close.
        if (db != nullptr) sqlite3_close_v2(db);
    }

    std::string why(std::string_view what) const {
        return fmt::format("{}: {}: {}", path, what, db != nullptr ? sqlite3_errmsg(db) : "out of memory");
    }

    bool exec(const char* sql, std::string& error) {
        if (sqlite3_exec(db, sql, nullptr, nullptr, nullptr) == SQLITE_OK) return true;
        error = why("not a usable urlcheck state file");
        return false;
    }

    std::optional<int> pragma_int(const char* sql, std::string& error) {
        sqlite3_stmt* st = nullptr;
        std::optional<int> value;
        if (sqlite3_prepare_v2(db, sql, -1, &st, nullptr) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
            value = sqlite3_column_int(st, 0);
        else
            error = why("not a usable urlcheck state file");
        sqlite3_finalize(st);
        return value;
    }

    // The file's format: new (empty) gets our schema, unless `read_only`;
    // ours is checked; anything else is refused, never overwritten.
    bool check_format(std::string& error, bool read_only = false) {
        const auto version = pragma_int("PRAGMA user_version", error);
        const auto app = pragma_int("PRAGMA application_id", error);
        const auto tables = pragma_int("SELECT count(*) FROM sqlite_schema", error);
        if (!version || !app || !tables) return false;
        if (*version == 0 && *app == 0 && *tables == 0 && read_only) {
            error = fmt::format("{}: not a urlcheck state file (an empty database)", path);
            return false;
        }
        if (*version == 0 && *app == 0 && *tables == 0) {
            return exec(
                "CREATE TABLE entries("
                " key TEXT PRIMARY KEY, url TEXT NOT NULL, state TEXT NOT NULL, settled TEXT NOT NULL,"
                " since INTEGER NOT NULL, first_seen INTEGER NOT NULL, last_change INTEGER NOT NULL,"
                " last_checked INTEGER NOT NULL, last_up INTEGER NOT NULL, last_listed INTEGER NOT NULL,"
                " consecutive_down INTEGER NOT NULL, consecutive_up INTEGER NOT NULL, last_error TEXT NOT NULL"
                ") WITHOUT ROWID;"
                "PRAGMA user_version = 1; PRAGMA application_id = 1969451892;",
                error);
        }
        if (*app != application_id) {
            error = fmt::format("{}: not a urlcheck state file (an SQLite database of another program)", path);
            return false;
        }
        if (*version > state_format_version) {
            error = fmt::format("{}: written by a newer urlcheck (state format {}; this one reads {})", path, *version,
                                state_format_version);
            return false;
        }
        if (*version < 1) {
            error = fmt::format("{}: not a urlcheck state file (format {})", path, *version);
            return false;
        }
        return true;
    }
};

static_assert(application_id == 1969451892, "the schema's literal");

state_store::state_store(std::unique_ptr<impl> p) : impl_(std::move(p)) {}
state_store::~state_store() = default;

std::unique_ptr<state_store> state_store::open(const std::string& path, std::chrono::milliseconds wait,
                                               std::string& error) {
    auto s = std::make_unique<impl>();
    s->path = path;
    if (!s->lock.take(path, wait, error)) return nullptr;
    if (looks_truncated(path)) {
        error = fmt::format("{}: not a usable urlcheck state file: it is shorter than its header says (truncated)",
                            path);
        return nullptr;
    }
    if (sqlite3_open_v2(path.c_str(), &s->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) != SQLITE_OK) {
        error = s->why("cannot open");
        return nullptr;
    }
    // A mode without write bits is the owner's "do not touch", which root
    // would otherwise write through.
    if (struct stat st{}; ::stat(path.c_str(), &st) == 0 && (st.st_mode & 0222) == 0) {
        error = fmt::format("{}: the file is read-only (mode {:o}); the state would be lost", path, st.st_mode & 0777);
        return nullptr;
    }
    if (sqlite3_db_readonly(s->db, "main") == 1) {
        error = fmt::format("{}: cannot write to it (read-only); the state would be lost", path);
        return nullptr;
    }
    sqlite3_busy_timeout(s->db, 1000);
    // WAL: a commit appends the changed pages; a crash before it leaves the
    // file as the last commit left it. NORMAL: a commit may be lost to a
    // power cut, never half-applied.
    // Read first: nothing is written to a file that is not ours (turning
    // WAL on alone rewrites its header).
    if (!s->exec("BEGIN IMMEDIATE", error) || !s->check_format(error)) return nullptr;
    if (!s->exec("COMMIT", error)) return nullptr;
    if (!s->exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL", error)) return nullptr;
    if (!s->exec("BEGIN IMMEDIATE", error)) return nullptr;
    if (sqlite3_prepare_v2(s->db,
                           "SELECT state, settled, since, first_seen, last_change, last_checked, last_up, last_listed,"
                           " consecutive_down, consecutive_up, last_error FROM entries WHERE key = ?",
                           -1, &s->select, nullptr) != SQLITE_OK ||
        sqlite3_prepare_v2(
            s->db,
            "INSERT INTO entries(key, url, state, settled, since, first_seen, last_change, last_checked, last_up,"
            " last_listed, consecutive_down, consecutive_up, last_error) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?)"
            " ON CONFLICT(key) DO UPDATE SET url=excluded.url, state=excluded.state, settled=excluded.settled,"
            " since=excluded.since, first_seen=excluded.first_seen, last_change=excluded.last_change,"
            " last_checked=excluded.last_checked, last_up=excluded.last_up, last_listed=excluded.last_listed,"
            " consecutive_down=excluded.consecutive_down, consecutive_up=excluded.consecutive_up,"
            " last_error=excluded.last_error",
            -1, &s->upsert, nullptr) != SQLITE_OK) {
        error = s->why("not a usable urlcheck state file");
        return nullptr;
    }
    return std::unique_ptr<state_store>(new state_store(std::move(s)));
}

std::optional<state_record> state_store::find(const std::string& key) {
    impl& s = *impl_;
    if (!s.failure.empty()) return std::nullopt;
    sqlite3_reset(s.select);
    sqlite3_bind_text(s.select, 1, key.data(), static_cast<int>(key.size()), SQLITE_STATIC);
    const int rc = sqlite3_step(s.select);
    if (rc == SQLITE_DONE) return std::nullopt;
    if (rc != SQLITE_ROW) {
        s.failure = s.why("cannot read");
        return std::nullopt;
    }
    std::string unknown;
    auto r = record_of(s.select, 0, unknown);
    if (!r) s.failure = fmt::format("{}: not a usable urlcheck state file: unknown state '{}'", s.path, unknown);
    return r;
}

void state_store::put(const std::string& key, const std::string& url, const state_record& r) {
    impl& s = *impl_;
    if (!s.failure.empty()) return;
    sqlite3_stmt* st = s.upsert;
    sqlite3_reset(st);
    const auto bind_text = [&](int at, std::string_view v) {
        sqlite3_bind_text(st, at, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    };
    bind_text(1, key);
    bind_text(2, url);
    bind_text(3, to_string(r.state));
    bind_text(4, to_string(r.settled));
    sqlite3_bind_int64(st, 5, r.since_ms);
    sqlite3_bind_int64(st, 6, r.first_seen_ms);
    sqlite3_bind_int64(st, 7, r.last_change_ms);
    sqlite3_bind_int64(st, 8, r.last_checked_ms);
    sqlite3_bind_int64(st, 9, r.last_up_ms);
    sqlite3_bind_int64(st, 10, r.last_listed_ms);
    sqlite3_bind_int(st, 11, r.consecutive_down);
    sqlite3_bind_int(st, 12, r.consecutive_up);
    bind_text(13, r.last_error);
    if (sqlite3_step(st) != SQLITE_DONE) s.failure = s.why("cannot write");
}

namespace {

// Why a source of merge_from cannot be read, naming it.
std::string unreadable(const std::string& path, sqlite3* db) {
    return fmt::format("{}: not a usable urlcheck state file: {}", path,
                       db != nullptr ? sqlite3_errmsg(db) : "out of memory");
}

}  // namespace

bool state_store::merge_from(const std::string& path, std::size_t& taken, std::string& error) {
    impl& s = *impl_;
    taken = 0;
    if (!s.failure.empty()) {
        error = s.failure;
        return false;
    }
    if (looks_truncated(path)) {
        error = fmt::format("{}: not a usable urlcheck state file: it is shorter than its header says (truncated)",
                            path);
        return false;
    }
    // Its own connection, read-only: the shard's file is its run's, and is
    // not changed by being merged.
    impl source;
    source.path = path;
    if (sqlite3_open_v2(path.c_str(), &source.db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
        error = unreadable(path, source.db);
        return false;
    }
    sqlite3_busy_timeout(source.db, 1000);
    if (!source.check_format(error, true)) return false;
    sqlite3_stmt* rows = nullptr;
    if (sqlite3_prepare_v2(source.db,
                           "SELECT key, url, state, settled, since, first_seen, last_change, last_checked, last_up,"
                           " last_listed, consecutive_down, consecutive_up, last_error FROM entries",
                           -1, &rows, nullptr) != SQLITE_OK) {
        error = unreadable(path, source.db);
        return false;
    }
    int rc = SQLITE_ROW;
    while ((rc = sqlite3_step(rows)) == SQLITE_ROW) {
        std::string unknown;
        const auto r = record_of(rows, 2, unknown);
        if (!r) {
            error = fmt::format("{}: not a usable urlcheck state file: unknown state '{}'", path, unknown);
            break;
        }
        const std::string key = column_text(rows, 0);
        const auto kept = find(key);
        if (!s.failure.empty()) break;
        if (kept && kept->last_checked_ms >= r->last_checked_ms) continue;
        put(key, column_text(rows, 1), *r);
        if (!s.failure.empty()) break;
        ++taken;
    }
    if (error.empty() && !s.failure.empty()) error = s.failure;
    if (error.empty() && rc != SQLITE_DONE) error = unreadable(path, source.db);
    sqlite3_finalize(rows);
    return error.empty();
}

bool state_store::commit(std::string& error) {
    impl& s = *impl_;
    if (!s.failure.empty()) {
        error = s.failure + " (the state file keeps the last run's state)";
        return false;
    }
    if (sqlite3_exec(s.db, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK) {
        error = s.why("cannot write") + " (the state file keeps the last run's state)";
        return false;
    }
    // Back into the main file, so the state is one file again between runs
    // (copied, backed up); a failure here loses nothing, the WAL has it.
    sqlite3_wal_checkpoint_v2(s.db, nullptr, SQLITE_CHECKPOINT_TRUNCATE, nullptr, nullptr);
    return true;
}

}  // namespace urlcheck
