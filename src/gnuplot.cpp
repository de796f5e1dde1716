#include "gnuplot.hpp"

#include "sezu/error.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <memory>
#include <spawn.h>
#include <sstream>
#include <sys/wait.h>
#include <vector>

extern char** environ;

namespace sezu::detail {

namespace {

// posix_spawn's file actions, freed whatever happens.
class FileActions {
public:
    FileActions() { posix_spawn_file_actions_init(&m_actions); }
    ~FileActions() { posix_spawn_file_actions_destroy(&m_actions); }
    FileActions(const FileActions&) = delete;
    FileActions& operator=(const FileActions&) = delete;
    posix_spawn_file_actions_t* get() { return &m_actions; }

private:
    posix_spawn_file_actions_t m_actions;
};

std::string tail_of(const std::string& path, std::size_t max_chars)
{
    std::ifstream in(path);
    std::stringstream ss;
    ss << in.rdbuf();
    std::string text = ss.str();
    if (text.size() > max_chars)
        text = "..." + text.substr(text.size() - max_chars);
    return text;
}

} // namespace

void run_gnuplot(const std::string& program, const std::string& script, const std::string& log_path)
{
    FileActions actions;
    posix_spawn_file_actions_addopen(actions.get(), STDOUT_FILENO, log_path.c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_adddup2(actions.get(), STDOUT_FILENO, STDERR_FILENO);
    posix_spawn_file_actions_addopen(actions.get(), STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    std::vector<std::string> args = {program, script};
    std::vector<char*> argv;
    for (auto& a : args)
        argv.push_back(a.data());
    argv.push_back(nullptr);
    pid_t pid = 0;
    const int rc = posix_spawnp(&pid, program.c_str(), actions.get(), nullptr, argv.data(), environ);
    if (rc == ENOENT)
        throw ConfigError("report: '" + program +
                          "' was not found; install gnuplot (Debian: gnuplot-nox, which "
                          "scripts/install-deps.sh installs) or pass --gnuplot PATH");
    if (rc != 0)
        throw DataError("report: cannot start '" + program + "': " + std::strerror(rc));
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    // posix_spawnp reports a missing program through the child on some systems: exit 127.
    if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
        throw ConfigError("report: '" + program +
                          "' could not be run; install gnuplot (Debian: gnuplot-nox) or pass "
                          "--gnuplot PATH");
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        throw DataError("report: gnuplot failed on " + script + ":\n" + tail_of(log_path, 800));
}

std::string gnuplot_quote(const std::string& text)
{
    std::string out = "\"";
    for (const char c : text) {
        if (c == '"' || c == '\\')
            out += '\\';
        if (c == '\n')
            out += ' ';
        else
            out += c;
    }
    return out + "\"";
}

} // namespace sezu::detail
