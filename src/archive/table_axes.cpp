#include "table_axes.hpp"

namespace sezu::detail {

TableAxes::TableAxes(ArchiveFile& file, H5Id rows, hsize_t row_count, hsize_t zone_count)
    : m_file(file), m_rows(std::move(rows)),
      m_zones(file.index_dimension("zone", zone_count, "zone index (order of the zones file)")),
      m_row_count(row_count), m_zone_count(zone_count)
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

H5Id TableAxes::dataset(const std::string& name, hid_t type, Along along, const void* data,
                        const std::string& long_name)
{
    H5Id ds = m_file.dataset(name, type, dims(along), data);
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
