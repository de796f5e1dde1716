#include "gnuplot.hpp"

#include "sezu/core/error.hpp"

#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <memory>
#include <stdexcept>
#include <spawn.h>
#include <sstream>
#include <sys/wait.h>
#include <unistd.h>
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

// The length of the UTF-8 sequence starting at text[i], 0 when it is not one (a stray
// continuation byte, an overlong form, a surrogate, beyond U+10FFFF or cut short).
std::size_t utf8_sequence(const std::string& text, std::size_t i)
{
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
    const unsigned char c = byte(i);
    std::size_t n = 0;
    unsigned char lo = 0x80, hi = 0xBF; // range of the second byte
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        lo = c == 0xE0 ? 0xA0 : 0x80;
        hi = c == 0xED ? 0x9F : 0xBF;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        lo = c == 0xF0 ? 0x90 : 0x80;
        hi = c == 0xF4 ? 0x8F : 0xBF;
    } else {
        return 0;
    }
    if (i + n > text.size() || byte(i + 1) < lo || byte(i + 1) > hi)
        return 0;
    for (std::size_t k = 2; k < n; ++k)
        if (byte(i + k) < 0x80 || byte(i + k) > 0xBF)
            return 0;
    return n;
}

// Control characters as spaces (newlines and tabs too: a label is one line, and XML forbids
// the others), bytes that are not UTF-8 as '?'.
std::string printable_utf8(const std::string& text)
{
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        const unsigned char c = static_cast<unsigned char>(text[i]);
        if (c < 0x80) {
            out += c < 0x20 || c == 0x7F ? ' ' : char(c);
            ++i;
        } else if (const std::size_t n = utf8_sequence(text, i)) {
            out.append(text, i, n);
            i += n;
        } else {
            out += '?';
            ++i;
        }
    }
    return out;
}

} // namespace

void run_gnuplot(const std::string& program, const std::string& work_dir,
                 const std::string& script, const std::string& log_path)
{
    // The working folder is ours (we just wrote the script there); checked here because a
    // failed chdir in the child would read as "program not found".
    if (::access(work_dir.c_str(), X_OK) != 0)
        throw ConfigError("report: cannot enter the folder " + work_dir + ": " +
                          std::strerror(errno));
    FileActions actions;
    // In this order: the log is opened relative to our folder, then the child changes folder.
    posix_spawn_file_actions_addopen(actions.get(), STDOUT_FILENO, log_path.c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_adddup2(actions.get(), STDOUT_FILENO, STDERR_FILENO);
    posix_spawn_file_actions_addopen(actions.get(), STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addchdir_np(actions.get(), work_dir.c_str());
    std::vector<std::string> args = {program, "-d", script};
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
        throw DataError("report: gnuplot failed on " + work_dir + "/" + script + ":\n" +
                        tail_of(log_path, 800));
}

std::string script_literal(const std::string& text)
{
    for (const char c : text)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '_' && c != '/' &&
            c != '-')
            throw std::logic_error("sezu bug: text not made by sezu was about to go into a "
                                   "gnuplot script: " + text);
    return "'" + text + "'";
}

std::string label_field(const std::string& text)
{
    std::string label = printable_utf8(text);
    if (label.size() > kMaxLabelBytes) {
        const std::string ellipsis = "\xE2\x80\xA6"; // "…"
        std::size_t cut = kMaxLabelBytes - ellipsis.size();
        while (cut > 0 && (static_cast<unsigned char>(label[cut]) & 0xC0) == 0x80)
            --cut; // not inside a character
        label = label.substr(0, cut) + ellipsis;
    }
    std::string field;
    field.reserve(5 * label.size());
    char code[8];
    for (const char c : label) {
        std::snprintf(code, sizeof code, "\\0%03o", static_cast<unsigned char>(c));
        field += code;
    }
    return field;
}

} // namespace sezu::detail
