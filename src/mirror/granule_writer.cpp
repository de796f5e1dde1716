#include "sezu/mirror/granule_writer.hpp"

#include "sezu/core/c_handle.hpp"
#include "sezu/core/error.hpp"
#include "sezu/core/temp_file.hpp"

#include <hdf5.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace sezu {

namespace {

using Id = CId<hid_t, herr_t, H5I_INVALID_HID>;

// The granule being written: every HDF5 call checked, the path named when one fails.
class GranuleFile {
public:
    explicit GranuleFile(const std::string& path) : m_path(path)
    {
        H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
        m_file = Id(check(H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT),
                          "create"),
                    H5Fclose);
    }

    Id group(const std::string& name)
    {
        const Id links(check(H5Pcreate(H5P_LINK_CREATE), "property list"), H5Pclose);
        H5Pset_create_intermediate_group(links, 1);
        return Id(check(H5Gcreate2(m_file, name.c_str(), links, H5P_DEFAULT, H5P_DEFAULT),
                        "create group " + name),
                  H5Gclose);
    }

    /// A dataset written whole; `fill` (when given) becomes its _FillValue, of its own type.
    Id dataset(hid_t where, const std::string& name, hid_t type, const std::vector<hsize_t>& dims,
               const void* data, const void* fill = nullptr)
    {
        const Id space(check(H5Screate_simple(int(dims.size()), dims.data(), nullptr), name),
                       H5Sclose);
        Id ds(check(H5Dcreate2(where, name.c_str(), type, space, H5P_DEFAULT, H5P_DEFAULT,
                               H5P_DEFAULT),
                    "create " + name),
              H5Dclose);
        check(H5Dwrite(ds, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data), "write " + name);
        if (fill)
            attribute(ds, "_FillValue", type, fill);
        return ds;
    }

    void attribute(hid_t obj, const char* name, hid_t type, const void* value)
    {
        const Id space(check(H5Screate(H5S_SCALAR), name), H5Sclose);
        const Id a(check(H5Acreate2(obj, name, type, space, H5P_DEFAULT, H5P_DEFAULT), name),
                   H5Aclose);
        check(H5Awrite(a, type, value), std::string("write attribute ") + name);
    }

    void text_attribute(hid_t obj, const char* name, const std::string& value)
    {
        const Id type(check(H5Tcopy(H5T_C_S1), name), H5Tclose);
        H5Tset_size(type, value.size() + 1);
        attribute(obj, name, type, value.c_str());
    }

    /// A fixed-length string dataset of `size` bytes (HDF-EOS's StructMetadata.0).
    void fixed_text(hid_t where, const std::string& name, const std::string& text, std::size_t size)
    {
        std::string padded = text;
        padded.resize(size, '\0');
        const Id type(check(H5Tcopy(H5T_C_S1), name), H5Tclose);
        H5Tset_size(type, size);
        const Id space(check(H5Screate(H5S_SCALAR), name), H5Sclose);
        const Id ds(check(H5Dcreate2(where, name.c_str(), type, space, H5P_DEFAULT, H5P_DEFAULT,
                                     H5P_DEFAULT),
                          "create " + name),
                    H5Dclose);
        check(H5Dwrite(ds, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, padded.data()), "write " + name);
    }

    /// Closes the file, checked: the granule is complete only when this succeeds.
    void close() { check(m_file.close(), "close"); }

private:
    template <class T> T check(T rc, const std::string& what) const
    {
        if (rc < 0)
            throw ConfigError("mirror: cannot " + what + " in the granule " + m_path +
                              " (HDF5 failed; is the disk full?)");
        return rc;
    }

    std::string m_path;
    Id m_file;
};

const char* const kDataFields = "HDFEOS/GRIDS/VIIRS_Grid_DNB_2d/Data Fields";

// A short StructMetadata.0 in ODL, as HDF-EOS writes it: the grid's name, size and corners.
std::string struct_metadata(const GranuleContent& c, long cells)
{
    const BBox e = c.tile.extent();
    char text[512];
    std::snprintf(text, sizeof text,
                  "GROUP=SwathStructure\nEND_GROUP=SwathStructure\nGROUP=GridStructure\n"
                  "\tGROUP=GRID_1\n\t\tGridName=\"VIIRS_Grid_DNB_2d\"\n\t\tXDim=%ld\n"
                  "\t\tYDim=%ld\n\t\tUpperLeftPointMtrs=(%.6f,%.6f)\n"
                  "\t\tLowerRightMtrs=(%.6f,%.6f)\n\t\tProjection=HE5_GCTP_GEO\n"
                  "\tEND_GROUP=GRID_1\nEND_GROUP=GridStructure\nEND\n",
                  cells, cells, e.xmin * 1e6, e.ymax * 1e6, e.xmax * 1e6, e.ymin * 1e6);
    return text;
}

