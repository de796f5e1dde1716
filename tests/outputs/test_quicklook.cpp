// `sezu quicklook` as a user runs it: a figure of a mirror month around the zones (from the
// rasters, or from an archive's chips), checked by reading it back with GDAL at the places where
// the mirror's truth says what must show.
#include "sezu/mirror/mirror.hpp"
#include "sezu/outputs/quicklook.hpp"
#include "sezu/products/tile_grid.hpp"

#include "mirror_truth.hpp"
#include "shared_dir_suite.hpp"
#include "test_support.hpp"

#include <gdal_priv.h>
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>

using namespace sezu;
namespace fs = std::filesystem;

namespace {

constexpr int kScale = test::kMirrorJobScale;

Window grow(const Window& w, long cells)
{
    return {w.col - cells, w.row - cells, w.cols + 2 * cells, w.rows + 2 * cells};
}

/// The zones: a box around the first city with its core well inside (so the outline does not
/// hide it), a box around the coverage gap of 2017-10, and the corner where four tiles meet.
Window city_zone(const MirrorModel& m)
{
    return grow(m.city_window(0), 4);
}
Window gap_zone(const MirrorModel& m)
{
    return grow(m.gap_window(), 2);
}

/// A PNG read back: its georeferencing (from the .aux.xml sidecar) and RGB pixels.
struct Image {
    int width = 0, height = 0, bands = 0;
    int map_width = 0, map_height = 0; // the map panel, at the top-left corner (SEZU_MAP_PANEL)
    std::string driver;
    bool georeferenced = false;
    double gt[6] = {0, 1, 0, 0, 0, -1};
    std::vector<std::uint8_t> rgb[3];

    Rgb at(long x, long y) const
    {
        const std::size_t i = std::size_t(y * width + x);
        return {rgb[0][i], rgb[1][i], rgb[2][i]};
    }
    bool inside(long x, long y) const { return x >= 0 && y >= 0 && x < width && y < height; }
    /// The pixel holding a point of the map.
    long px(double lon) const { return long(std::floor((lon - gt[0]) / gt[1])); }
    long py(double lat) const { return long(std::floor((lat - gt[3]) / gt[5])); }
    /// The pixel holding the centre of a cell of global_grid(kScale).
    Rgb cell(long col, long row) const
    {
        const Grid g = global_grid(kScale);
        return at(px(g.cell_x(col)), py(g.cell_y(row)));
    }
    /// Whether `colour` is found within `radius` pixels of the pixel at a map point.
    bool near(double lon, double lat, const Rgb& colour, long radius = 1) const
    {
        for (long y = py(lat) - radius; y <= py(lat) + radius; ++y)
            for (long x = px(lon) - radius; x <= px(lon) + radius; ++x)
                if (inside(x, y) && at(x, y) == colour)
                    return true;
        return false;
    }
};

Image read_png(const std::string& path)
{
    GDALAllRegister();
    GDALDatasetUniquePtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY));
    Image img;
    if (!ds)
        return img;
    img.width = ds->GetRasterXSize();
    img.height = ds->GetRasterYSize();
    img.bands = ds->GetRasterCount();
    img.georeferenced = ds->GetGeoTransform(img.gt) == CE_None;
    img.driver = ds->GetDriver()->GetDescription();
    if (const char* panel = ds->GetMetadataItem("SEZU_MAP_PANEL"))
        std::sscanf(panel, "0,0,%d,%d", &img.map_width, &img.map_height);
    for (int b = 0; b < 3 && b < img.bands; ++b) {
        img.rgb[b].resize(std::size_t(img.width) * std::size_t(img.height));
        if (ds->GetRasterBand(b + 1)->RasterIO(GF_Read, 0, 0, img.width, img.height,
                                               img.rgb[b].data(), img.width, img.height, GDT_Byte,
                                               0, 0, nullptr) != CE_None)
            return Image{};
    }
    return img;
}

int brightness(const Rgb& c)
{
    return int(c[0]) + int(c[1]) + int(c[2]);
}

/// Map corners of the cells of a window of global_grid(kScale).
struct Corners {
    double x0, y0, x1, y1;
};
Corners corners(const Window& w)
{
    const Grid g = global_grid(kScale);
    return {g.x0 + double(w.col) * g.dx, g.y0 - double(w.row) * g.dy,
            g.x0 + double(w.col + w.cols) * g.dx, g.y0 - double(w.row + w.rows) * g.dy};
}

