#pragma once
// The two axes of a file of tables, rows (months or periods) x zones, both HDF5 dimension scales
// (what netCDF-4 and xarray see as dimensions). Shared by the archive and the period tables, so
// both lay their tables out the same way. Internal: not part of sezu's public headers.
#include "h5.hpp"

#include <string>
#include <vector>

namespace sezu::detail {

/// Which axes a dataset lies along.
enum class Along { Rows, Zones, Both };

class TableAxes {
public:
    /// `rows` is the row dimension scale (`row_count` entries, already in `file`); the zone
    /// dimension ("zone", 0..zone_count-1) is created here.
    TableAxes(ArchiveFile& file, H5Id rows, hsize_t row_count, hsize_t zone_count);

    hid_t rows() const { return m_rows; }
    hid_t zones() const { return m_zones; }
    hsize_t row_count() const { return m_row_count; }
    hsize_t zone_count() const { return m_zone_count; }

    /// Writes `data` (row-major, rows x zones for Along::Both) as dataset `name` of HDF5 `type`
    /// along `along`, with its long_name, and attaches the axes.
    H5Id dataset(const std::string& name, hid_t type, Along along, const void* data,
                 const std::string& long_name);
    /// The same for texts (UTF-8, variable length). Throws ArchiveError when `values` does not
    /// have one entry per cell of the axes.
    H5Id strings(const std::string& name, const std::vector<std::string>& values, Along along,
                 const std::string& long_name);

private:
    std::vector<hsize_t> dims(Along along) const;

    ArchiveFile& m_file;
    H5Id m_rows;
    H5Id m_zones;
    hsize_t m_row_count;
    hsize_t m_zone_count;
};

} // namespace sezu::detail
