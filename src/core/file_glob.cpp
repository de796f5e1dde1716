#include "sezu/core/file_glob.hpp"

#include "sezu/core/error.hpp"

#include <glob.h>

namespace sezu {

namespace {

/// Owns a glob_t's results (globfree takes the struct itself, not a handle CHandle can hold).
struct GlobResults {
    glob_t g{};
    GlobResults() = default;
    ~GlobResults() { globfree(&g); }
    GlobResults(const GlobResults&) = delete;
    GlobResults& operator=(const GlobResults&) = delete;
};

} // namespace

bool has_wildcard(const std::string& text)
{
    return text.find_first_of("*?[") != std::string::npos;
}

std::vector<std::string> expand_glob(const std::string& pattern, const std::string& what)
{
    if (!has_wildcard(pattern))
        return {pattern};
    GlobResults results;
    const int rc = glob(pattern.c_str(), GLOB_ERR, nullptr, &results.g);
    if (rc == GLOB_NOMATCH)
        throw ConfigError(what + ": '" + pattern +
                          "' matches no file; check the folder and the pattern (quote it so "
                          "that sezu, not the shell, expands it)");
    if (rc != 0)
        throw ConfigError(what + ": cannot expand '" + pattern + "': " +
                          (rc == GLOB_ABORTED ? "a folder could not be read" : "out of memory"));
    return {results.g.gl_pathv, results.g.gl_pathv + results.g.gl_pathc};
}

} // namespace sezu
