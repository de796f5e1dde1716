#pragma once
/// A file of period x zone tables derived from an archive (roll-ups by year, quarter or the
/// user's periods), netCDF-4 compatible like the archive: dimensions `period` and `zone` are HDF5
/// dimension scales. Written whole into a temporary file and renamed. Layout: docs/analysis.md.
#include <map>
#include <string>
#include <vector>

namespace sezu {

struct PeriodTables {
    std::vector<std::string> period_labels;   ///< "2017", "2017Q3", or the user's label
    std::vector<int> period_first;            ///< YYYYMM
    std::vector<int> period_last;             ///< YYYYMM, inclusive
    std::vector<std::string> zone_ids, zone_names;
    /// name -> period x zone values (row-major, period-major).
    std::map<std::string, std::vector<double>> numbers;
    /// name -> period x zone texts (e.g. why a value is NaN).
    std::map<std::string, std::vector<std::string>> texts;
    /// name -> long_name attribute of a table.
    std::map<std::string, std::string> descriptions;
    /// Root attributes (source archive, grouping, thresholds).
    std::map<std::string, std::string> attributes;

    double at(const std::string& table, std::size_t period, std::size_t zone) const
    {
        return numbers.at(table)[period * zone_ids.size() + zone];
    }
};

/// Writes `tables` to `path` atomically. Throws ArchiveError naming the file.
void write_period_tables(const std::string& path, const PeriodTables& tables);
/// Reads a file written by write_period_tables. Throws ArchiveError naming the file.
PeriodTables read_period_tables(const std::string& path);

} // namespace sezu
