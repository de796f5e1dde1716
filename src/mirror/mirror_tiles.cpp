// The mirror's tile archives: the two GeoTIFFs of a tile (radiance and coverage), written as
// the publisher writes them and packed into one .tgz; and the tiny PNG previews beside them.
#include "mirror_parts.hpp"

#include "sezu/core/error.hpp"
#include "sezu/products/tile_grid.hpp"
#include "sezu/read/tgz_writer.hpp"

#include <cpl_error.h>
#include <cpl_vsi.h>
#include <gdal_priv.h>
#include <ogr_spatialref.h>
#include <zlib.h>

#include <algorithm>
#include <atomic>
#include <filesystem>

#include <unistd.h>

namespace sezu {

namespace {

namespace fs = std::filesystem;

std::atomic<unsigned> g_staging{0};

void remove_quietly(const std::string& path)
{
    std::error_code ec;
    fs::remove(path, ec);
}

void check_gdal(CPLErr err, const std::string& what)
{
    if (err != CE_None)
        throw GdalError("mirror: " + what + ": " + CPLGetLastErrorMsg());
}

/// A GeoTIFF being written, in /vsimem/ or (when large) in a temporary file on disk. The file
/// is removed when the owner goes away.
class TiffFile {
public:
    TiffFile(std::string path, bool in_memory) : m_path(std::move(path)), m_in_memory(in_memory)
    {
    }
    ~TiffFile()
    {
        m_ds.reset();
        if (m_in_memory)
            VSIUnlink(m_path.c_str());
        else
            remove_quietly(m_path);
    }
    TiffFile(const TiffFile&) = delete;
    TiffFile& operator=(const TiffFile&) = delete;

    void create(const Grid& grid, GDALDataType type)
    {
        GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GTiff");
        if (!driver)
            throw GdalError("mirror: GDAL has no GTiff driver");
        // Uncompressed and stripped, like the published tiles; no NoData tag.
        const char* options[] = {"COMPRESS=NONE", "TILED=NO", "INTERLEAVE=BAND", nullptr};
        m_ds.reset(driver->Create(m_path.c_str(), int(grid.cols), int(grid.rows), 1, type,
                                  const_cast<char**>(options)));
        if (!m_ds)
            throw GdalError("mirror: cannot create " + m_path + ": " + CPLGetLastErrorMsg());
        double gt[6] = {grid.x0, grid.dx, 0.0, grid.y0, 0.0, -grid.dy};
        check_gdal(m_ds->SetGeoTransform(gt), "set the geotransform of " + m_path);
        OGRSpatialReference srs;
        srs.importFromEPSG(4326);
        check_gdal(m_ds->SetSpatialRef(&srs), "set the CRS of " + m_path);
    }

    void write_rows(long row, long rows, long cols, void* data, GDALDataType type)
    {
        check_gdal(m_ds->GetRasterBand(1)->RasterIO(GF_Write, 0, int(row), int(cols), int(rows),
                                                    data, int(cols), int(rows), type, 0, 0,
                                                    nullptr),
                   "write " + m_path);
    }

