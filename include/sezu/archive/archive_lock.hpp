#pragma once
// The lock that keeps two runs from writing one archive. Internal to the driver.
#include "sezu/core/file_lock.hpp"

#include <string>

namespace sezu::detail {

/// Held by rank 0 for the whole run: a second run writing the same archive is refused, and the
/// kernel releases the lock when the process dies, however it dies. The lock is ARCHIVE.lock, so
/// `archive` must be the resolved path (resolve_output_path) for runs through a symlink and
/// through its target to exclude each other. Taking it removes the temporaries (ARCHIVE.tmp-*)
/// of killed runs. Throws ConfigError when the lock cannot be made or another run holds it.
class ArchiveLock {
public:
    explicit ArchiveLock(const std::string& archive);

private:
    FileLock m_lock;
};

} // namespace sezu::detail