class Quicklook : public test::SharedDirSuite<Quicklook> {
public:
    static void prepare(const test::TempDir& dir)
    {
        const MirrorModel m = default_model(kScale);
        const auto r = test::write_mirror_job(
            dir, {"city0", "gap", "corner"},
            {test::window_wkt(city_zone(m), kScale), test::window_wkt(gap_zone(m), kScale),
             test::window_wkt(test::four_tile_corner(kScale), kScale)});
        ASSERT_EQ(r.status, 0) << r.output;
    }

protected:
    /// Runs quicklook for a month into `name` (in the test folder).
    static test::CommandResult quicklook(const std::string& month, const std::string& name,
                                         const std::string& extra = "")
    {
        return sezu_cmd("quicklook -q -c " + job() + " --month " + month + " -o " +
                        s_dir->file(name) + " " + extra);
    }
};

} // namespace

TEST_F(Quicklook, DrawsTheMosaicAroundTheZonesWithOutlines)
{
    const auto r = quicklook("201708", "aug.png");
    ASSERT_EQ(r.status, 0) << r.output;
    const Image img = read_png(s_dir->file("aug.png"));
    ASSERT_TRUE(img.bands == 3 || img.bands == 4) << img.bands;
    EXPECT_LE(img.map_width, 1600);
    EXPECT_GT(img.map_width, 0);
    ASSERT_TRUE(img.georeferenced) << "no " << s_dir->file("aug.png.aux.xml");
    // The window is narrower than 1600 cells: one cell per pixel, no resampling.
    const Grid g = global_grid(kScale);
    EXPECT_DOUBLE_EQ(img.gt[1], g.dx);

    // The crop holds every zone plus a margin of at least 0.5 degrees, and not the whole world.
    const MirrorModel m = default_model(kScale);
    const Corners corner = corners(test::four_tile_corner(kScale));
    const Corners city = corners(city_zone(m));
    EXPECT_LE(img.gt[0], corner.x0 - 0.5);
    EXPECT_GE(img.gt[0] + img.width * img.gt[1], city.x1 + 0.5);
    EXPECT_GT(img.gt[0], g.x0 + 1.0);
    EXPECT_LT(img.map_width * img.gt[1], 180.0);

    // Cyan outlines at every corner of every zone.
    for (const Window& w : {city_zone(m), gap_zone(m), test::four_tile_corner(kScale)}) {
        const Corners c = corners(w);
        const std::vector<std::pair<double, double>> points = {
            {c.x0, c.y0}, {c.x1, c.y0}, {c.x1, c.y1}, {c.x0, c.y1}};
        for (const auto& [x, y] : points) {
            EXPECT_TRUE(img.near(x, y, kQuicklookOutline)) << "no outline at " << x << ", " << y;
        }
    }

    // The ramp: the city's core is bright, the dark background beside it (beyond its fading ring,
    // on the side without a road, inside the zone, away from the outline) is not; neither is the
    // outline colour.
    const Window plateau = m.city_window(0);
    const long centre_col = plateau.col + plateau.cols / 2,
               centre_row = plateau.row + plateau.rows / 2;
    const Rgb lit = img.cell(centre_col, centre_row);
    const Rgb dark = img.cell(plateau.col - 2, centre_row);
    EXPECT_GT(brightness(lit), brightness(dark) + 200) << int(lit[0]) << " vs " << int(dark[0]);
    EXPECT_GT(lit[0], 200); // orange to yellow
    EXPECT_NE(lit, kQuicklookOutline);
    EXPECT_NE(dark, kQuicklookOutline);
    EXPECT_NE(dark, kQuicklookNoData); // observed, just dark

    // Written in place: no temporary left behind.
    EXPECT_FALSE(fs::exists(s_dir->file("aug.png.tmp")));
    EXPECT_FALSE(fs::exists(s_dir->file("aug.png.tmp.aux.xml")));
}

