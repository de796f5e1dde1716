#include "sezu/archive/archive_lock.hpp"

#include "sezu/core/error.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

namespace sezu::detail {
namespace fs = std::filesystem;

ArchiveLock::ArchiveLock(const std::string& archive)
{
    const std::string path = archive + ".lock";
    m_fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (m_fd < 0)
        throw ConfigError("output: cannot create the lock file " + path + ": " +
                          std::strerror(errno));
    if (::flock(m_fd, LOCK_EX | LOCK_NB) != 0) {
        ::close(m_fd);
        throw ConfigError("output: another sezu run is writing " + archive +
                          "; wait for it or choose another --output");
    }
    // Holding the lock, no other writer exists: temporaries left by a killed run are garbage.
    const fs::path target(archive);
    const std::string prefix = target.filename().string() + ".tmp-";
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(
             target.has_parent_path() ? target.parent_path() : fs::path("."), ec))
        if (entry.path().filename().string().rfind(prefix, 0) == 0)
            fs::remove(entry.path(), ec);
}

ArchiveLock::~ArchiveLock()
{
    if (m_fd >= 0)
        ::close(m_fd);
}

} // namespace sezu::detail
