#include "sezu/read/granule.hpp"

#include "sezu/core/c_handle.hpp"
#include "sezu/core/error.hpp"

#include <hdf5.h>
#include <hdf5_hl.h> // H5LTopen_file_image: a granule read from memory

#include <algorithm>
#include <cmath>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <optional>
#include <sstream>

namespace sezu {

namespace {

// Owner of the granule's HDF5 identifiers (core/c_handle.hpp; the archive's H5Id is the same).
using Id = CId<hid_t, herr_t, H5I_INVALID_HID>;

// HDF5's own words for the innermost failure, for the message a user gets.
herr_t innermost(unsigned, const H5E_error2_t* err, void* data)
{
    if (err && err->desc && *err->desc)
        *static_cast<std::string*>(data) = err->desc;
    return 0;
}

// Opens and reads one granule; every failed HDF5 call becomes a DataError naming the file.
class Granule {
public:
    /// The file at `path`, or, when `image` is given, its bytes already in memory (read by
    /// read_whole): HDF5 reads them in place, neither copied nor freed.
    Granule(const std::string& path, const std::string& group,
            std::vector<char>* image = nullptr)
        : m_path(path), m_group(group)
    {
        H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr); // errors become exceptions, not stderr
        const hid_t id = image ? H5LTopen_file_image(image->data(), image->size(),
                                                     H5LT_FILE_IMAGE_DONT_COPY |
                                                         H5LT_FILE_IMAGE_DONT_RELEASE)
                               : H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
        m_file = Id(check(id, "open it"), H5Fclose);
    }

    bool has(const std::string& name) const
    {
        return H5Lexists(m_file, m_group.c_str(), H5P_DEFAULT) > 0 &&
               H5Lexists(m_file, full(name).c_str(), H5P_DEFAULT) > 0;
    }

    Id open(const std::string& name) const
    {
        if (!has(name))
            throw DataError("read: " + m_path + " has no dataset '" + full(name) +
                            "'; its layers are: " + list(layers()) +
                            " (choose one with --variable)");
        return Id(check(H5Dopen2(m_file, full(name).c_str(), H5P_DEFAULT), "open " + name),
                  H5Dclose);
    }

    std::vector<hsize_t> dims(hid_t ds, const std::string& name) const
    {
        const Id space(check(H5Dget_space(ds), "read the shape of " + name), H5Sclose);
        const int rank = H5Sget_simple_extent_ndims(space);
        std::vector<hsize_t> out(std::size_t(std::max(rank, 0)));
        if (rank > 0)
            H5Sget_simple_extent_dims(space, out.data(), nullptr);
        return out;
    }

    template <class T> std::vector<T> read(hid_t ds, hid_t mem_type, std::size_t n,
                                           const std::string& name) const
    {
        std::vector<T> out(n);
        if (H5Dread(ds, mem_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, out.data()) < 0)
            check(-1, "read " + name);
        return out;
    }

    /// A numeric attribute of a dataset, as double; nothing when the file has none.
    std::optional<double> attribute(hid_t ds, const char* attr) const
    {
        if (H5Aexists(ds, attr) <= 0)
            return std::nullopt;
        const Id a(check(H5Aopen(ds, attr, H5P_DEFAULT), std::string("open attribute ") + attr),
                   H5Aclose);
        const Id space(H5Aget_space(a), H5Sclose);
        if (H5Sget_simple_extent_npoints(space) < 1)
            return std::nullopt;
        std::vector<double> v(std::size_t(H5Sget_simple_extent_npoints(space)));
        if (H5Aread(a, H5T_NATIVE_DOUBLE, v.data()) < 0)
            check(-1, std::string("read attribute ") + attr);
        return v.front();
    }

    std::vector<std::string> layers() const
    {
        std::vector<std::string> out;
        if (H5Lexists(m_file, m_group.c_str(), H5P_DEFAULT) <= 0)
            return out;
        const Id g(check(H5Gopen2(m_file, m_group.c_str(), H5P_DEFAULT), "open " + m_group),
                   H5Gclose);
        H5Literate(g, H5_INDEX_NAME, H5_ITER_INC, nullptr,
                    [](hid_t, const char* name, const H5L_info_t*, void* data) -> herr_t {
                        static_cast<std::vector<std::string>*>(data)->push_back(name);
                        return 0;
                    },
                    &out);
        std::sort(out.begin(), out.end());
        return out;
    }

    const std::string& path() const { return m_path; }

private:
    std::string full(const std::string& name) const { return m_group + "/" + name; }

    static std::string list(const std::vector<std::string>& names)
    {
        std::string out;
        for (const auto& n : names)
            out += (out.empty() ? "" : ", ") + n;
        return out.empty() ? "(none: is it a Black Marble granule?)" : out;
    }

    hid_t check(hid_t id, const std::string& what) const
    {
        if (id >= 0)
            return id;
        std::string why;
        H5Ewalk2(H5E_DEFAULT, H5E_WALK_DOWNWARD, innermost, &why);
        H5Eclear2(H5E_DEFAULT);
        throw DataError("read: cannot " + what + " in " + m_path + (why.empty() ? "" : ": " + why) +
                        " (a damaged or partial download: remove it and fetch it again)");
    }

