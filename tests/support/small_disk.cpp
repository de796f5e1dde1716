#include "small_disk.hpp"

#include <cerrno>
#include <exception>
#include <fstream>
#include <string>
#include <vector>

#include <fcntl.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

namespace sezu::test {

namespace {

bool write_proc(const char* path, const std::string& text)
{
    std::ofstream out(path);
    out << text;
    out.close();
    return bool(out);
}

/// Becomes root of a new user namespace (mapped to the caller's ids) with a private mount
/// namespace, as `unshare -rm` does.
bool enter_namespaces()
{
    const uid_t uid = ::getuid();
    const gid_t gid = ::getgid();
    if (::unshare(CLONE_NEWUSER | CLONE_NEWNS) != 0)
        return false;
    (void)write_proc("/proc/self/setgroups", "deny");
    return write_proc("/proc/self/uid_map", "0 " + std::to_string(uid) + " 1") &&
           write_proc("/proc/self/gid_map", "0 " + std::to_string(gid) + " 1") &&
           ::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) == 0;
}

void write_all(int fd, const std::string& text)
{
    std::size_t done = 0;
    while (done < text.size()) {
        const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
        if (n <= 0 && errno != EINTR)
            return;
        done += n > 0 ? std::size_t(n) : 0;
    }
}

[[noreturn]] void run_child(int out_fd, const std::string& dir, int size_kb,
                            const std::function<std::string()>& body)
{
    const std::string options = "size=" + std::to_string(size_kb) + "k";
    if (!enter_namespaces())
        ::_exit(90);
    if (::mount("tmpfs", dir.c_str(), "tmpfs", 0, options.c_str()) != 0)
        ::_exit(91);
    std::string result;
    try {
        result = body();
    } catch (const std::exception& e) {
        result = std::string("exception: ") + e.what();
    }
    write_all(out_fd, result);
    ::_exit(0);
}

} // namespace

std::optional<std::string> on_small_disk(const std::string& dir, int size_kb,
                                         const std::function<std::string()>& body)
{
    int fds[2];
    if (::pipe(fds) != 0)
        return std::nullopt;
    const pid_t pid = ::fork();
    if (pid == 0) {
        ::close(fds[0]);
        run_child(fds[1], dir, size_kb, body);
    }
    ::close(fds[1]);
    std::string result;
    char buf[4096];
    for (ssize_t n; (n = ::read(fds[0], buf, sizeof buf)) != 0;) {
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            break;
        result.append(buf, std::size_t(n));
    }
    ::close(fds[0]);
    int status = 0;
    if (pid < 0 || ::waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
        WEXITSTATUS(status) != 0)
        return std::nullopt;
    return result;
}

void fill_disk(const std::string& dir, long free_bytes)
{
    const std::string filler = dir + "/filler";
    const int fd = ::open(filler.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0)
        return;
    const std::vector<char> block(4096, 'f');
    while (::write(fd, block.data(), block.size()) > 0) {
    }
    ::close(fd);
    // Give back what the test wants free.
    const long size = long(std::ifstream(filler, std::ios::ate | std::ios::binary).tellg());
    if (::truncate(filler.c_str(), size > free_bytes ? size - free_bytes : 0) != 0)
        ::unlink(filler.c_str());
}

} // namespace sezu::test
