#include "sezu/core/file_lock.hpp"

#include <cerrno>
#include <system_error>

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

bool FileLock::acquire(const std::string& path, bool wait)
{
    for (;;) {
        const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
        if (fd < 0)
            throw std::system_error(errno, std::generic_category(),
                                    "cannot create the lock file " + path);
        int rc = 0;
        while ((rc = ::flock(fd, LOCK_EX | (wait ? 0 : LOCK_NB))) != 0 && errno == EINTR) {
        }
        if (rc != 0) {
            const int err = errno;
            ::close(fd);
            if (!wait && err == EWOULDBLOCK)
                return false;
            throw std::system_error(err, std::generic_category(), "cannot lock " + path);
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

FileLock::FileLock(const std::string& path, OnRelease on_release) : m_on_release(on_release)
{
    acquire(path, true);
}

std::optional<FileLock> FileLock::try_lock(const std::string& path, OnRelease on_release)
{
    FileLock lock(on_release);
    if (!lock.acquire(path, false))
        return std::nullopt;
    return std::optional<FileLock>(std::move(lock));
}

FileLock::~FileLock()
{
    if (m_fd < 0)
        return;
    // Remove before unlocking: whoever gets this lock next sees the file gone and retries.
    if (m_on_release == OnRelease::remove_file)
        ::unlink(m_path.c_str());
    ::close(m_fd);
}

FileLock::FileLock(FileLock&& o) noexcept
    : m_path(std::move(o.m_path)), m_fd(o.m_fd), m_on_release(o.m_on_release)
{
    o.m_fd = -1;
}

} // namespace sezu
