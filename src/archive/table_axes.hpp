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

/// The deflate level of the row x zone tables (1..9; 0 writes them uncompressed). 4: most of
/// level 9's gain on these tables for a fraction of its time (bench/RESULTS.md).
constexpr int kTableDeflate = 4;

/// The chunk of a row x zone table of `rows` x `zones`: at most kChunkRows x kChunkZones.
std::vector<hsize_t> table_chunk(hsize_t rows, hsize_t zones);
constexpr hsize_t kChunkRows = 12;
constexpr hsize_t kChunkZones = 2048;

/// The zones' ids of a file of tables: its `zone` coordinate, or, in files written before the
/// ids became that coordinate (when `zone` was an index 0..n-1), its `zone_id` variable.
std::vector<std::string> read_zone_ids(const ArchiveFile& file);

class TableAxes {
public:
    /// `rows` is the row dimension scale (`row_count` entries, already in `file`); the zone
    /// dimension "zone", the zones' ids (texts, so that xarray selects by id), is created here.
    /// Row x zone tables of numbers are chunked and compressed with `deflate` (0: not at all).
    TableAxes(ArchiveFile& file, H5Id rows, hsize_t row_count,
              const std::vector<std::string>& zone_ids, int deflate = kTableDeflate);

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
    /// Chunks and filters of a row x zone table of numbers; HDF5's default otherwise.
    H5Id creation(Along along, hid_t type) const;

    ArchiveFile& m_file;
    H5Id m_rows;
    H5Id m_zones;
    hsize_t m_row_count;
    hsize_t m_zone_count;
    int m_deflate;
};

} // namespace sezu::detail
