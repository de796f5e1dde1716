#pragma once
/// The outcome of one month, as it flows from the pipeline through the ranks into the archive.
/// Pure value types.
#include "sezu/core/months.hpp"
#include "sezu/stats/stats.hpp"
#include "sezu/stats/zone_chip.hpp"

#include <ostream>
#include <string>
#include <vector>

namespace sezu {

/// Whether files covering first_day..last_day (YYYYMMDD) cover only part of `month`; false
/// when the days are not known (0).
bool covers_part_of(const YearMonth& month, int first_day, int last_day);

/// What became of a month. The archive stores the numeric value.
enum class MonthStatus : int { Ok = 0, Incomplete = 1, Failed = 2, NotPublished = 3 };
std::string to_string(MonthStatus s);

/// Where one tile of a month came from.
struct TileProvenance {
    std::string tile;          ///< e.g. "75N180W"
    std::string file_name;     ///< archive name as published
    std::string stamp;         ///< creation stamp
    long long bytes = 0;       ///< archive size
    std::string sha256;        ///< hex SHA-256 of the archive (empty until it was read)
};
bool operator==(const TileProvenance& a, const TileProvenance& b);
bool operator!=(const TileProvenance& a, const TileProvenance& b);
/// "75N180W SVDNB_...tgz (stamp 201705020851, 123 bytes, sha256 ab12...)".
std::ostream& operator<<(std::ostream& os, const TileProvenance& t);

/// The outcome of one month: statistics for every zone (in ZoneSet order) when ok.
struct MonthResult {
    YearMonth month;
    MonthStatus status = MonthStatus::Failed;
    std::string reason;                 ///< empty when ok
    std::vector<ZoneStats> stats;       ///< one per zone when ok, else empty
    std::vector<TileProvenance> tiles;  ///< what was used (or found)
    double seconds = 0;                 ///< wall time spent on this month
    /// The satellite whose files the month's numbers are from ("npp", "j01"); "" when none
    /// were found (and in archives from before sezu recorded it).
    std::string satellite;
    /// The first and last day (YYYYMMDD) the month's files cover: the month's own, or fewer days
    /// for a partial month (2022-07: 20220701-20220726). 0 when not known (no files; archives
    /// from before sezu recorded it): a whole month.
    int first_day = 0, last_day = 0;
    /// Whether the files cover only part of the month.
    bool partial() const;
    /// One chip per zone (in ZoneSet order) when ok and the month's cells were read; empty for
    /// months read back from an archive, except the one its chips are of.
    std::vector<ZoneChip> chips;
};
/// Equal when every field is (statistics as ZoneStats' ==, where NaN equals NaN).
bool operator==(const MonthResult& a, const MonthResult& b);
bool operator!=(const MonthResult& a, const MonthResult& b);
/// The month, status, reason, seconds, tiles and every zone's statistics, one per line.
std::ostream& operator<<(std::ostream& os, const MonthResult& r);

} // namespace sezu
