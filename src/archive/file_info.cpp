// The kind and the variables of a file sezu wrote, read through HDF5's link iteration and its
// dimension scales (what netCDF-4 and xarray call dimensions).
#include "sezu/archive/file_info.hpp"

#include "sezu/core/error.hpp"

#include "h5.hpp"

#include <hdf5_hl.h>

#include <ostream>

namespace sezu {
using namespace detail;

std::ostream& operator<<(std::ostream& os, SezuFileKind kind)
{
    return os << (kind == SezuFileKind::Archive ? "archive" : "aggregate tables");
}

bool operator==(const VariableInfo& a, const VariableInfo& b)
{
    return a.name == b.name && a.dimensions == b.dimensions && a.shape == b.shape &&
           a.long_name == b.long_name && a.units == b.units;
}

std::ostream& operator<<(std::ostream& os, const VariableInfo& v)
{
    os << v.name << "(";
    for (std::size_t i = 0; i < v.shape.size(); ++i)
        os << (i ? ", " : "") << (v.dimensions[i].empty() ? "?" : v.dimensions[i]) << "="
           << v.shape[i];
    os << ")";
    if (!v.units.empty())
        os << " [" << v.units << "]";
    if (!v.long_name.empty())
        os << " " << v.long_name;
    return os;
}

namespace {

/// The name of the dimension scale attached to axis `axis` of `ds`; "" when none.
std::string scale_name(hid_t ds, unsigned axis)
{
    std::string name;
    H5DSiterate_scales(ds, axis, nullptr,
                       [](hid_t, unsigned, hid_t scale, void* out) -> herr_t {
                           char buffer[256] = {};
                           if (H5DSget_scale_name(scale, buffer, sizeof buffer) > 0)
                               *static_cast<std::string*>(out) = buffer;
                           return 1; // the first scale is the dimension's
                       },
                       &name);
    if (name.empty() && H5DSis_scale(ds) > 0) {
        char buffer[256] = {};
        if (H5DSget_scale_name(ds, buffer, sizeof buffer) > 0)
            name = buffer;
    }
    return name;
}

VariableInfo describe_dataset(const ArchiveFile& f, const std::string& name)
{
    VariableInfo v{name, {}, {}, {}, {}};
    H5Id ds(f.check(H5Dopen2(f.id(), name.c_str(), H5P_DEFAULT), "open " + name), H5Dclose);
    H5Id space(H5Dget_space(ds), H5Sclose);
    const int rank = H5Sget_simple_extent_ndims(space);
    std::vector<hsize_t> dims(rank > 0 ? std::size_t(rank) : 0);
    if (rank > 0)
        H5Sget_simple_extent_dims(space, dims.data(), nullptr);
    for (std::size_t axis = 0; axis < dims.size(); ++axis) {
        v.shape.push_back(std::size_t(dims[axis]));
        v.dimensions.push_back(scale_name(ds, unsigned(axis)));
    }
    v.long_name = read_string_attr(ds, "long_name");
    v.units = read_string_attr(ds, "units");
    return v;
}

} // namespace

SezuFileInfo describe_sezu_file(const std::string& path)
{
    const ArchiveFile f = open_read_only(path, "a file");
    SezuFileInfo info;
    if (f.has("yyyymm") && f.has("status"))
        info.kind = SezuFileKind::Archive;
    else if (f.has("period_label"))
        info.kind = SezuFileKind::PeriodTables;
    else
        throw ConfigError("'" + path + "' is an HDF5 file, but neither an archive nor an "
                          "aggregate table file sezu wrote (no 'yyyymm' or 'period_label')");
    for (const auto& name : f.dataset_names())
        info.variables.push_back(describe_dataset(f, name));
    return info;
}

} // namespace sezu
