// The /chips group: every zone's chip of one month, the pixels of all zones end to end in one
// compressed dataset (thousands of tiny datasets would make each checkpoint slow) and, along the
// zone dimension, where each zone's pixels start, their shape and their place on the map.
#include "archive_chips.hpp"

#include <hdf5_hl.h>

#include <algorithm>
#include <cstdio>

namespace sezu::detail {

namespace {

const char* const kGroup = "chips";

// Chunked and compressed: most pixels of night-lights chips are dark and alike.
H5Id pixel_creation(const ArchiveFile& f, hsize_t count, int deflate)
{
    H5Id plist(f.check(H5Pcreate(H5P_DATASET_CREATE), "H5Pcreate chips"), H5Pclose);
    if (deflate > 0 && count > 0) {
        const hsize_t chunk = std::min<hsize_t>(count, 1 << 16);
        f.check(H5Pset_chunk(plist, 1, &chunk), "set the chips' chunks", 0);
        f.check(H5Pset_shuffle(plist), "set the shuffle filter", 0);
        f.check(H5Pset_deflate(plist, unsigned(deflate)), "set the deflate filter", 0);
    }
    return plist;
}

// The pixels' dimension, `chips/pixel`, as netCDF-4 makes a dimension that has no coordinate
// variable: a scale dataset with no values written (chunked, so HDF5 allocates nothing) whose
// NAME says so; netCDF4 and xarray then see `radiance` along a dimension `pixel`.
H5Id pixel_dimension(ArchiveFile& f, hsize_t count)
{
    const std::string name = std::string(kGroup) + "/pixel";
    H5Id space(f.check(H5Screate_simple(1, &count, nullptr), "H5Screate " + name), H5Sclose);
    H5Id plist(f.check(H5Pcreate(H5P_DATASET_CREATE), "H5Pcreate " + name), H5Pclose);
    const hsize_t chunk = std::max<hsize_t>(1, std::min<hsize_t>(count, 1 << 16));
    f.check(H5Pset_chunk(plist, 1, &chunk), "set the chunks of " + name, 0);
    H5Id ds(f.check(H5Dcreate2(f.id(), name.c_str(), H5T_NATIVE_FLOAT, space, H5P_DEFAULT,
                               plist, H5P_DEFAULT),
                    "create " + name),
            H5Dclose);
    char scale_name[80];
    std::snprintf(scale_name, sizeof scale_name,
                  "This is a netCDF dimension but not a netCDF variable.%10llu",
                  static_cast<unsigned long long>(count));
    f.check(H5DSset_scale(ds, scale_name), "set " + name + " scale", 0);
    return ds;
}

// A scalar int attribute (xarray reads a one-element array as an array, not a number).
void int_attr(const ArchiveFile& f, hid_t obj, const char* name, int value)
{
    H5Id space(f.check(H5Screate(H5S_SCALAR), "H5Screate"), H5Sclose);
    H5Id a(f.check(H5Acreate2(obj, name, H5T_NATIVE_INT, space, H5P_DEFAULT, H5P_DEFAULT),
                   std::string("create attribute ") + name),
           H5Aclose);
    f.check(H5Awrite(a, H5T_NATIVE_INT, &value), std::string("write attribute ") + name, 0);
}

const MonthResult* newest_with_chips(const std::vector<MonthResult>& results,
                                     std::size_t zone_count)
{
    const MonthResult* newest = nullptr;
    for (const auto& r : results)
        if (r.status == MonthStatus::Ok && r.chips.size() == zone_count && zone_count > 0 &&
            (!newest || newest->month < r.month))
            newest = &r;
    return newest;
}

// The month the chips are of (attribute yyyymm of /chips).
YearMonth chips_month(const ArchiveFile& f)
{
    H5Id group(f.check(H5Gopen2(f.id(), kGroup, H5P_DEFAULT), "open group chips"), H5Gclose);
    H5Id a(f.check(H5Aopen(group, "yyyymm", H5P_DEFAULT), "open chips' yyyymm"), H5Aclose);
    int yyyymm = 0;
    f.check(H5Aread(a, H5T_NATIVE_INT, &yyyymm), "read chips' yyyymm", 0);
    try {
        return YearMonth(yyyymm / 100, yyyymm % 100);
    } catch (const Error&) {
        throw ArchiveError("archive: " + f.path() + ": /chips is of the month " +
                           std::to_string(yyyymm) + " (damaged?)");
    }
}

} // namespace

void write_chips(ArchiveFile& f, hid_t zones, const std::vector<MonthResult>& results,
                 std::size_t zone_count, int deflate)
{
    const MonthResult* month = newest_with_chips(results, zone_count);
    if (!month)
        return;
    std::vector<float> pixels;
    std::vector<long long> offset;
    std::vector<int> rows, cols, factor;
    std::vector<double> west, north, east, south;
    for (const ZoneChip& c : month->chips) {
        offset.push_back((long long)pixels.size());
        pixels.insert(pixels.end(), c.radiance.begin(), c.radiance.end());
        rows.push_back(int(c.rows));
        cols.push_back(int(c.cols));
        factor.push_back(int(c.factor));
        west.push_back(c.west);
        north.push_back(c.north);
        east.push_back(c.east);
        south.push_back(c.south);
    }
    if (pixels.empty())
        return; // no zone has a cell in the grid: nothing to picture
    H5Id group(f.check(H5Gcreate2(f.id(), kGroup, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
                       "create group chips"),
               H5Gclose);
    int_attr(f, group, "yyyymm", month->month.yyyymm());
    f.attr(group, "units", "nW cm-2 sr-1");
    f.attr(group, "long_name",
           "mean radiance of the observed cells (cloud-free coverage > 0) of each zone's window, "
           "averaged down by a whole factor; NaN where no cell was observed");
    int_attr(f, group, "max_side", int(kChipMaxSide));

    const std::string at = std::string(kGroup) + "/";
    const H5Id creation = pixel_creation(f, pixels.size(), deflate);
    H5Id radiance = f.dataset(at + "radiance", H5T_NATIVE_FLOAT, {hsize_t(pixels.size())},
                              pixels.data(), creation);
    f.attr(radiance, "units", "nW cm-2 sr-1");
    f.attr(radiance, "long_name", "every zone's chip, row by row from the north, end to end");
    f.attach(radiance, {pixel_dimension(f, hsize_t(pixels.size()))});
    const hsize_t nz = zone_count;
    const auto per_zone = [&](const char* name, hid_t type, const void* data, const char* long_name,
                              const char* units) {
        H5Id ds = f.dataset(at + name, type, {nz}, data);
        f.attr(ds, "long_name", long_name);
        if (units)
            f.attr(ds, "units", units);
        f.attach(ds, {zones});
    };
    per_zone("offset", H5T_NATIVE_LLONG, offset.data(),
             "index in radiance of the zone's first pixel", nullptr);
    per_zone("rows", H5T_NATIVE_INT, rows.data(), "rows of the zone's chip (0: none)", nullptr);
    per_zone("cols", H5T_NATIVE_INT, cols.data(), "columns of the zone's chip (0: none)", nullptr);
    per_zone("factor", H5T_NATIVE_INT, factor.data(), "grid cells per chip pixel along each side",
             nullptr);
    per_zone("west", H5T_NATIVE_DOUBLE, west.data(), "west edge of the chip", "degrees_east");
    per_zone("north", H5T_NATIVE_DOUBLE, north.data(), "north edge of the chip", "degrees_north");
    per_zone("east", H5T_NATIVE_DOUBLE, east.data(), "east edge of the chip", "degrees_east");
    per_zone("south", H5T_NATIVE_DOUBLE, south.data(), "south edge of the chip", "degrees_north");
}

void read_chips(const ArchiveFile& f, ArchiveData& out)
{
    if (!f.has(kGroup))
        return;
    const std::string at = std::string(kGroup) + "/";
    const auto pixels = f.read_doubles(at + "radiance");
    const auto offset = f.read_ints(at + "offset");
    const auto rows = f.read_ints(at + "rows");
    const auto cols = f.read_ints(at + "cols");
    const auto factor = f.read_ints(at + "factor");
    const auto west = f.read_doubles(at + "west");
    const auto north = f.read_doubles(at + "north");
    const auto east = f.read_doubles(at + "east");
    const auto south = f.read_doubles(at + "south");
    const std::size_t nz = out.zone_ids.size();
    for (const auto* v : {&offset, &rows, &cols, &factor})
        if (v->size() != nz)
            throw ArchiveError("archive: " + f.path() + ": /chips has " +
                               std::to_string(v->size()) + " zones, the archive " +
                               std::to_string(nz) + " (damaged? `sezu run` rewrites it)");
    std::vector<ZoneChip> chips(nz);
    for (std::size_t z = 0; z < nz; ++z) {
        ZoneChip& c = chips[z];
        c.rows = long(rows[z]);
        c.cols = long(cols[z]);
        c.factor = long(factor[z]);
        c.west = west[z];
        c.north = north[z];
        c.east = east[z];
        c.south = south[z];
        const auto n = std::size_t(std::max(0L, c.rows) * std::max(0L, c.cols));
        if (offset[z] < 0 || std::size_t(offset[z]) + n > pixels.size())
            throw ArchiveError("archive: " + f.path() + ": zone " + out.zone_ids[z] +
                               "'s chip lies past the end of /chips/radiance (damaged?)");
        c.radiance.assign(pixels.begin() + std::ptrdiff_t(offset[z]),
                          pixels.begin() + std::ptrdiff_t(std::size_t(offset[z]) + n));
    }
    out.chips_month = chips_month(f);
    out.chips = std::move(chips);
}

} // namespace sezu::detail
