#pragma once
// One tile's step of a month and the month's stage clock, shared by the EOG and the Black
// Marble paths of the pipeline.
// Internal to run/.
#include "sezu/core/error.hpp"
#include "sezu/fetch/fetch.hpp"
#include "sezu/read/tiff_layout.hpp"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <system_error>

namespace sezu {

// Wall time of each stage of a month, for the log line that ends it (and the benchmarks).
class StageClock {
public:
    void lap(const char* stage)
    {
        const auto now = std::chrono::steady_clock::now();
        char buf[64];
        std::snprintf(buf, sizeof buf, "%s%s %.2f s", m_text.empty() ? "" : ", ", stage,
                      std::chrono::duration<double>(now - m_last).count());
        m_text += buf;
        m_last = now;
    }
    const std::string& summary() const { return m_text; }

private:
    std::chrono::steady_clock::time_point m_last = std::chrono::steady_clock::now();
    std::string m_text;
};

// Runs one tile's step; a tile whose archive turns out corrupt must not poison the cache, so the
// cached file is dropped and the next run fetches it again. (NotStreamable is no corruption.)
// A local source's own file (read in place) is the user's: it is reported, never removed.
template <class Step>
auto on_tile(const CachedFile& file, Step step) -> decltype(step())
{
    try {
        return step();
    } catch (const NotStreamable&) {
        throw;
    } catch (const DataError& e) {
        if (file.in_place)
            throw DataError(std::string(e.what()) + " (the source's own file, left as it is: "
                            "replace it with the publisher's archive)");
        std::error_code ec;
        std::filesystem::remove(file.path, ec);
        throw DataError(std::string(e.what()) +
                        " (removed from the cache; the next run fetches it again)");
    }
}

} // namespace sezu