TEST_F(Quicklook, CellsNeverObservedShowInTheNoDataColour)
{
    ASSERT_EQ(quicklook("201710", "oct.png").status, 0);
    ASSERT_EQ(quicklook("201708", "aug2.png").status, 0);
    const Image oct = read_png(s_dir->file("oct.png"));
    const Image aug = read_png(s_dir->file("aug2.png"));
    ASSERT_TRUE(oct.georeferenced && aug.georeferenced);
    const Window gap = default_model(kScale).gap_window();
    // 2017-10 has cf_cvg = 0 over the second city; 2017-08 saw it lit.
    EXPECT_EQ(oct.cell(gap.col + gap.cols / 2, gap.row + gap.rows / 2), kQuicklookNoData);
    EXPECT_EQ(oct.cell(gap.col, gap.row), kQuicklookNoData);
    EXPECT_NE(aug.cell(gap.col + gap.cols / 2, gap.row + gap.rows / 2), kQuicklookNoData);
    // Outside the gap the month is observed as usual.
    EXPECT_NE(oct.cell(gap.col - 1, gap.row - 1), kQuicklookNoData);
}

TEST_F(Quicklook, WidthIsAnUpperBound)
{
    const auto r = quicklook("201708", "small.png", "--width 100");
    ASSERT_EQ(r.status, 0) << r.output;
    const Image img = read_png(s_dir->file("small.png"));
    ASSERT_TRUE(img.georeferenced);
    EXPECT_LE(img.map_width, 100);
    EXPECT_GT(img.map_width, 50);
    // Whole cells per pixel, so the map stays on the grid.
    const double factor = img.gt[1] / global_grid(kScale).dx;
    EXPECT_GT(factor, 1.0);
    EXPECT_NEAR(factor, std::round(factor), 1e-9);
    const MirrorModel m = default_model(kScale);
    const Corners c = corners(city_zone(m));
    EXPECT_TRUE(img.near(c.x0, c.y0, kQuicklookOutline)) << "outline lost when downsampled";
}

TEST_F(Quicklook, BadInputGetsOneClearMessageAndNoImage)
{
    const std::string job = s_dir->file("job.json");
    const std::string out = s_dir->file("bad.png");
    struct Case {
        std::string args;
        int status;
        std::string says;
    };
    const std::vector<Case> cases = {
        {"quicklook -c " + job + " --month 201707 -o " + out, 1, "201707"}, // not in the mirror
        {"quicklook -c " + job + " -o " + out, 2, "--month"},
        {"quicklook -c " + job + " --month 201713 -o " + out, 2, "201713"},
        {"quicklook -c " + job + " --month 2017-8 -o " + out, 2, "2017-8"},
        {"quicklook -c " + job + " --month 201708", 2, "-o FILE.png"},
        {"quicklook -c " + job + " --month 201708 -o " + s_dir->file("nowhere/x.png"), 2,
         "nowhere"},
        {"quicklook -c " + job + " --month 201708 -o " + out + " --width 0", 2, "--width"},
        {"quicklook -c " + job + " --month 201708 -o " + s_dir->file("bad.gif"), 2, ".jpg"},
        {"quicklook --archive " + s_dir->file("job.json") + " -o " + out, 2, "job.json"},
        {"quicklook -c " + job + " --month 201708 -o " + out + " --zones " +
             s_dir->file("nope.geojson"),
         2, "nope.geojson"},
    };
    for (const auto& c : cases) {
        const auto r = sezu_cmd(c.args);
        EXPECT_EQ(r.status, c.status) << c.args << "\n" << r.output;
        EXPECT_EQ(test::occurrences(r.output, "sezu: "), 1u) << c.args << "\n" << r.output;
        EXPECT_NE(r.output.find(c.says), std::string::npos) << c.args << "\n" << r.output;
        EXPECT_FALSE(fs::exists(out)) << c.args;
        EXPECT_FALSE(fs::exists(out + ".tmp")) << c.args;
        EXPECT_FALSE(fs::exists(out + ".aux.xml")) << c.args;
    }
    // A month that is not published says so.
    const auto r = sezu_cmd(cases[0].args);
    EXPECT_NE(r.output.find("not published"), std::string::npos) << r.output;
    // The scratch folders of the months extracted are gone.
    EXPECT_TRUE(test::list_dir(s_dir->file("cache/work")).empty())
        << test::list_dir(s_dir->file("cache/work")).front();
}

TEST_F(Quicklook, HelpNamesTheCommand)
{
    const auto r = sezu_cmd("quicklook --help");
    EXPECT_EQ(r.status, 0) << r.output;
    EXPECT_NE(r.output.find("usage: sezu quicklook"), std::string::npos) << r.output;
    const auto all = sezu_cmd("--help");
    EXPECT_NE(all.output.find("quicklook"), std::string::npos) << all.output;
}

