#include "sezu/archive/archive_lock.hpp"

#include "sezu/core/error.hpp"

#include <filesystem>
#include <system_error>

namespace sezu::detail {
namespace fs = std::filesystem;

namespace {

// The lock file is removed when the run lets go (a refused run leaves nothing beside the
// user's file); only a killed run leaves it, and the next run takes it over (flock is released
// by the kernel with the process).
std::optional<FileLock> try_lock(const std::string& path)
{
    try {
        return FileLock::try_lock(path, FileLock::OnRelease::remove_file);
    } catch (const std::system_error& e) {
        throw ConfigError(std::string("output: ") + e.what());
    }
}

FileLock lock_archive(const std::string& archive)
{
    std::optional<FileLock> lock = try_lock(archive + ".lock");
    if (!lock)
        throw ConfigError("output: another sezu run is writing " + archive +
                          "; wait for it or choose another --output");
    return std::move(*lock);
}

} // namespace

ArchiveLock::ArchiveLock(const std::string& archive) : m_lock(lock_archive(archive))
{
    // Holding the lock, no other writer exists: temporaries left by a killed run are garbage.
    const fs::path target(archive);
    const std::string prefix = target.filename().string() + ".tmp-";
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(
             target.has_parent_path() ? target.parent_path() : fs::path("."), ec))
        if (entry.path().filename().string().rfind(prefix, 0) == 0)
            fs::remove(entry.path(), ec);
}

} // namespace sezu::detail
