#include "sezu/read/mosaic.hpp"

#include "sezu/core/error.hpp"
#include "sezu/core/open_reason.hpp"
#include "sezu/read/band_scale.hpp"
#include "sezu/read/tar_reader.hpp"
#include "sezu/products/tile_grid.hpp"

#include <cpl_error.h>
#include <gdal_priv.h>
#include <ogr_spatialref.h>

#include <cmath>
#include <sstream>

namespace sezu {
namespace {

bool ends_with(const std::string& s, const std::string& suffix)
{
    return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

GDALDatasetUniquePtr open_raster(const std::string& path, const std::string& what)
{
    CPLErrorReset();
    GDALDatasetUniquePtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY));
    if (!ds)
        throw DataError("stitch: cannot open the " + what + " raster " + path + ": " +
                        open_failure_reason(path, CPLGetLastErrorMsg(), "not a raster GDAL reads"));
    return ds;
}

std::string fmt(double v)
{
    std::ostringstream os;
    os.precision(15);
    os << v;
    return os.str();
}

std::string to_text(const ValueScale& s)
{
    std::ostringstream os;
    os << s;
    return os.str();
}

// Reads the grid of a raster and checks it is a north-up EPSG:4326 raster with one band.
Grid raster_grid(GDALDataset& ds, const std::string& label)
{
    double gt[6];
    if (ds.GetGeoTransform(gt) != CE_None)
        throw DataError("stitch: " + label + " has no geotransform");
    if (gt[2] != 0.0 || gt[4] != 0.0 || gt[1] <= 0 || gt[5] >= 0)
        throw DataError("stitch: " + label + " is not a north-up raster");
    if (std::abs(gt[1] + gt[5]) > kEdgeTolerance)
        throw DataError("stitch: " + label + " has non-square pixels (" + fmt(gt[1]) + " x " +
                        fmt(-gt[5]) + ")");
    const OGRSpatialReference* srs = ds.GetSpatialRef();
    OGRSpatialReference wgs84;
    wgs84.importFromEPSG(4326);
    if (!srs || !srs->IsGeographic() || !srs->IsSameGeogCS(&wgs84))
        throw DataError("stitch: " + label + " is not in EPSG:4326 (WGS 84 longitude/latitude)");
    if (ds.GetRasterCount() < 1)
        throw DataError("stitch: " + label + " has no band");
    return {gt[0], gt[3], gt[1], -gt[5], ds.GetRasterXSize(), ds.GetRasterYSize()};
}

// Reading converts any type to the one asked for, silently: an Int16 radiance would come out
// in whole units, a float cf_cvg as truncated counts. The product has one type per layer.
void check_sample_type(GDALDataset& ds, TileLayer layer, const std::string& label)
{
    const GDALDataType expected = layer == TileLayer::Radiance ? GDT_Float32 : GDT_UInt16;
    const GDALDataType type = ds.GetRasterBand(1)->GetRasterDataType();
    if (type != expected)
        throw DataError("stitch: " + label + " holds " + GDALGetDataTypeName(type) +
                        " samples; the product's " +
                        (layer == TileLayer::Radiance ? "radiance is " : "cf_cvg counts are ") +
                        GDALGetDataTypeName(expected) +
                        ", and other types would be converted on reading: the file is not "
                        "the published one (re-encoded or damaged)");
}

} // namespace

int check_tile_raster(GDALDataset& ds, const TileSpec& tile, TileLayer layer,
                      const std::string& label)
{
    const Grid g = raster_grid(ds, label);
    check_sample_type(ds, layer, label);
    const int scale = scale_from_pixel_size(g.dx);
    const Grid expected = tile_grid(tile, scale);
    if (std::abs(g.x0 - expected.x0) > kEdgeTolerance ||
        std::abs(g.y0 - expected.y0) > kEdgeTolerance)
        throw DataError("stitch: " + label + " origin (" + fmt(g.x0) + ", " + fmt(g.y0) +
                        ") is not the published tile origin (" + fmt(expected.x0) + ", " +
                        fmt(expected.y0) + "); the tile is shifted and would not abut its "
                        "neighbours");
    if (std::abs(g.dx - expected.dx) > kEdgeTolerance)
        throw DataError("stitch: " + label + " pixel size " + fmt(g.dx) + " differs from " +
                        fmt(expected.dx));
    if (g.cols != expected.cols || g.rows != expected.rows)
        throw DataError("stitch: " + label + " is " + std::to_string(g.cols) + " x " +
                        std::to_string(g.rows) + " pixels; expected " +
                        std::to_string(expected.cols) + " x " + std::to_string(expected.rows));
    return scale;
}

TileRasters extract_tile(const TileRef& ref, const std::string& tgz_path, const std::string& dir)
{
    TileRasters out;
    out.tile = ref.tile;
    out.archive_path = tgz_path;
    const std::string stem = ref.archive.stem();
    const std::string tile = ref.tile.name;
    // Newer months carry avg_rade9h, older ones avg_rade9; the member may have a "./" prefix.
    auto select = [&](const std::string& member) -> std::optional<std::string> {
        if (ends_with(member, ".avg_rade9h.tif") || ends_with(member, ".avg_rade9.tif"))
            return tile + ".radiance.tif";
        if (ends_with(member, ".cf_cvg.tif"))
            return tile + ".cf_cvg.tif";
        return std::nullopt;
    };
    for (const auto& m : extract_members(tgz_path, select, dir, &out.archive_sha256)) {
        if (ends_with(m.path, ".radiance.tif")) {
            out.radiance_member = m.member_name;
            out.radiance_path = m.path;
        } else {
            out.cvg_member = m.member_name;
            out.cvg_path = m.path;
        }
    }
    if (out.radiance_path.empty() || out.cvg_path.empty())
        throw DataError("extract: " + ref.archive.file_name + " has no " +
                        (out.radiance_path.empty() ? std::string("avg_rade9h/avg_rade9")
                                                   : std::string("cf_cvg")) +
                        " raster (expected " + stem + ".avg_rade9h.tif and " + stem +
                        ".cf_cvg.tif)");
    return out;
}

