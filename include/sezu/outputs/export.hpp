#pragma once
/// Exports of an archive for tools that do not read HDF5: a tidy CSV (one row per month x zone,
/// for pandas, R, spreadsheets) and a GeoJSON of the zones with their newest ok month (for a
/// map). Both read only what read_archive returns; the GeoJSON also needs the zones' geometry.
#include "sezu/archive/archive.hpp"
#include "sezu/zones/zones.hpp"

#include <ostream>
#include <string>

namespace sezu {

/// Header `month,zone,zone_name,status,reason,<the archive's statistics...>`, then one row per
/// month x zone, months and zones in archive order. Months as YYYY-MM; numbers round-trip exactly
/// (csv::number); every statistic is nan in months that are not ok. When some month is partial
/// or from another satellite than the run's, `satellite` (npp, j01) and `partial_days`
/// (20220701-20220726; empty for a whole month) follow `reason`.
void write_tidy_csv(const ArchiveData& archive, std::ostream& out);

/// The same CSV into `path`, atomically (PATH.tmp renamed over PATH). Throws ConfigError naming
/// the file when it cannot be written.
void write_tidy_csv(const ArchiveData& archive, const std::string& path);

/// A GeoJSON FeatureCollection (RFC 7946, EPSG:4326) at `path`: one feature per archive zone,
/// in archive order, with the geometry of the zone of `zones` with the same id and properties
/// zone, zone_name, latest_month (YYYY-MM of the newest ok month; null when none), every
/// statistic of that month (null where NaN, as JSON has no NaN) and months_ok. Written to
/// PATH.tmp and renamed, so a failed export leaves no file. Throws DataError naming the zone and
/// the zones file when an archive zone is not in `zones`, GdalError when GDAL fails.
void write_latest_geojson(const ArchiveData& archive, const ZoneSet& zones,
                          const std::string& path);

} // namespace sezu
