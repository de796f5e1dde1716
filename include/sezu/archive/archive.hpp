#pragma once
/// The HDF5 archive of a run: a month x zone table per statistic, with month and zone coordinates
/// (HDF5 dimension scales, so netCDF4 and xarray see dimensions), per-month status and provenance.
/// Layout: docs/archive.md. Written whole into a temporary file and renamed over the target, so a
/// reader never sees a half-written archive.
#include "sezu/products/product.hpp"
#include "sezu/stats/month_result.hpp"

#include <limits>
#include <map>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace sezu {

/// Run-level provenance stored as root attributes (never the auth token).
struct RunProvenance {
    std::string product;           ///< the data product and its variant, for people
    /// The product's name (product.hpp, e.g. "eog-monthly", "vnp46a3"); "" in archives from
    /// before products existed, which are all eog-monthly.
    std::string product_name;
    std::string collection;        ///< the product's collection ("v10", "5200"); "" likewise
    std::string variable;          ///< the layer read ("avg_rade9h", "NearNadir_..."); "" likewise
    /// The satellite the run's months are from unless a month's own `satellite` says otherwise
    /// ("npp" also for --satellite auto, which prefers it); "" in archives from before sezu
    /// recorded it.
    std::string satellite;
    /// What a row of the tables is: a month, or a year (annual products; root attribute
    /// `period_unit`, written only then, so monthly archives are as they were).
    PeriodUnit period = PeriodUnit::Month;
    std::string source;            ///< URL template
    std::string pixel_rule;
    std::string stats_options;     ///< StatsOptions::describe(): lit threshold, zero policy
    /// StatSelection::describe(): the statistics stored, "cell_count,sum_of_lights,
    /// radiance_median"; empty means the default selection (archives from before --stats;
    /// write_archive stores it so). Read back in the new names whatever the archive's age.
    std::string statistics;
    std::string zones_source;
    std::string zones_id_field;
    std::string zones_layer;       ///< empty: the source's only layer
    std::string zones_crs;         ///< CRS assigned to the zones (--zones-crs); empty: declared
    std::string zones_fingerprint;
    std::string config_json;
    std::string sezu_version;
    std::string created;           ///< ISO 8601 UTC
};
bool operator==(const RunProvenance& a, const RunProvenance& b);
bool operator!=(const RunProvenance& a, const RunProvenance& b);
std::ostream& operator<<(std::ostream& os, const RunProvenance& p);

/// One zone as the archive describes it along its `zone` dimension.
struct ArchiveZone {
    ArchiveZone() = default;
    explicit ArchiveZone(std::string zone_id) : id(std::move(zone_id)) {}

    std::string id;      ///< the `zone` coordinate: the id field's value, else the feature index
    std::string name;    ///< "" when the zone has none
    /// The zone's event (e.g. the year it was established: "YYYY" or "YYYY-MM"); "" when none.
    std::string event;
    /// A point inside the zone (OGR PointOnSurface), degrees in WGS 84; NaN when not known.
    double lat = std::numeric_limits<double>::quiet_NaN();
    double lon = std::numeric_limits<double>::quiet_NaN();
    std::string wkt;     ///< the zone's geometry as WKT in WGS 84 (lon lat order); "" when not known
};
bool operator==(const ArchiveZone& a, const ArchiveZone& b);   ///< NaN equals NaN here
bool operator!=(const ArchiveZone& a, const ArchiveZone& b);
std::ostream& operator<<(std::ostream& os, const ArchiveZone& z);