    std::string m_path;
    std::string m_group;
    Id m_file;
};

// The layer's side in cells gives the scale (2400 cells at full resolution).
int scale_of(const Granule& g, const std::vector<hsize_t>& dims, const std::string& name)
{
    if (dims.size() != 2 || dims[0] != dims[1] || dims[0] == 0 ||
        kBlackMarbleTileCells % dims[0] != 0) {
        std::ostringstream shape;
        for (std::size_t i = 0; i < dims.size(); ++i)
            shape << (i ? " x " : "") << dims[i];
        throw DataError("read: " + name + " in " + g.path() + " is " + shape.str() +
                        " cells, not a square Black Marble tile of 2400 cells (or 2400/K)");
    }
    return int(kBlackMarbleTileCells / dims[0]);
}

// lon and lat, when present, are the centres of the tile's cells: the granule is the tile its
// name says, with edges on whole degrees.
void check_centres(const Granule& g, const GranuleLayer& layer)
{
    const auto check_axis = [&](const char* name, double first, double step) {
        if (!g.has(name))
            return;
        const Id ds = g.open(name);
        const auto d = g.dims(ds, name);
        const std::size_t n = d.size() == 1 ? std::size_t(d[0]) : 0;
        const auto v = g.read<double>(ds, H5T_NATIVE_DOUBLE, n, name);
        const std::size_t cells = std::size_t(layer.grid.cols);
        const double tol = 1e-6;
        if (n != cells || std::abs(v.front() - first) > tol ||
            std::abs(v.back() - (first + step * double(cells - 1))) > tol) {
            std::ostringstream msg;
            msg.precision(10);
            msg << "read: " << name << " in " << g.path() << " does not hold the cell centres of "
                << layer.tile << " (" << n << " values from " << (n ? v.front() : 0.0)
                << "; expected " << cells << " from " << first
                << "): the file is not the tile its name says";
            throw DataError(msg.str());
        }
    };
    const Grid& grid = layer.grid;
    check_axis("lon", grid.cell_x(0), grid.dx);
    check_axis("lat", grid.cell_y(0), -grid.dy);
}

// The whole file in memory, hashed into `digest` as it is read: one pass over the bytes for
// both the SHA-256 and the layers (HDF5 then reads from memory).
std::vector<char> read_whole(const std::string& path, Sha256& digest)
{
    errno = 0;
    std::ifstream in(path, std::ios::binary);
    std::vector<char> bytes;
    if (in) {
        in.seekg(0, std::ios::end);
        bytes.resize(std::size_t(std::max<std::streamoff>(in.tellg(), 0)));
        in.seekg(0);
    }
    constexpr std::size_t kChunk = 4u << 20;
    for (std::size_t at = 0; in && at < bytes.size(); at += kChunk) {
        const std::size_t n = std::min(kChunk, bytes.size() - at);
        if (!in.read(bytes.data() + at, std::streamsize(n)))
            break;
        digest.update(bytes.data() + at, n);
    }
    if (!in || digest.bytes() != static_cast<long long>(bytes.size()))
        throw DataError("read: cannot read " + path + ": " +
                        (errno ? std::strerror(errno) : "it changed while read") +
                        " (remove it and fetch it again)");
    return bytes;
}

} // namespace

GranuleLayer read_blackmarble_granule(const std::string& path, const BlackMarbleTile& tile,
                                      const GranuleOptions& options, Sha256* digest)
{
    // Kept until the granule is closed: HDF5 reads the image in place.
    std::vector<char> image = digest ? read_whole(path, *digest) : std::vector<char>();
    const Granule g(path, options.group, digest ? &image : nullptr);
    const Id radiance = g.open(options.variable);
    const auto dims = g.dims(radiance, options.variable);
    GranuleLayer layer;
    layer.tile = tile;
    layer.scale = scale_of(g, dims, options.variable);
    layer.grid = blackmarble_tile_grid(tile, layer.scale);
    const std::size_t n = std::size_t(dims[0] * dims[1]);

    RasterBlock& block = layer.block;
    block.window = {tile.h * layer.grid.cols, tile.v * layer.grid.rows, layer.grid.cols,
                    layer.grid.rows};
    block.value = g.read<float>(radiance, H5T_NATIVE_FLOAT, n, options.variable);
    const auto fill = g.attribute(radiance, "_FillValue");
    block.has_nodata = fill.has_value();
    block.nodata = fill.value_or(0.0);
    block.scale = {g.attribute(radiance, "scale_factor").value_or(1.0),
                   g.attribute(radiance, "add_offset").value_or(0.0)};

    const std::string quality_name = options.variable + "_Quality";
    const Id quality_ds = g.open(quality_name);
    const auto quality = g.read<std::uint8_t>(quality_ds, H5T_NATIVE_UINT8, n, quality_name);
    const std::string num_name = options.variable + "_Num";
    const Id num_ds = g.open(num_name);
    block.cvg = g.read<std::uint16_t>(num_ds, H5T_NATIVE_UINT16, n, num_name);
    const auto num_fill = g.attribute(num_ds, "_FillValue");

    bool drop[256] = {};
    for (int q : options.drop_quality)
        if (q >= 0 && q <= 255)
            drop[q] = true;
    // A dropped cell needs a NoData to become; a layer without _FillValue gets NaN as its own.
    if (!block.has_nodata && !options.drop_quality.empty()) {
        block.has_nodata = true;
        block.nodata = std::nan("");
    }
    const float nodata = float(block.nodata);
    for (std::size_t i = 0; i < n; ++i) {
        if (num_fill && block.cvg[i] == *num_fill)
            block.cvg[i] = 0;
        if (fill && block.value[i] == nodata)
            ++layer.fill_cells;
        else if (drop[quality[i]]) {
            block.value[i] = nodata;
            ++layer.dropped_cells;
        }
    }
    check_centres(g, layer);
    return layer;
}

std::vector<std::string> granule_layers(const std::string& path, const std::string& group)
{
    return Granule(path, group).layers();
}

} // namespace sezu