void write_radiance(GranuleFile& f, hid_t fields, const std::string& name,
                    const GranuleContent& c, const std::vector<hsize_t>& dims)
{
    if (c.collection == "5000") {
        std::vector<std::uint16_t> stored(c.radiance.size());
        for (std::size_t i = 0; i < stored.size(); ++i)
            stored[i] = std::isnan(c.radiance[i])
                            ? 65535
                            : std::uint16_t(std::lround(std::max(0.0, c.radiance[i]) * 10));
        const std::uint16_t fill = 65535;
        const Id ds = f.dataset(fields, name, H5T_NATIVE_UINT16, dims, stored.data(), &fill);
        const double scale = 0.1, offset = 0.0;
        f.attribute(ds, "scale_factor", H5T_NATIVE_DOUBLE, &scale);
        f.attribute(ds, "add_offset", H5T_NATIVE_DOUBLE, &offset);
        f.text_attribute(ds, "units", "nW/(cm2 sr)");
        return;
    }
    std::vector<float> stored(c.radiance.size());
    const float fill = -999.9f;
    for (std::size_t i = 0; i < stored.size(); ++i)
        stored[i] = std::isnan(c.radiance[i]) ? fill : float(c.radiance[i]);
    const Id ds = f.dataset(fields, name, H5T_NATIVE_FLOAT, dims, stored.data(), &fill);
    f.text_attribute(ds, "units", "nW/(cm2 sr)");
}

void write_fields(GranuleFile& f, hid_t fields, const GranuleContent& c, long cells)
{
    const std::vector<hsize_t> dims = {hsize_t(cells), hsize_t(cells)};
    const std::uint16_t num_fill = 65535;
    const std::uint8_t quality_fill = 255;
    const float std_fill = -999.9f;
    const std::vector<float> spread(c.radiance.size(), 0.5f);
    for (const auto& name : blackmarble_composites()) {
        write_radiance(f, fields, name, c, dims);
        f.dataset(fields, name + "_Num", H5T_NATIVE_UINT16, dims, c.num.data(), &num_fill);
        f.dataset(fields, name + "_Quality", H5T_NATIVE_UINT8, dims, c.quality.data(),
                  &quality_fill);
        f.dataset(fields, name + "_Std", H5T_NATIVE_FLOAT, dims, spread.data(), &std_fill);
    }
    const std::vector<std::uint8_t> platform(c.radiance.size(), 1), land(c.radiance.size(), 1);
    f.dataset(fields, "DNB_Platform", H5T_NATIVE_UINT8, dims, platform.data());
    f.dataset(fields, "Land_Water_Mask", H5T_NATIVE_UINT8, dims, land.data());
    const Grid g = blackmarble_tile_grid(c.tile, c.scale);
    std::vector<double> lat(static_cast<std::size_t>(cells));
    std::vector<double> lon(static_cast<std::size_t>(cells));
    for (long i = 0; i < cells; ++i) {
        lat[std::size_t(i)] = g.cell_y(i);
        lon[std::size_t(i)] = g.cell_x(i);
    }
    f.dataset(fields, "lat", H5T_NATIVE_DOUBLE, {hsize_t(cells)}, lat.data());
    f.dataset(fields, "lon", H5T_NATIVE_DOUBLE, {hsize_t(cells)}, lon.data());
}

void write_groups(GranuleFile& f, const GranuleContent& c, long cells)
{
    f.group("HDFEOS/ADDITIONAL/FILE_ATTRIBUTES");
    const Id fields = f.group(kDataFields);
    write_fields(f, fields, c, cells);
    const Id info = f.group("HDFEOS INFORMATION");
    f.fixed_text(info, "StructMetadata.0", struct_metadata(c, cells), 32000);
}

} // namespace

std::vector<std::string> blackmarble_composites()
{
    std::vector<std::string> out;
    for (const char* angle : {"AllAngle", "NearNadir", "OffNadir"})
        for (const char* snow : {"Snow_Free", "Snow_Covered"})
            out.push_back(std::string(angle) + "_Composite_" + snow);
    return out;
}

void write_blackmarble_granule(const std::string& path, const GranuleContent& c)
{
    const long cells = blackmarble_tile_grid(c.tile, c.scale).cols;
    const std::size_t n = std::size_t(cells * cells);
    if (c.radiance.size() != n || c.quality.size() != n || c.num.size() != n)
        throw DataError("mirror: the granule of " + c.tile.name() + " needs " +
                        std::to_string(n) + " cells in each layer");
    TempFileSpec spec;
    spec.who = "mirror";
    spec.kind = "granule";
    TempFile out(path, spec);
    {
        GranuleFile f(out.path());
        write_groups(f, c, cells); // its groups are closed before the file
        f.close();
    }
    out.commit();
}

} // namespace sezu
