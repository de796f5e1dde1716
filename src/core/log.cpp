#include "sezu/core/log.hpp"

#include "sezu/core/redact.hpp"

#include <iostream>
#include <mutex>

namespace sezu::log {
namespace {
int g_rank = 0;
int g_size = 1;
Level g_level = Level::Normal;
std::mutex g_mutex;

void emit(const char* tag, const std::string& message)
{
    std::lock_guard<std::mutex> lock(g_mutex);
    // One write per line so lines from several ranks do not interleave mid-line. Every line
    // is redacted here, so no caller can forget to keep a URL's credentials out of the log.
    std::string line = "[rank " + std::to_string(g_rank) + "/" + std::to_string(g_size) + "] " +
                       tag + redact_url(message) + "\n";
    std::cerr << line << std::flush;
}
} // namespace

void set_rank(int rank, int size)
{
    g_rank = rank;
    g_size = size;
}

void set_level(Level l)
{
    g_level = l;
}

Level level()
{
    return g_level;
}

void info(const std::string& message)
{
    if (g_level != Level::Quiet)
        emit("", message);
}

void debug(const std::string& message)
{
    if (g_level == Level::Verbose)
        emit("debug: ", message);
}

void warn(const std::string& message)
{
    emit("warning: ", message);
}

void error(const std::string& message)
{
    emit("error: ", message);
}

} // namespace sezu::log
