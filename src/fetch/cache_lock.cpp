#include "sezu/fetch/cache_lock.hpp"

#include "sezu/core/error.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

namespace sezu {

namespace {

/// True when `fd` is the file now at `path` (not one removed from under it).
bool still_there(int fd, const std::string& path)
{
    struct stat held {};
    struct stat named {};
    return ::fstat(fd, &held) == 0 && ::stat(path.c_str(), &named) == 0 &&
           held.st_dev == named.st_dev && held.st_ino == named.st_ino;
}

} // namespace

bool CacheLock::acquire(const std::string& path, bool wait)
{
    for (;;) {
        const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
        if (fd < 0)
            throw FetchError("fetch: cannot create the cache lock " + path + ": " +
                             std::strerror(errno) + " (is the cache directory writable?)");
        int rc = 0;
        while ((rc = ::flock(fd, LOCK_EX | (wait ? 0 : LOCK_NB))) != 0 && errno == EINTR) {
        }
        if (rc != 0) {
            const int err = errno;
            ::close(fd);
            if (!wait && err == EWOULDBLOCK)
                return false;
            throw FetchError("fetch: cannot lock " + path + ": " + std::strerror(err));
        }
        if (still_there(fd, path)) {
            m_path = path;
            m_fd = fd;
            return true;
        }
        // The previous holder removed the file as it let go: the lock we got guards nothing.
        ::close(fd);
    }
}

CacheLock::CacheLock(const std::string& path)
{
    acquire(path, true);
}

std::optional<CacheLock> CacheLock::try_acquire(const std::string& path)
{
    CacheLock lock;
    if (!lock.acquire(path, false))
        return std::nullopt;
    return std::optional<CacheLock>(std::move(lock));
}

CacheLock::~CacheLock()
{
    if (m_fd >= 0) {
        // Remove before unlocking: whoever gets this lock next sees the file gone and retries.
        ::unlink(m_path.c_str());
        ::close(m_fd);
    }
}

CacheLock::CacheLock(CacheLock&& o) noexcept : m_path(std::move(o.m_path)), m_fd(o.m_fd)
{
    o.m_fd = -1;
}

} // namespace sezu
