#include "sezu/core/temp_file.hpp"

#include "sezu/core/error.hpp"
#include "sezu/core/log.hpp"

#include <cerrno>
#include <filesystem>
#include <system_error>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace sezu {
namespace fs = std::filesystem;

namespace {

/// fsync()s and closes `fd`, checking both (a full disk or a failing NFS server may report an
/// earlier write's failure only here). Throws std::system_error naming `what`.
void sync_and_close(int fd, const std::string& what)
{
    const int synced = ::fsync(fd);
    const int sync_errno = errno;
    const int closed = ::close(fd);
    if (synced != 0)
        throw std::system_error(sync_errno, std::generic_category(), "fsync of " + what);
    if (closed != 0)
        throw std::system_error(errno, std::generic_category(), "close of " + what);
}

// fsync()s a finished file by name: its writer may have closed it without knowing whether the
// data reached the disk.
void sync_file(const std::string& path)
{
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        throw std::system_error(errno, std::generic_category(), "open " + path);
    sync_and_close(fd, path);
}

/// Makes a rename in `folder` durable. Throws std::system_error.
void sync_folder(const std::string& folder)
{
    const int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        throw std::system_error(errno, std::generic_category(), "open of folder " + folder);
    sync_and_close(fd, "folder " + folder);
}

/// Creates (or truncates) `path` and writes `size` bytes to it, then (when `durable`) fsyncs it,
/// and closes it, each step checked. Throws std::system_error naming `path`.
void write_whole_file(const std::string& path, const void* data, std::size_t size, bool durable)
{
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    if (fd < 0)
        throw std::system_error(errno, std::generic_category(), "create " + path);
    const auto* bytes = static_cast<const unsigned char*>(data);
    std::size_t done = 0;
    while (done < size) {
        const ssize_t n = ::write(fd, bytes + done, size - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            const int write_errno = errno;
            ::close(fd);
            throw std::system_error(write_errno, std::generic_category(), "write " + path);
        }
        done += std::size_t(n);
    }
    if (durable)
        return sync_and_close(fd, path);
    if (::close(fd) != 0)
        throw std::system_error(errno, std::generic_category(), "close of " + path);
}

std::string folder_of(const std::string& path)
{
    const fs::path p(path);
    return p.has_parent_path() ? p.parent_path().string() : std::string(".");
}

} // namespace

TempFile::TempFile(const std::string& target, std::string who,
                   std::vector<std::string> sidecar_suffixes)
    : TempFile(resolve_output_path(target),
               TempFileSpec{std::move(who), "file", raise_error<ConfigError>, "",
                            std::move(sidecar_suffixes), true})
{
}

TempFile::TempFile(std::string target, TempFileSpec spec)
    : m_target(std::move(target)), m_spec(std::move(spec)),
      m_temp(m_spec.temp.empty() ? m_target + ".tmp" : m_spec.temp)
{
    std::error_code ec;
    m_had_target = fs::exists(m_target, ec);
    remove_temporaries(); // leftovers of a killed run; some writers refuse to overwrite
}

TempFile::~TempFile()
{
    if (!m_committed)
        remove_temporaries();
}

void TempFile::remove_temporaries() const
{
    std::error_code ec;
    fs::remove(m_temp, ec);
    for (const auto& suffix : m_spec.sidecars)
        fs::remove(m_temp + suffix, ec);
}

void TempFile::fail(int error_number, const std::string& reason) const
{
    remove_temporaries();
    const std::string message =
        m_spec.who + ": " +
        write_failure_message(m_spec.kind, m_target, error_number, reason, m_had_target);
    m_spec.raise(message);
    throw Error(message); // a RaiseError that returned
}

void TempFile::write(const void* data, std::size_t size)
{
    try {
        write_whole_file(m_temp, data, size, m_spec.durable);
    } catch (const std::system_error& e) {
        fail(e.code().value(), e.what());
    }
    m_synced = m_spec.durable;
}

void TempFile::sync_temporaries() const
{
    // Every byte on the disk before the rename: a full disk or a failing server may report a
    // write's failure only at fsync or close, and a renamed but incomplete file loses the old one.
    try {
        if (!m_synced)
            sync_file(m_temp);
        for (const auto& suffix : m_spec.sidecars)
            if (fs::exists(m_temp + suffix))
                sync_file(m_temp + suffix);
    } catch (const std::system_error& e) {
        fail(e.code().value(), e.what());
    }
}

void TempFile::commit()
{
    if (m_spec.durable)
        sync_temporaries();
    std::error_code ec;
    for (const auto& suffix : m_spec.sidecars) {
        if (fs::exists(m_temp + suffix))
            fs::rename(m_temp + suffix, m_target + suffix, ec);
        else
            fs::remove(m_target + suffix, ec);
        if (ec)
            break;
    }
    if (!ec)
        fs::rename(m_temp, m_target, ec);
    if (ec)
        fail(ec.value(), "cannot move the finished file to it: " + ec.message());
    m_committed = true;
    if (!m_spec.durable)
        return;
    try {
        sync_folder(folder_of(m_target));
    } catch (const std::system_error& e) {
        log::warn(m_spec.who + ": " + m_target + " is written, but a crash of the machine now "
                  "could lose it (" + e.what() + ")");
    }
}

std::string resolve_output_path(const std::string& path)
{
    fs::path p(path);
    std::error_code ec;
    int hops = 0;
    while (fs::is_symlink(fs::symlink_status(p, ec))) {
        if (++hops > 40)
            throw ConfigError("output: '" + path + "' is a loop of symbolic links; give the "
                              "file itself");
        const fs::path link = fs::read_symlink(p, ec);
        if (ec)
            throw ConfigError("output: cannot read the symbolic link '" + p.string() + "': " +
                              ec.message());
        // A relative link is relative to the folder it is in.
        p = link.is_absolute() ? link : p.parent_path() / link;
    }
    if (hops == 0)
        return path;
    // Folders as the kernel resolves them (a link's ".." is its real folder's parent).
    const fs::path real = fs::weakly_canonical(p, ec);
    return ec ? p.string() : real.string();
}

std::string mount_point_of(const std::string& path)
{
    std::error_code ec;
    fs::path p = fs::absolute(path, ec).parent_path();
    while (p.has_parent_path() && p != p.root_path() && !fs::is_directory(p, ec))
        p = p.parent_path();
    const fs::path real = fs::canonical(p, ec);
    if (!ec)
        p = real;
    struct stat here {};
    if (::stat(p.c_str(), &here) != 0)
        return p.string();
    // Up the tree while the folder above is on the same device.
    while (p.has_parent_path() && p != p.root_path()) {
        const fs::path up = p.parent_path();
        struct stat above {};
        if (::stat(up.c_str(), &above) != 0 || above.st_dev != here.st_dev)
            break;
        p = up;
    }
    return p.string();
}

std::string write_failure_message(const std::string& kind, const std::string& target,
                                  int error_number, const std::string& reason, bool had_previous)
{
    const std::string kept =
        had_previous ? "the previous " + kind + " is intact" : "no " + kind + " was written";
    if (error_number == ENOSPC || error_number == EDQUOT)
        return std::string(error_number == ENOSPC ? "no space left on "
                                                  : "disk quota exceeded on ") +
               mount_point_of(target) + " while writing the " + kind + " " + target + "; " +
               kept + ". Free some space there (or write elsewhere) and run again";
    return "cannot write the " + kind + " " + target + " (" + reason + "); " + kept;
}

} // namespace sezu