namespace {

// The figure's parts below the map (quicklook_figure.cpp's layout): the colour bar's row and
// the first inset's box.
int bar_row(const Image& img)
{
    return img.map_height + 12 + 34 + 6;
}
int first_inset_top(const Image& img)
{
    return img.map_height + 12 + 34 + 48 + 20;
}

// Whether the image has `colour` in the rectangle.
bool has_colour(const Image& img, int x, int y, int w, int h, const Rgb& colour)
{
    for (int j = y; j < y + h; ++j)
        for (int i = x; i < x + w; ++i)
            if (img.inside(i, j) && img.at(i, j) == colour)
                return true;
    return false;
}

} // namespace

TEST_F(Quicklook, TheFigureHasAColourBarALegendAndAnInsetPerZone)
{
    ASSERT_EQ(quicklook("201710", "figure.png").status, 0);
    const Image img = read_png(s_dir->file("figure.png"));
    ASSERT_GT(img.map_height, 0);
    ASSERT_GT(img.height, img.map_height + 200);
    // The colour bar: the ramp from black (0) to white (150 and above).
    EXPECT_EQ(img.at(12, bar_row(img)), (Rgb{0, 0, 0}));
    EXPECT_EQ(img.at(12 + 299, bar_row(img)), (Rgb{255, 255, 255}));
    // The legend's swatches: the outline colour and the no-observation colour.
    EXPECT_TRUE(has_colour(img, 300, bar_row(img) - 8, img.width - 300, 16, kQuicklookOutline));
    EXPECT_TRUE(has_colour(img, 300, bar_row(img) - 8, img.width - 300, 16, kQuicklookNoData));
    // Three insets side by side, each with its zone's outline; the gap zone's (the second) shows
    // 2017-10's coverage gap.
    for (int i = 0; i < 3; ++i)
        EXPECT_TRUE(has_colour(img, 12 + i * 176, first_inset_top(img), 160, 160,
                               kQuicklookOutline))
            << "inset " << i;
    EXPECT_TRUE(has_colour(img, 12 + 176, first_inset_top(img), 160, 160, kQuicklookNoData));
}

TEST_F(Quicklook, TheExtensionDecidesTheFormat)
{
    const auto r = quicklook("201708", "aug.JPG");
    ASSERT_EQ(r.status, 0) << r.output;
    const Image img = read_png(s_dir->file("aug.JPG"));
    EXPECT_EQ(img.driver, "JPEG");
    EXPECT_GT(img.map_width, 0);
    EXPECT_TRUE(img.georeferenced);
}

// From an archive's chips: no download, no config; the map holds the chips in place (the city
// lit where the mirror says), grey between them, and the zones' outlines.
TEST_F(Quicklook, FromTheArchivesChipsWithoutTheRasters)
{
    const auto run = sezu_cmd("run -q -c " + job() + " -o " + s_dir->file("chips.h5"));
    ASSERT_EQ(run.status, 0) << run.output;
    const auto r = sezu_cmd("quicklook -q --archive " + s_dir->file("chips.h5") + " -o " +
                            s_dir->file("from-chips.png"));
    ASSERT_EQ(r.status, 0) << r.output;
    const Image img = read_png(s_dir->file("from-chips.png"));
    ASSERT_TRUE(img.georeferenced);
    ASSERT_GT(img.map_width, 0);
    const MirrorModel m = default_model(kScale);
    const Window plateau = m.city_window(0);
    const Rgb lit = img.cell(plateau.col + plateau.cols / 2, plateau.row + plateau.rows / 2);
    EXPECT_GT(lit[0], 200) << int(lit[0]);
    // Outside every zone's window: not stored; the gap of 2017-10 (the chips' month) is no data.
    EXPECT_EQ(img.at(1, 1), kQuicklookNotStored);
    const Window gap = m.gap_window();
    EXPECT_EQ(img.cell(gap.col + gap.cols / 2, gap.row + gap.rows / 2), kQuicklookNoData);
    const Corners c = corners(city_zone(m));
    EXPECT_TRUE(img.near(c.x0, c.y0, kQuicklookOutline));
    // A month other than the chips' needs the rasters; without chips and --month: refused.
    const auto other = sezu_cmd("quicklook -q --archive " + s_dir->file("chips.h5") +
                                " --month 201708 -o " + s_dir->file("other.png"));
    EXPECT_EQ(other.status, 2) << other.output; // no config: no zones to draw
    EXPECT_FALSE(fs::exists(s_dir->file("other.png")));
}
