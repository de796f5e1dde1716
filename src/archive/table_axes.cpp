#include "table_axes.hpp"

#include <algorithm>

namespace sezu::detail {

// Why 12 x 2048: reading one zone's whole series touches every chunk of its zone column, and
// reading one month of all zones every chunk of its month row, so the bytes read (and inflated)
// are rows x chunk_zones x 8 for a zone and zones x chunk_rows x 8 for a month, whatever the
// other chunk side. For the largest archive in view (180 months x 50,000 zones, a 72 MB table)
// 12 x 2048 gives 2.9 MB for a zone's series (15 chunks) and 4.8 MB for a month (25 chunks),
// both ~4-7 % of the table; a chunk is 192 KiB uncompressed, inside HDF5's and netCDF's default
// chunk caches (1 MiB and more per variable), so a series read in steps reuses its chunks. A year
// of months per chunk also matches the usual yearly roll-ups; smaller archives get one chunk
// side equal to the table's.
std::vector<hsize_t> table_chunk(hsize_t rows, hsize_t zones)
{
    return {std::min(rows, kChunkRows), std::min(zones, kChunkZones)};
}

std::vector<std::string> read_zone_ids(const ArchiveFile& file)
{
    return file.read_strings(file.has("zone_id") ? "zone_id" : "zone");
}

TableAxes::TableAxes(ArchiveFile& file, H5Id rows, hsize_t row_count,
                     const std::vector<std::string>& zone_ids, int deflate)
    : m_file(file), m_rows(std::move(rows)),
      m_zones(file.text_dimension("zone", zone_ids, "zone identifier from the zones file")),
      m_row_count(row_count), m_zone_count(zone_ids.size()), m_deflate(deflate)
{
}

std::vector<hsize_t> TableAxes::dims(Along along) const
{
    switch (along) {
    case Along::Rows: return {m_row_count};
    case Along::Zones: return {m_zone_count};
    case Along::Both: break;
    }
    return {m_row_count, m_zone_count};
}

H5Id TableAxes::creation(Along along, hid_t type) const
{
    H5Id plist(m_file.check(H5Pcreate(H5P_DATASET_CREATE), "create a dataset property list"),
               H5Pclose);
    // Texts are variable length (their bytes live in the heap, which filters do not reach), and
    // a chunk cannot have a side of 0: those stay contiguous.
    if (along != Along::Both || m_deflate <= 0 || m_row_count == 0 || m_zone_count == 0 ||
        H5Tget_class(type) == H5T_STRING)
        return plist;
    const auto chunk = table_chunk(m_row_count, m_zone_count);
    m_file.check(H5Pset_chunk(plist, 2, chunk.data()), "set the chunks", 0);
    // Shuffle first: the bytes of nearby doubles (exponents, high mantissa bytes) then sit
    // together, which deflate compresses far better.
    m_file.check(H5Pset_shuffle(plist), "set the shuffle filter", 0);
    m_file.check(H5Pset_deflate(plist, unsigned(m_deflate)), "set the deflate filter", 0);
    return plist;
}

H5Id TableAxes::dataset(const std::string& name, hid_t type, Along along, const void* data,
                        const std::string& long_name)
{
    const H5Id plist = creation(along, type);
    H5Id ds = m_file.dataset(name, type, dims(along), data, plist);
    m_file.attr(ds, "long_name", long_name);
    switch (along) {
    case Along::Rows: m_file.attach(ds, {m_rows}); break;
    case Along::Zones: m_file.attach(ds, {m_zones}); break;
    case Along::Both: m_file.attach(ds, {m_rows, m_zones}); break;
    }
    return ds;
}

H5Id TableAxes::strings(const std::string& name, const std::vector<std::string>& values,
                        Along along, const std::string& long_name)
{
    hsize_t cells = 1;
    for (hsize_t d : dims(along))
        cells *= d;
    if (values.size() != cells)
        throw ArchiveError("archive: " + name + " has " + std::to_string(values.size()) +
                           " texts for " + std::to_string(cells) + " cells of " + m_file.path());
    const H5Id type = vlen_string_type();
    const auto ptrs = c_strings(values);
    return dataset(name, type, along, ptrs.data(), long_name);
}

} // namespace sezu::detail