struct Mosaic::Impl {
    struct OpenTile {
        TileSpec spec;
        Window place;  // the tile's cells within the global grid
        GDALDatasetUniquePtr radiance;
        GDALDatasetUniquePtr cvg;
    };
    std::vector<OpenTile> tiles;
    Grid grid;
    int scale = 0;
    ValueScale radiance_scale; // the same in every tile (a block holds one)
};

Mosaic::Mosaic(const std::vector<TileRasters>& rasters) : m_impl(std::make_unique<Impl>())
{
    GDALAllRegister();
    bool seen[kTileCount] = {};
    for (const auto& r : rasters) {
        if (seen[r.tile.index])
            throw DataError(std::string("stitch: tile ") + r.tile.name + " given twice");
        seen[r.tile.index] = true;
    }
    for (const auto& spec : tile_specs())
        if (!seen[spec.index])
            throw DataError(std::string("stitch: tile ") + spec.name +
                            " is missing; a month needs all 6 tiles");

    for (const auto& r : rasters) {
        const std::string label = std::string("tile ") + r.tile.name;
        Impl::OpenTile t{r.tile, {}, open_raster(r.radiance_path, label + " radiance"),
                         open_raster(r.cvg_path, label + " cf_cvg")};
        const int scale = check_tile_raster(*t.radiance, r.tile, TileLayer::Radiance,
                                            label + " radiance (" + r.radiance_member + ")");
        if (check_tile_raster(*t.cvg, r.tile, TileLayer::CloudFreeCoverage,
                              label + " cf_cvg (" + r.cvg_member + ")") != scale)
            throw DataError("stitch: " + label + " radiance and cf_cvg differ in pixel size");
        if (m_impl->scale == 0)
            m_impl->scale = scale;
        else if (scale != m_impl->scale)
            throw DataError("stitch: " + label + " has pixel size " +
                            fmt(tile_grid(r.tile, scale).dx) + " but other tiles have " +
                            fmt(m_impl->grid.dx));
        const ValueScale values = band_scale(*t.radiance->GetRasterBand(1), "stitch: " + label +
                                                                           " radiance");
        if (!m_impl->tiles.empty() && values != m_impl->radiance_scale)
            throw DataError("stitch: " + label + " radiance has " + to_text(values) +
                            " but other tiles have " + to_text(m_impl->radiance_scale));
        m_impl->radiance_scale = values;
        const Grid expected = tile_grid(r.tile, scale);
        m_impl->grid = global_grid(scale);
        // Position within the global grid by the tile grid's layout: whole tiles, no rounding.
        t.place = {r.tile.grid_col * expected.cols, r.tile.grid_row * tile_grid(tile_specs()[0], scale).rows,
                   expected.cols, expected.rows};
        m_impl->tiles.push_back(std::move(t));
    }
}

Mosaic::~Mosaic() = default;
Mosaic::Mosaic(Mosaic&&) noexcept = default;
Mosaic& Mosaic::operator=(Mosaic&&) noexcept = default;

const Grid& Mosaic::grid() const
{
    return m_impl->grid;
}

int Mosaic::scale() const
{
    return m_impl->scale;
}

RasterBlock Mosaic::read(const Window& window) const
{
    const Grid& grid = m_impl->grid;
    if (window.row < 0 || window.row + window.rows > grid.rows || window.col < 0 ||
        window.col + window.cols > (grid.wraps() ? 2 * grid.cols : grid.cols))
        throw DataError("stitch: window outside the global grid");
    RasterBlock block;
    block.window = window;
    block.value.assign(size_t(window.size()), 0.0f);
    block.cvg.assign(size_t(window.size()), 0);
    block.scale = m_impl->radiance_scale;
    // A window past the east edge continues at the west edge (the grid wraps around).
    for (const Grid::Piece& piece : grid.pieces(window))
        for (const auto& t : m_impl->tiles) {
            const Window part = piece.in_grid.intersect(t.place);
            if (part.empty())
                continue;
            // Straight into the block at the part's offset: RasterIO with the block's line stride.
            const size_t offset = size_t((part.row - window.row) * window.cols +
                                         (part.col + piece.shift - window.col));
            const int xoff = int(part.col - t.place.col);
            const int yoff = int(part.row - t.place.row);
            CPLErrorReset();
            CPLErr err = t.radiance->GetRasterBand(1)->RasterIO(
                GF_Read, xoff, yoff, int(part.cols), int(part.rows), block.value.data() + offset,
                int(part.cols), int(part.rows), GDT_Float32, sizeof(float),
                GSpacing(sizeof(float)) * window.cols, nullptr);
            if (err == CE_None)
                err = t.cvg->GetRasterBand(1)->RasterIO(
                    GF_Read, xoff, yoff, int(part.cols), int(part.rows), block.cvg.data() + offset,
                    int(part.cols), int(part.rows), GDT_UInt16, sizeof(std::uint16_t),
                    GSpacing(sizeof(std::uint16_t)) * window.cols, nullptr);
            if (err != CE_None)
                throw DataError(std::string("stitch: reading tile ") + t.spec.name +
                                " failed: " + CPLGetLastErrorMsg());
        }
    return block;
}

} // namespace sezu
