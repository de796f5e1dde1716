#pragma once
/// The one owner of a lock file: an exclusive flock(2) on PATH, shared by every run, rank and
/// thread that uses the same file (the archive's lock, a cache entry's lock).
#include <optional>
#include <string>

namespace sezu {

/// An exclusive flock on a lock file, move-only. The kernel drops it if the process dies,
/// however it dies. Whoever gets the lock checks that the file it locked is still the one under
/// that name (with OnRelease::remove_file, a waiter may get the lock of a file its holder just
/// removed while a newcomer locks a new file by that name): if not, it starts over, so two
/// holders at once are impossible.
class FileLock {
public:
    /// What becomes of the lock file when the lock is let go.
    enum class OnRelease {
        keep_file,   ///< stays, for the next holder (one lock file per output, as users see it)
        remove_file, ///< removed before unlocking (one per cache entry: they would pile up)
    };

    /// Waits for the lock on `path`, creating the file if needed. Throws std::system_error
    /// ("cannot create the lock file PATH: ..." or "cannot lock PATH: ...").
    FileLock(const std::string& path, OnRelease on_release);
    /// The lock if nobody holds it now; nothing otherwise (does not wait). Throws as above.
    static std::optional<FileLock> try_lock(const std::string& path, OnRelease on_release);

    ~FileLock();
    FileLock(FileLock&& o) noexcept;
    FileLock& operator=(FileLock&&) = delete;
    FileLock(const FileLock&) = delete;
    FileLock& operator=(const FileLock&) = delete;

    const std::string& path() const { return m_path; }

private:
    explicit FileLock(OnRelease on_release) : m_on_release(on_release) {}
    bool acquire(const std::string& path, bool wait);

    std::string m_path;
    int m_fd = -1;
    OnRelease m_on_release;
};

} // namespace sezu