/// Everything an archive holds, read back (for tests, summaries, info, reports).
struct ArchiveData {
    std::vector<YearMonth> months;
    std::vector<MonthStatus> status;
    std::vector<std::string> reasons;
    std::vector<std::string> zone_ids;
    std::vector<std::string> zone_names;   ///< "" where the zone has none
    /// The zone's event (e.g. the year it was established: "YYYY" or "YYYY-MM"); "" when none.
    std::vector<std::string> zone_events;
    /// Per zone (ArchiveZone::lat, lon, wkt); NaN and "" in archives written before sezu stored
    /// them.
    std::vector<double> zone_lat, zone_lon;
    std::vector<std::string> zone_geometry;
    /// statistic name (the new names, also for archives from before 0.3) -> months x zones
    /// values, row-major (month-major).
    std::map<std::string, std::vector<double>> stats;
    /// The statistics the archive was made to hold, in their order (provenance.statistics,
    /// or the default selection for archives from before --stats).
    std::vector<std::string> statistics;
    std::vector<std::vector<TileProvenance>> tiles;   ///< per month
    /// Per month: the satellite its files are from ("npp", "j01"); "" when none were found and
    /// in archives from before sezu recorded it. May be shorter than months (made in memory).
    std::vector<std::string> satellites;
    /// Per month: the first and last day (YYYYMMDD) its files cover; 0 when not known (archives
    /// from before sezu recorded it, months without files), which reads as the whole month.
    std::vector<int> first_days, last_days;
    RunProvenance provenance;
    /// One chip per zone (ZoneChip: a small radiance image of its window) of the month
    /// `chips_month`, the newest ok month a run took chips of; both empty in archives without
    /// chips (written before sezu took them, or with no month ok).
    std::vector<ZoneChip> chips;
    std::optional<YearMonth> chips_month;

    /// Month m's satellite; "" when not recorded.
    std::string satellite(std::size_t m) const;
    /// Month m's satellite when it is not the run's own (provenance.satellite), else "": what
    /// info, export and report point out (a NOAA-20 month in a Suomi NPP series).
    std::string other_satellite(std::size_t m) const;
    /// Whether month m's files cover only part of it (2022-07: 20220701-20220726).
    bool partial(std::size_t m) const;
    /// "20220701-20220726" for a partial month; "" for a whole one.
    std::string partial_days(std::size_t m) const;

    /// Index of the newest month whose status is ok; none when no month is.
    std::optional<std::size_t> newest_ok_month() const;

    /// Row `row`'s period for people: "YYYY-MM", or "YYYY" in an annual archive.
    std::string label(std::size_t row) const
    {
        return period_label(months.at(row), provenance.period);
    }
    /// "month" or "year": what one row is.
    std::string period_word() const { return to_string(provenance.period); }

    double at(const std::string& stat, std::size_t month, std::size_t zone) const
    {
        return stats.at(stat)[month * zone_ids.size() + zone];
    }
};

/// Writes results (any order; stored sorted by month) for `zones` to `path` atomically (a
/// symlink is followed: its target is replaced). The month x zone tables are chunked and
/// compressed (deflate + shuffle) unless `compress` is false (for benchmarks). Throws
/// ArchiveError naming the file, and the file system when it is full; the previous archive at
/// `path` is then untouched.
void write_archive_with_zones(const std::string& path, const std::vector<ArchiveZone>& zones,
                   std::vector<MonthResult> results, const RunProvenance& provenance,
                   bool compress = true);

/// The same for zones known only by id (with human-readable `zone_names` and `zone_events`,
/// same order, or none): no points or geometries (tests, and archives rewritten from ArchiveData).
/// A name of its own, not an overload: a braced list of ids ({"a", "b"}) would fit both.
void write_archive(const std::string& path, const std::vector<std::string>& zone_ids,
                   std::vector<MonthResult> results, const RunProvenance& provenance,
                   const std::vector<std::string>& zone_names = {},
                   const std::vector<std::string>& zone_events = {});

/// Reads an archive written by write_archive. Throws ArchiveError naming the file.
ArchiveData read_archive(const std::string& path);

/// The archive's months as results again (to carry them into the next version of the archive);
/// the month the chips are of carries them.
std::vector<MonthResult> results_from(const ArchiveData& archive);

/// Throws ConfigError when an archive cannot be created at `path` (missing or read-only folder,
/// a directory in the way, a name too long for the file system), before any work is done: the
/// temporary file the archive is first written as is created (and removed). A symlinked `path`
/// is checked at its target (resolve_output_path).
void check_output_writable(const std::string& path);

/// Current UTC time as ISO 8601.
std::string utc_now_iso8601();

} // namespace sezu
