// The built-in mirror: tree, names and listings as published, GeoTIFFs on the tile grid, and
// pixel values that equal the model's truth.
#include "sezu/core/error.hpp"
#include "sezu/mirror/mirror.hpp"
#include "sezu/read/tar_reader.hpp"

#include "test_support.hpp"

#include <gdal_priv.h>
#include <ogr_spatialref.h>

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>

using namespace sezu;
namespace fs = std::filesystem;

namespace {

constexpr int kScale = 60;
// At 1/60: 28800 / 60 = 480 columns per tile; 18000 / 60 = 300 and 15600 / 60 = 260 rows.
constexpr long kTileCols = 480;
constexpr long kNorthRows = 300;
constexpr long kSouthRows = 260;

const YearMonth kSep(2017, 9);  // outage month; tile 75N180W listed twice
const YearMonth kOct(2017, 10); // gap month

std::string read_bytes(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::vector<std::string> hrefs(const std::string& html)
{
    static const std::regex href(R"(href="([^"]*)\")");
    std::vector<std::string> out;
    for (auto it = std::sregex_iterator(html.begin(), html.end(), href);
         it != std::sregex_iterator(); ++it)
        out.push_back((*it)[1]);
    return out;
}

std::string month_dir(const std::string& root, const YearMonth& m)
{
    return root + "/" + std::to_string(m.year()) + "/" + m.to_string() + "/vcmcfg";
}

std::string archive_name(const YearMonth& m, const TileSpec& t, bool older = false)
{
    return format_archive_name(ProductSpec{}, m, t, mirror_stamp(m, t, older));
}

/// One tile's two rasters as read back through GDAL.
struct TileData {
    long cols = 0, rows = 0;
    double gt[6] = {};
    std::vector<float> rad;
    std::vector<std::uint16_t> cvg;
};

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

class Mirror : public ::testing::Test {
protected:
    static void SetUpTestSuite()
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
    static void TearDownTestSuite()
    {
        delete s_tiles;
        delete s_dir;
    }

    /// The value written at a global cell, found by the tile's place in the 3 x 2 layout.
    static float rad_at(const YearMonth& m, long col, long row)
    {
        const auto [t, c, r] = locate(col, row);
        return s_tiles->at({m.index(), t}).rad[std::size_t(r * kTileCols + c)];
    }
    static std::uint16_t cvg_at(const YearMonth& m, long col, long row)
    {
        const auto [t, c, r] = locate(col, row);
        return s_tiles->at({m.index(), t}).cvg[std::size_t(r * kTileCols + c)];
    }
    static std::tuple<int, long, long> locate(long col, long row)
    {
        const int gc = int(col / kTileCols);
        const int gr = row < kNorthRows ? 0 : 1;
        return {gr * 3 + gc, col % kTileCols, gr == 0 ? row : row - kNorthRows};
    }

    static test::TempDir* s_dir;
    static std::string s_root;
    static std::map<std::pair<int, int>, TileData>* s_tiles;
};
test::TempDir* Mirror::s_dir = nullptr;
std::string Mirror::s_root;
std::map<std::pair<int, int>, TileData>* Mirror::s_tiles = nullptr;

std::map<std::string, fs::file_time_type> mtimes(const std::string& root)
{
    std::map<std::string, fs::file_time_type> out;
    for (const auto& e : fs::recursive_directory_iterator(root))
        out[e.path().string()] = e.last_write_time();
    return out;
}

} // namespace

TEST(MirrorRules, StampsFollowTheDocumentedRules)
{
    // Worked by hand from the rules in mirror.hpp: day offset 20 + (7 * index) % 15 after the
    // month ends, hour 8 + index % 10, minute (7 * index + 9 * tile) % 60.
    const auto& t = tile_specs();
    EXPECT_EQ(mirror_stamp(kSep, t[0]), "201711041044");   // index 24212: 12 digits
    EXPECT_EQ(mirror_stamp(kSep, t[1]), "201711041053");
    EXPECT_EQ(mirror_stamp(kSep, t[0], true), "20171026104456");  // 9 days older, 14 digits
    EXPECT_EQ(mirror_stamp(YearMonth(2017, 8), t[0]), "2017092809371");  // index % 6 == 1
    EXPECT_EQ(mirror_stamp(YearMonth(2017, 11), t[0]), "20180103125822"); // index % 6 == 4
    EXPECT_TRUE(stamp_newer(mirror_stamp(kSep, t[0]), mirror_stamp(kSep, t[0], true)));
    EXPECT_EQ(mirror_duplicate_tile(kSep), 0);
    EXPECT_EQ(mirror_duplicate_tile(YearMonth(2018, 2)), 1);  // index 24217
    EXPECT_EQ(mirror_duplicate_tile(kOct), -1);
    EXPECT_EQ(mirror_duplicate_tile(YearMonth(2017, 8)), -1);
    for (int i = 0; i < 40; ++i) {
        const YearMonth m = YearMonth::from_index(YearMonth(2014, 1).index() + i);
        for (const auto& tile : t) {
            const auto parsed = parse_archive_name(archive_name(m, tile));
            ASSERT_TRUE(parsed) << archive_name(m, tile);
            EXPECT_EQ(parsed->month(), m);
            EXPECT_EQ(parsed->tile, tile.name);
        }
    }
}

TEST(MirrorRules, CitiesStayApartAtEveryScaleUpTo60)
{
    for (int scale = 1; scale <= 60; ++scale) {
        if (!is_valid_scale(scale))
            continue;
        SCOPED_TRACE(scale);
        const MirrorModel m = default_model(scale);
        ASSERT_EQ(m.cities.size(), 15u);
        for (std::size_t i = 0; i < m.cities.size(); ++i) {
            const Window w = m.city_window(i);
            EXPECT_EQ(w.cols, 2 * m.cities[i].radius + 1);
            EXPECT_EQ(w.rows, 2 * m.cities[i].radius + 1);
            for (std::size_t j = i + 1; j < m.cities.size(); ++j)
                EXPECT_TRUE(w.intersect(m.city_window(j)).empty())
                    << m.cities[i].name << " / " << m.cities[j].name;
            if (i != 1) {
                EXPECT_TRUE(w.intersect(m.gap_window()).empty()) << m.cities[i].name;
            }
        }
    }
}

TEST(MirrorRules, ModelValues)
{
    const MirrorModel m = default_model(kScale);
    // Bonaberi-Doula: base 15, growth 0.005; 2017-10 is 66 months after 2012-04:
    // 15 * (1 + 0.33) = 19.95.
    EXPECT_EQ(m.city_radiance(2, kOct), 19.95f);
    EXPECT_EQ(m.city_radiance(2, YearMonth(2012, 4)), 15.0f);
    EXPECT_EQ(m.city_radiance(0, kSep), 0.5f);   // outage
    // Ahti River: 12 * (1 + 0.01 * 66) = 19.92 in 2017-10.
    EXPECT_EQ(m.city_radiance(0, kOct), 19.92f);
    const Window c1 = m.city_window(1);
    EXPECT_EQ(m.gap_window(), (Window{c1.col - 2, c1.row - 2, c1.cols + 4, c1.rows + 4}));
    // The plateau holds the cell that contains the city (Hoa Khanh IZ: 108.1332 E, 16.0825 N).
    const Window c5 = m.city_window(5);
    const Grid g = global_grid(kScale);
    EXPECT_EQ(c5.col + 1, long((108.133240844587 - g.x0) / g.dx));
    EXPECT_EQ(c5.row + 1, long((g.y0 - 16.0825336356187) / g.dy));
    EXPECT_EQ(m.radiance(kOct, c5.col, c5.row), m.city_radiance(5, kOct));
    // Noise: quantized to 0.01 in [-0.30, 0.60] with negatives; coverage 1..84 outside gaps.
    int negatives = 0;
    for (long r = 0; r < 300; r += 3)
        for (long c = 0; c < 1440; c += 7) {
            bool in_city = false;
            for (std::size_t i = 0; i < m.cities.size(); ++i) {
                const Window w = m.city_window(i);
                in_city = in_city || (c >= w.col && c < w.col + w.cols && r >= w.row &&
                                      r < w.row + w.rows);
            }
            if (in_city)
                continue;
            const float v = m.radiance(kSep, c, r);
            EXPECT_GE(v, -0.30f);
            EXPECT_LE(v, 0.60f);
            EXPECT_EQ(v, float(std::round(double(v) * 100) / 100));
            negatives += v < 0;
            const auto cv = m.cvg(kSep, c, r);
            EXPECT_GE(cv, 1);
            EXPECT_LE(cv, 84);
        }
    EXPECT_GT(negatives, 100);
    // The gap: no coverage and no radiance over the second city and its ring, only that month.
    const Window gw = m.gap_window();
    for (long r = gw.row; r < gw.row + gw.rows; ++r)
        for (long c = gw.col; c < gw.col + gw.cols; ++c) {
            EXPECT_EQ(m.cvg(kOct, c, r), 0);
            EXPECT_EQ(m.radiance(kOct, c, r), 0.0f);
            EXPECT_NE(m.cvg(kSep, c, r), 0);
        }
    EXPECT_NE(m.cvg(kOct, gw.col - 1, gw.row), 0);
    // Another seed, other noise.
    const MirrorModel other = default_model(kScale, 2);
    int differ = 0;
    for (long c = 0; c < 100; ++c)
        differ += other.radiance(kSep, c, 10) != m.radiance(kSep, c, 10);
    EXPECT_GT(differ, 50);
}

TEST_F(Mirror, SourceTemplateNamesTheTree)
{
    EXPECT_EQ(mirror_source_template(s_root),
              "file://" + fs::absolute(s_root).string() + "/{YYYY}/{YYYYMM}/{cfg}/");
    const std::string expanded =
        expand_source_template(mirror_source_template(s_root), kSep, ProductSpec{});
    EXPECT_EQ(expanded, "file://" + fs::absolute(s_root).string() + "/2017/201709/vcmcfg/");
}

TEST_F(Mirror, ListingsNameTheArchivesAndDecoys)
{
    for (const auto& m : {kSep, kOct}) {
        SCOPED_TRACE(m.to_string());
        const std::string dir = month_dir(s_root, m);
        const std::string html = test::read_text(dir + "/index.html");
        EXPECT_NE(html.find("<title>Index of /2017/" + m.to_string() + "/vcmcfg</title>"),
                  std::string::npos);
        EXPECT_NE(html.find("?C=N;O=D"), std::string::npos);
        const auto links = hrefs(html);
        std::set<std::string> files;
        for (const auto& h : links) {
            if (h.rfind("?C=", 0) == 0)
                continue;
            if (h == "/2017/" + m.to_string() + "/") {  // Apache's absolute parent link
                files.insert("PARENT");
                continue;
            }
            EXPECT_TRUE(fs::is_regular_file(dir + "/" + h)) << h;
            files.insert(h);
        }
        std::set<std::string> expected = {"PARENT", "README.txt"};
        for (const auto& t : tile_specs()) {
            const std::string name = archive_name(m, t);
            expected.insert(name);
            expected.insert(name.substr(0, name.size() - 4) + ".avg_rade9h.png");
        }
        if (m == kSep)
            expected.insert(archive_name(m, tile_specs()[0], true));
        EXPECT_EQ(files, expected);
        // The previews are real PNG files.
        for (const auto& f : files)
            if (f.size() > 4 && f.compare(f.size() - 4, 4, ".png") == 0) {
                EXPECT_EQ(read_bytes(dir + "/" + f).substr(1, 3), "PNG");
            }
        // Sizes are listed as Apache shows them, dates from the stamp.
        const std::string name0 = archive_name(m, tile_specs()[0]);
        EXPECT_NE(html.find(">" + name0 + "</a>"), std::string::npos);
    }
    EXPECT_NE(test::read_text(s_root + "/index.html").find("href=\"2017/\""), std::string::npos);
    const auto year = hrefs(test::read_text(s_root + "/2017/index.html"));
    EXPECT_NE(std::find(year.begin(), year.end(), "201709/"), year.end());
    EXPECT_NE(std::find(year.begin(), year.end(), "201710/"), year.end());
    const auto month = hrefs(test::read_text(s_root + "/2017/201709/index.html"));
    EXPECT_NE(std::find(month.begin(), month.end(), "vcmcfg/"), month.end());
    // No temporary files are left behind.
    for (const auto& e : fs::recursive_directory_iterator(s_root))
        EXPECT_NE(e.path().filename().string().front(), '.') << e.path();
}

TEST_F(Mirror, ArchivesHoldTwoGeoTiffsOnTheTileGrid)
{
    for (const auto& m : {kSep, kOct})
        for (const auto& t : tile_specs()) {
            SCOPED_TRACE(m.to_string() + " " + t.name);
            const std::string name = archive_name(m, t);
            const std::string stem = name.substr(0, name.size() - 4);
            EXPECT_EQ(list_members(month_dir(s_root, m) + "/" + name),
                      (std::vector<std::string>{"./" + stem + ".avg_rade9h.tif",
                                                "./" + stem + ".cf_cvg.tif"}));
            const TileData& d = s_tiles->at({m.index(), t.index});
            EXPECT_EQ(d.cols, kTileCols);
            EXPECT_EQ(d.rows, t.north == 75 ? kNorthRows : kSouthRows);
            const Grid g = tile_grid(t, kScale);
            const double expected_gt[6] = {g.x0, g.dx, 0, g.y0, 0, -g.dy};
            for (int i = 0; i < 6; ++i)
                EXPECT_EQ(d.gt[i], expected_gt[i]) << i;
            // Half a (scaled) published pixel off the round degrees, as the real tiles.
            EXPECT_NEAR(d.gt[0], t.west - 60 * 0.00208333335, 1e-12);
            EXPECT_NEAR(d.gt[3], t.north + 60 * 0.00208333335, 1e-12);
            EXPECT_NEAR(d.gt[1], 0.25, 1e-12);
        }
}

TEST_F(Mirror, PixelsEqualTheModel)
{
    const MirrorModel model = default_model(kScale);
    long negatives = 0, checked = 0;
    for (const auto& m : {kSep, kOct})
        for (const auto& t : tile_specs()) {
            const TileData& d = s_tiles->at({m.index(), t.index});
            const long col0 = t.grid_col * kTileCols;
            const long row0 = t.grid_row * kNorthRows;
            const long step = m == kOct ? 1 : 5;  // every cell in one month, a sample in the other
            for (long r = 0; r < d.rows; r += step)
                for (long c = 0; c < d.cols; c += step) {
                    const float v = d.rad[std::size_t(r * d.cols + c)];
                    const std::uint16_t cv = d.cvg[std::size_t(r * d.cols + c)];
                    ASSERT_EQ(v, model.radiance(m, col0 + c, row0 + r))
                        << m << " " << t.name << " cell " << c << "," << r;
                    ASSERT_EQ(cv, model.cvg(m, col0 + c, row0 + r))
                        << m << " " << t.name << " cell " << c << "," << r;
                    if (cv == 0) {
                        ASSERT_EQ(v, 0.0f);
                    }
                    negatives += v < 0;
                    ++checked;
                }
        }
    EXPECT_GT(checked, 6 * 480 * 260);
    EXPECT_GT(negatives, checked / 5);
}

TEST_F(Mirror, CityPlateausOutageAndGap)
{
    const MirrorModel model = default_model(kScale);
    for (const auto& m : {kSep, kOct})
        for (std::size_t i = 0; i < model.cities.size(); ++i) {
            const Window w = model.city_window(i);
            const float expected = model.city_radiance(i, m);
            const bool gap = m == kOct && i == 1;
            for (long r = w.row; r < w.row + w.rows; ++r)
                for (long c = w.col; c < w.col + w.cols; ++c)
                    EXPECT_EQ(rad_at(m, c, r), gap ? 0.0f : expected)
                        << model.cities[i].name << " " << m;
            // Just outside the plateau is background noise again.
            if (!gap) {
                EXPECT_LE(rad_at(m, w.col - 1, w.row), 0.60f) << model.cities[i].name;
            }
        }
    // Outage: the first city is dark in 2017-09 only.
    const Window c0 = model.city_window(0);
    EXPECT_EQ(rad_at(kSep, c0.col + 1, c0.row + 1), 0.5f);
    EXPECT_EQ(rad_at(kOct, c0.col + 1, c0.row + 1), 19.92f);
    // Gap: zero coverage and zero radiance over the second city and a 2-cell ring, in 2017-10.
    const Window gw = model.gap_window();
    EXPECT_EQ(gw.cols, 7);
    for (long r = gw.row; r < gw.row + gw.rows; ++r)
        for (long c = gw.col; c < gw.col + gw.cols; ++c) {
            EXPECT_EQ(cvg_at(kOct, c, r), 0);
            EXPECT_EQ(rad_at(kOct, c, r), 0.0f);
            EXPECT_GT(cvg_at(kSep, c, r), 0);
        }
    EXPECT_GT(cvg_at(kOct, gw.col + gw.cols, gw.row), 0);
    // Bole Lemi (the second city) is bright in 2017-09: 8 * (1 + 0.02 * 65) = 18.4.
    const Window c1 = model.city_window(1);
    EXPECT_EQ(rad_at(kSep, c1.col, c1.row), 18.4f);
}

TEST_F(Mirror, OlderDuplicateDiffersFromTheCurrentArchive)
{
    const std::string dir = month_dir(s_root, kSep);
    const TileSpec& t0 = tile_specs()[0];
    const std::string stale = dir + "/" + archive_name(kSep, t0, true);
    ASSERT_TRUE(fs::exists(stale));
    EXPECT_EQ(list_members(stale).size(), 2u);
    EXPECT_NE(read_bytes(stale), read_bytes(dir + "/" + archive_name(kSep, t0)));
    EXPECT_FALSE(fs::exists(month_dir(s_root, kOct) + "/" + archive_name(kOct, t0, true)));
}

TEST_F(Mirror, SecondRunIsANoOp)
{
    const auto before = mtimes(s_root);
    MirrorOptions o;
    o.out_dir = s_root;
    o.months = {kSep, kOct};
    o.model = default_model(kScale);
    write_mirror(o);
    EXPECT_EQ(mtimes(s_root), before);
}

TEST_F(Mirror, EqualSeedsGiveIdenticalBytes)
{
    test::TempDir other;
    MirrorOptions o;
    o.out_dir = other.file("m");
    o.months = {kOct};
    o.model = default_model(kScale);
    write_mirror(o);
    for (const auto& e : fs::directory_iterator(month_dir(o.out_dir, kOct)))
        EXPECT_EQ(read_bytes(e.path().string()),
                  read_bytes(month_dir(s_root, kOct) + "/" + e.path().filename().string()))
            << e.path();
    o.out_dir = other.file("seed2");
    o.model = default_model(kScale, 2);
    write_mirror(o);
    const std::string name = archive_name(kOct, tile_specs()[4]);
    EXPECT_NE(read_bytes(month_dir(o.out_dir, kOct) + "/" + name),
              read_bytes(month_dir(s_root, kOct) + "/" + name));
}

TEST(MirrorRules, BadOptionsAreConfigErrors)
{
    test::TempDir dir;
    MirrorOptions o;
    o.out_dir = dir.file("m");
    o.months = {kSep};
    o.model = default_model(7);
    EXPECT_THROW(write_mirror(o), ConfigError);
    o.model = default_model(kScale);
    o.gzip_level = 0;
    EXPECT_THROW(write_mirror(o), ConfigError);
    o.out_dir.clear();
    o.gzip_level = 1;
    EXPECT_THROW(write_mirror(o), ConfigError);
}
