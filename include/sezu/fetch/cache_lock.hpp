#pragma once
/// An exclusive lock on one cache entry, shared by every run, rank and thread that uses the
/// cache: whoever holds "<entry>.lock" is the only one writing the entry or its ".part" files,
/// so parts left by others are stale and may be taken over or removed.
#include "sezu/core/file_lock.hpp"

#include <optional>
#include <string>

namespace sezu {

/// A FileLock on a cache entry's lock file, removed when let go (so that locks do not pile up
/// in the cache); FileLock's check makes two holders at once impossible all the same.
class CacheLock {
public:
    /// Waits for the lock on `path`. Throws FetchError when the file cannot be created.
    explicit CacheLock(const std::string& path);
    /// The lock if nobody holds it now; nothing otherwise (does not wait).
    static std::optional<CacheLock> try_acquire(const std::string& path);

    const std::string& path() const { return m_lock.path(); }

private:
    explicit CacheLock(FileLock lock) : m_lock(std::move(lock)) {}
    FileLock m_lock;
};

} // namespace sezu
