#pragma once
/// An exclusive lock on one cache entry, shared by every run, rank and thread that uses the
/// cache: whoever holds "<entry>.lock" is the only one writing the entry or its ".part" files,
/// so parts left by others are stale and may be taken over or removed.
#include <optional>
#include <string>

namespace sezu {

/// An exclusive flock on a lock file. The kernel drops it if the process dies; the holder
/// removes the file when it lets go. Whoever gets the lock checks that the file it locked is
/// still the one under that name (a waiter may get the lock of a file its holder just removed,
/// while a newcomer locks a new file by the same name): if not, it starts over, so two holders
/// at once are impossible.
class CacheLock {
public:
    /// Waits for the lock on `path`. Throws FetchError when the file cannot be created.
    explicit CacheLock(const std::string& path);
    /// The lock if nobody holds it now; nothing otherwise (does not wait).
    static std::optional<CacheLock> try_acquire(const std::string& path);

    ~CacheLock();
    CacheLock(CacheLock&& o) noexcept;
    CacheLock& operator=(CacheLock&&) = delete;
    CacheLock(const CacheLock&) = delete;
    CacheLock& operator=(const CacheLock&) = delete;

    const std::string& path() const { return m_path; }

private:
    CacheLock() = default;
    bool acquire(const std::string& path, bool wait);

    std::string m_path;
    int m_fd = -1;
};

} // namespace sezu
