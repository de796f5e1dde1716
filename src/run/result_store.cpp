#include "result_store.hpp"

#include "sezu/core/log.hpp"

#include <ogr_geometry.h>

namespace sezu::detail {

namespace {

/// Where the archive places a zone: a point inside it and its outline as WKT (NaN and "" when
/// GDAL cannot say, e.g. without GEOS).
void place(ArchiveZone& out, const MultiPolygon& geometry)
{
    const auto ogr = to_ogr(geometry);
    if (!ogr || ogr->IsEmpty())
        return;
    OGRPoint point(0, 0); // OGR refuses an empty point to write the result into
    if (ogr->PointOnSurface(&point) == OGRERR_NONE) {
        out.lon = point.getX();
        out.lat = point.getY();
    }
    // 17 significant digits, no rounding: the text reads back as the very coordinates sezu used
    // (OGR's default of 15 digits moves vertices by up to 1e-14 degrees).
    OGRWktOptions options;
    options.precision = 17;
    options.round = false;
    options.format = OGRWktFormat::G;
    out.wkt = ogr->exportToWkt(options);
}

/// The archive keeps the chips of the newest ok month only (docs/archive.md): the others' go
/// as soon as a newer one is here, so rank 0 holds one month of chips, not the run's.
void keep_newest_chips(std::vector<MonthResult>& results)
{
    MonthResult* newest = nullptr;
    for (auto& r : results)
        if (r.status == MonthStatus::Ok && !r.chips.empty() &&
            (!newest || newest->month < r.month))
            newest = &r;
    for (auto& r : results)
        if (&r != newest && !r.chips.empty())
            std::vector<ZoneChip>().swap(r.chips);
}

} // namespace

std::vector<ArchiveZone> archive_zones(const ZoneSet& zones, const Config& config)
{
    auto property = [](const Zone& z, const std::string& field) {
        const auto it = z.properties.find(field);
        return it == z.properties.end() ? std::string() : it->second;
    };
    std::vector<ArchiveZone> out;
    for (const auto& z : zones.zones) {
        ArchiveZone a;
        a.id = z.id;
        a.name = property(z, config.name_field);
        a.event = property(z, config.event_field);
        place(a, z.geometry);
        out.push_back(std::move(a));
    }
    return out;
}

ResultStore::ResultStore(const Config& config, std::vector<ArchiveZone> zones,
                         RunProvenance prov, std::vector<MonthResult> kept,
                         RunProgress* progress)
    : m_config(config), m_zones(std::move(zones)), m_prov(std::move(prov)),
      m_results(std::move(kept)), m_last_write(std::chrono::steady_clock::now()),
      m_progress(progress)
{
    keep_newest_chips(m_results);
}

void ResultStore::add(std::vector<MonthResult> results)
{
    if (results.empty())
        return;
    std::lock_guard<std::mutex> lock(m_mutex);
    if (m_progress)
        m_progress->add(results);
    for (auto& r : results)
        m_results.push_back(std::move(r));
    keep_newest_chips(m_results);
    const double since =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - m_last_write).count();
    if (since < m_config.checkpoint_seconds)
        return;
    try {
        write_locked();
    } catch (const std::exception& e) {
        // The results stay in memory and the next checkpoint (or the final write) retries.
        log::warn(std::string("checkpoint failed, will retry: ") + e.what());
    }
}

std::vector<MonthResult> ResultStore::finish()
{
    std::lock_guard<std::mutex> lock(m_mutex);
    write_locked();
    return m_results;
}

void ResultStore::write_locked()
{
    write_archive_with_zones(m_config.output, m_zones, m_results, m_prov);
    m_last_write = std::chrono::steady_clock::now();
}

} // namespace sezu::detail
