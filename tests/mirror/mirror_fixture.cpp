#include "mirror_fixture.hpp"

#include "sezu/read/tar_reader.hpp"

#include <gdal_priv.h>
#include <ogr_spatialref.h>

#include <fstream>
#include <iterator>

namespace sezu::test {

namespace {

template <typename T>
std::vector<T> read_band(const std::string& path, GDALDataType type, GDALDataType expected,
                         long& cols, long& rows, double* gt)
{
    GDALDatasetUniquePtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY));
    EXPECT_TRUE(ds) << path;
    if (!ds)
        return {};
    cols = ds->GetRasterXSize();
    rows = ds->GetRasterYSize();
    EXPECT_EQ(ds->GetRasterCount(), 1);
    EXPECT_EQ(ds->GetGeoTransform(gt), CE_None);
    GDALRasterBand* band = ds->GetRasterBand(1);
    EXPECT_EQ(band->GetRasterDataType(), expected) << path;
    int has_nodata = 0;
    band->GetNoDataValue(&has_nodata);
    EXPECT_FALSE(has_nodata) << path << " must carry no NoData tag";
    int bx = 0, by = 0;
    band->GetBlockSize(&bx, &by);
    EXPECT_EQ(bx, cols) << "stripped, not tiled";
    EXPECT_EQ(ds->GetMetadataItem("COMPRESSION", "IMAGE_STRUCTURE"), nullptr) << "uncompressed";
    const OGRSpatialReference* srs = ds->GetSpatialRef();
    EXPECT_TRUE(srs && srs->GetAuthorityCode(nullptr) &&
                std::string(srs->GetAuthorityCode(nullptr)) == "4326");
    std::vector<T> v(std::size_t(cols * rows));
    EXPECT_EQ(band->RasterIO(GF_Read, 0, 0, int(cols), int(rows), v.data(), int(cols), int(rows),
                             type, 0, 0, nullptr),
              CE_None);
    return v;
}

} // namespace

std::string read_bytes(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::string month_dir(const std::string& root, const YearMonth& m)
{
    return root + "/" + std::to_string(m.year()) + "/" + m.to_string() + "/vcmcfg";
}

std::string archive_name(const YearMonth& m, const TileSpec& t, bool older)
{
    return format_archive_name(ProductSpec{}, m, t, mirror_stamp(m, t, older));
}

test::TempDir* Mirror::s_dir = nullptr;
std::string Mirror::s_root;
std::map<std::pair<int, int>, TileData>* Mirror::s_tiles = nullptr;

void Mirror::SetUpTestSuite()
{
    GDALAllRegister();
    s_dir = new test::TempDir();
    s_root = s_dir->file("mirror");
    MirrorOptions o;
    o.out_dir = s_root;
    o.months = {kSep, kOct};
    o.model = default_model(kScale);
    write_mirror(o);
    s_tiles = new std::map<std::pair<int, int>, TileData>();
    for (const auto& m : o.months)
        for (const auto& t : tile_specs()) {
            const std::string tgz = month_dir(s_root, m) + "/" + archive_name(m, t);
            const std::string out = s_dir->file("x/" + m.to_string());
            auto select = [&](const std::string& name) -> std::optional<std::string> {
                if (name.find(".avg_rade9h.tif") != std::string::npos)
                    return std::string(t.name) + ".rad.tif";
                if (name.find(".cf_cvg.tif") != std::string::npos)
                    return std::string(t.name) + ".cvg.tif";
                return std::nullopt;
            };
            extract_members(tgz, select, out);
            TileData& d = (*s_tiles)[{m.index(), t.index}];
            long c2 = 0, r2 = 0;
            double gt2[6];
            d.rad = read_band<float>(out + "/" + t.name + ".rad.tif", GDT_Float32,
                                     GDT_Float32, d.cols, d.rows, d.gt);
            d.cvg = read_band<std::uint16_t>(out + "/" + t.name + ".cvg.tif", GDT_UInt16,
                                             GDT_UInt16, c2, r2, gt2);
            EXPECT_EQ(c2, d.cols);
            EXPECT_EQ(r2, d.rows);
            for (int i = 0; i < 6; ++i)
                EXPECT_EQ(gt2[i], d.gt[i]);
        }
}
void Mirror::TearDownTestSuite()
{
    delete s_tiles;
    delete s_dir;
}

float Mirror::rad_at(const YearMonth& m, long col, long row)
{
    const auto [t, c, r] = locate(col, row);
    return s_tiles->at({m.index(), t}).rad[std::size_t(r * kTileCols + c)];
}

std::uint16_t Mirror::cvg_at(const YearMonth& m, long col, long row)
{
    const auto [t, c, r] = locate(col, row);
    return s_tiles->at({m.index(), t}).cvg[std::size_t(r * kTileCols + c)];
}

std::tuple<int, long, long> Mirror::locate(long col, long row)
{
    const int gc = int(col / kTileCols);
    const int gr = row < kNorthRows ? 0 : 1;
    return {gr * 3 + gc, col % kTileCols, gr == 0 ? row : row - kNorthRows};
}

} // namespace sezu::test
