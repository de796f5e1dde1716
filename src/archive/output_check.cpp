// Whether an archive can be written at a path, told before any work is done.
#include "sezu/archive/archive.hpp"

#include "sezu/core/error.hpp"
#include "sezu/core/temp_file.hpp"

#include "h5.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>

#include <fcntl.h>
#include <unistd.h>

namespace sezu {
namespace fs = std::filesystem;
using detail::temp_path_for;

namespace {

void check_output_path(const std::string& given)
{
    const std::string path = resolve_output_path(given);
    const fs::path target(path);
    if (fs::is_directory(target))
        throw ConfigError("output: '" + path + "' is a directory; give a file name such as " +
                          (target / "sezu.h5").string());
    const fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
    if (!fs::is_directory(dir))
        throw ConfigError("output: folder '" + dir.string() + "' of '" + path +
                          "' does not exist; create it first");
    // Create the very file the output is first written as: permissions alone do not tell (a
    // read-only mount, ACLs), and a name the file system refuses (too long once the temporary's
    // suffix is added) must fail now, not after hours of work.
    const std::string probe = temp_path_for(path);
    const int fd = ::open(probe.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0) {
        const int error_number = errno;
        if (error_number == EEXIST)
            return; // another host's process with our pid: the name works
        if (error_number == ENAMETOOLONG)
            throw ConfigError("output: the name '" + path + "' is too long for the file system "
                              "(it is first written as '" + probe + "'); choose a shorter name");
        throw ConfigError("output: cannot write in folder '" + dir.string() + "' for '" + path +
                          "': " + std::strerror(error_number) + " (it is first written as '" +
                          probe + "'); choose a writable folder");
    }
    ::close(fd);
    ::unlink(probe.c_str());
}

} // namespace

void check_output_writable(const std::string& given)
{
    // A path the file system refuses outright (a name over NAME_MAX, a path over PATH_MAX) makes
    // std::filesystem throw: bad input, said as such.
    try {
        check_output_path(given);
    } catch (const fs::filesystem_error& e) {
        throw ConfigError("output: cannot use '" + given + "': " + e.code().message() +
                          "; choose a shorter name or another folder");
    }
}

} // namespace sezu
