#pragma once
// Rank 0's collection of a run's results, checkpointed into the archive. Internal to run/.
#include "sezu/archive/archive.hpp"
#include "sezu/run/config.hpp"
#include "sezu/zones/zones.hpp"

#include "sezu/run/run_progress.hpp"

#include <chrono>
#include <mutex>
#include <string>
#include <vector>

namespace sezu::detail {

/// The zones as the archive describes them, in zones-file order: names and events are the
/// zones' config.name_field and config.event_field ("" if none); the point (OGR
/// PointOnSurface) and WKT are of the geometry, which the run loads in WGS 84 (longitude,
/// latitude order).
std::vector<ArchiveZone> archive_zones(const ZoneSet& zones, const Config& config);

/// Every new result may rewrite the archive (a checkpoint, at most every
/// config.checkpoint_seconds), so a killed run keeps the months it finished. Thread-safe: the
/// work-queue thread and rank 0's main thread both add results; HDF5 is only ever called under
/// the mutex.
class ResultStore {
public:
    /// `kept`: the months the existing archive keeps (ResumePlan).
    ResultStore(const Config& config, std::vector<ArchiveZone> zones, RunProvenance prov,
                std::vector<MonthResult> kept, RunProgress* progress = nullptr);

    /// Adds results and writes a checkpoint when one is due. A failed checkpoint is logged and
    /// retried at the next one (or the final write): the results stay in memory.
    void add(std::vector<MonthResult> results);

    /// Writes the final archive and returns every result. Throws ArchiveError when it cannot.
    std::vector<MonthResult> finish();

private:
    void write_locked();

    const Config& m_config;
    std::vector<ArchiveZone> m_zones;
    RunProvenance m_prov;
    std::vector<MonthResult> m_results;
    std::chrono::steady_clock::time_point m_last_write;
    RunProgress* m_progress;
    std::mutex m_mutex;
};

} // namespace sezu::detail