    /// Closes the dataset (flushing it) and adds the file to the archive.
    void finish_into(TgzWriter& tgz, const std::string& member)
    {
        // GDAL 3.6 closes without a status: watch the error state instead.
        CPLErrorReset();
        m_ds.reset();
        if (CPLGetLastErrorType() == CE_Failure || CPLGetLastErrorType() == CE_Fatal)
            throw GdalError("mirror: cannot finish " + m_path + ": " + CPLGetLastErrorMsg());
        if (m_in_memory) {
            vsi_l_offset length = 0;
            GByte* bytes = VSIGetMemFileBuffer(m_path.c_str(), &length, FALSE);
            if (!bytes)
                throw GdalError("mirror: " + m_path + " vanished from /vsimem/");
            tgz.add_file(member, bytes, std::size_t(length));
        } else {
            tgz.add_file_from_path(member, m_path);
        }
    }

private:
    std::string m_path;
    bool m_in_memory;
    GDALDatasetUniquePtr m_ds;
};

// Tiles whose float raster exceeds this are staged on disk rather than in /vsimem/.
constexpr std::uint64_t kInMemoryLimit = std::uint64_t(256) << 20;
// Rows are generated and written in blocks of about this many float bytes.
constexpr std::uint64_t kBlockBytes = std::uint64_t(16) << 20;

} // namespace

namespace detail {

std::string tiny_png(unsigned char grey)
{
    auto be32 = [](std::string& s, std::uint32_t v) {
        for (int shift = 24; shift >= 0; shift -= 8)
            s += char((v >> shift) & 0xff);
    };
    auto chunk = [&](std::string& png, const char* type, const std::string& data) {
        be32(png, std::uint32_t(data.size()));
        const std::string body = std::string(type, 4) + data;
        png += body;
        be32(png, std::uint32_t(
                      crc32(0L, reinterpret_cast<const Bytef*>(body.data()), uInt(body.size()))));
    };
    std::string png("\x89PNG\r\n\x1a\n", 8);
    std::string ihdr;
    be32(ihdr, 1);
    be32(ihdr, 1);
    ihdr += std::string("\x08\x00\x00\x00\x00", 5);  // 8-bit greyscale, no interlace
    chunk(png, "IHDR", ihdr);
    const unsigned char raw[2] = {0, grey};          // filter byte, pixel
    unsigned char packed[64];
    uLongf packed_size = sizeof packed;
    compress(packed, &packed_size, raw, sizeof raw);
    chunk(png, "IDAT", std::string(reinterpret_cast<const char*>(packed), packed_size));
    chunk(png, "IEND", "");
    return png;
}

void write_tile_archive(const MirrorModel& model, const YearMonth& month, const TileSpec& tile,
                        const std::string& stem, const std::string& final_path, int gzip_level,
                        std::int64_t mtime)
{
    const Grid grid = tile_grid(tile, model.scale);
    const Window place = tile_place(tile, model.scale);
    const bool in_memory =
        std::uint64_t(grid.cols) * std::uint64_t(grid.rows) * 4 <= kInMemoryLimit;
    const std::string tag = std::to_string(::getpid()) + "-" + std::to_string(g_staging++);
    const std::string base = in_memory ? "/vsimem/sezu-mirror-" + tag + "-" + stem
                                       : temp_name(final_path) + "-" + tag;
    TiffFile rad_tif(base + ".avg_rade9h.tif", in_memory);
    TiffFile cvg_tif(base + ".cf_cvg.tif", in_memory);
    rad_tif.create(grid, GDT_Float32);
    cvg_tif.create(grid, GDT_UInt16);

    const long block_rows = std::max<long>(
        1, std::min<long>(grid.rows, long(kBlockBytes / (std::uint64_t(grid.cols) * 4))));
    std::vector<float> rad(std::size_t(block_rows * grid.cols));
    std::vector<std::uint16_t> cvg(std::size_t(block_rows * grid.cols));
    for (long row = 0; row < grid.rows; row += block_rows) {
        const long rows = std::min(block_rows, grid.rows - row);
        fill_rows(model, month, place, row, rows, rad.data(), cvg.data());
        rad_tif.write_rows(row, rows, grid.cols, rad.data(), GDT_Float32);
        cvg_tif.write_rows(row, rows, grid.cols, cvg.data(), GDT_UInt16);
    }
    rad.clear();
    rad.shrink_to_fit();
    cvg.clear();
    cvg.shrink_to_fit();

    TempFile file(final_path, tree_file_spec(final_path));
    TgzWriter tgz(file.path(), gzip_level);
    try {
        tgz.set_mtime(mtime);
        rad_tif.finish_into(tgz, "./" + stem + ".avg_rade9h.tif");
        cvg_tif.finish_into(tgz, "./" + stem + ".cf_cvg.tif");
        tgz.close();
    } catch (const DataError& e) {
        file.fail(tgz.error_number(), e.what()); // a full disk is told as such
    }
    file.commit();
}

} // namespace detail

} // namespace sezu
