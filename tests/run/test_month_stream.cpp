// The streaming month path against the extract-and-stitch path on the built-in mirror: equal
// statistics for zones anywhere (across seams, outside), whatever the member order; truncated
// members are errors; compressed ones go back to extraction.
#include "sezu/discover/catalog.hpp"
#include "sezu/core/error.hpp"
#include "sezu/mirror/mirror.hpp"
#include "sezu/run/month_stream.hpp"
#include "sezu/run/parallel.hpp"
#include "sezu/read/mosaic.hpp"
#include "sezu/read/tgz_writer.hpp"
#include "sezu/read/tiff_stream.hpp"
#include "sezu/products/tile_grid.hpp"

#include "test_support.hpp"

#include <gdal_priv.h>
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <map>

using namespace sezu;
namespace fs = std::filesystem;

namespace {

constexpr int kScale = 100; // tiles of 288 x 180 cells
const YearMonth kMonth(2017, 5);

// The mirror's newest archive of every tile of the month.
std::vector<std::pair<TileRef, std::string>> month_archives(const std::string& mirror)
{
    std::map<std::string, std::pair<ArchiveName, std::string>> newest;
    for (const auto& entry : fs::recursive_directory_iterator(mirror)) {
        const auto name = parse_archive_name(entry.path().filename().string());
        if (!name || name->month() != kMonth)
            continue;
        auto it = newest.find(name->tile);
        if (it == newest.end() || stamp_newer(name->stamp, it->second.first.stamp))
            newest[name->tile] = {*name, entry.path().string()};
    }
    std::vector<std::pair<TileRef, std::string>> out;
    for (const auto& [tile, found] : newest) {
        TileRef ref;
        ref.tile = *find_tile(tile);
        ref.archive = found.first;
        out.emplace_back(ref, found.second);
    }
    return out;
}

MultiPolygon box(double x0, double y0, double x1, double y1)
{
    return MultiPolygon{{Polygon{{Ring{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}}}}};
}

MultiPolygon triangle(double x0, double y0, double x1, double y1, double x2, double y2)
{
    return MultiPolygon{{Polygon{{Ring{{x0, y0}, {x1, y1}, {x2, y2}, {x0, y0}}}}}};
}

std::vector<MultiPolygon> zones()
{
    return {
        box(-62, -3, -58, 3), // across the seam 00N/75N at 0° and 60°W: four tiles
        box(59, -1, 61, 1),   // the other inner corner at 60°E
        triangle(36.8, -1.6, 37.2, -1.3, 37.0, -1.0), // Nairobi-ish, inside one tile
        box(-180, 10, -179, 12),                      // on the west edge
        box(100, 70, 140, 74.9),                      // a wide zone in the north
        box(10, 80, 20, 85),                          // north of the grid: empty
        triangle(-74.1, 40.6, -73.7, 40.6, -73.9, 40.9),
        // Across the antimeridian, split at ±180° into two parts: 1° x 1° in all.
        MultiPolygon{{box(179.5, 10, 180, 11).parts[0], box(-180, 10, -179.5, 11).parts[0]}},
    };
}

// Statistics through extraction and the stitched mosaic.
std::vector<ZoneStats> via_mosaic(const std::vector<std::pair<TileRef, std::string>>& archives,
                                  const std::vector<Coverage>& coverage, const std::string& work)
{
    std::vector<TileRasters> rasters;
    for (const auto& [ref, path] : archives)
        rasters.push_back(extract_tile(ref, path, work));
    const Mosaic mosaic(rasters);
    std::vector<ZoneStats> out;
    for (const auto& cov : coverage) {
        StatsAccumulator acc;
        if (!cov.empty())
            accumulate(cov, mosaic.read(cov.window), StatsOptions{}, acc);
        out.push_back(ZoneStats::from(acc));
    }
    return out;
}

std::vector<ZoneStats> via_stream(const std::vector<std::pair<TileRef, std::string>>& archives,
                                  const std::vector<Coverage>& coverage)
{
    int calls = 0;
    MonthStreamer streamer(
        [&](const Grid& g) -> const std::vector<Coverage>& {
            ++calls;
            EXPECT_EQ(g, global_grid(kScale));
            return coverage;
        },
        StatsOptions{});
    for (const auto& [ref, path] : archives)
        EXPECT_EQ(streamer.add_tile(ref, path).size(), 64u);
    EXPECT_EQ(calls, 6); // asked per tile; the caller caches
    std::vector<ZoneStats> out;
    for (const auto& acc : streamer.accumulators())
        out.push_back(ZoneStats::from(acc));
    return out;
}

void expect_same(const std::vector<ZoneStats>& a, const std::vector<ZoneStats>& b)
{
    ASSERT_EQ(a.size(), b.size());
    for (std::size_t z = 0; z < a.size(); ++z)
        for (const std::string& name : ZoneStats::names()) {
            const double x = a[z].value(name), y = b[z].value(name);
            if (std::isnan(x)) {
                EXPECT_TRUE(std::isnan(y)) << "zone " << z << " " << name;
                continue;
            }
            EXPECT_NEAR(x, y, 1e-12 * std::max(1.0, std::abs(x))) << "zone " << z << " " << name;
        }
}

class MonthStream : public ::testing::Test {
protected:
    static void SetUpTestSuite()
    {
        s_dir = new test::TempDir();
        MirrorOptions options;
        options.out_dir = s_dir->file("mirror");
        options.months = {kMonth};
        options.model = default_model(kScale, 1);
        write_mirror(options);
        const Grid grid = global_grid(kScale);
        s_coverage = new std::vector<Coverage>();
        for (const auto& z : zones())
            s_coverage->push_back(compute_coverage(z, grid, PixelRule::Exact));
    }
    static void TearDownTestSuite()
    {
        delete s_coverage;
        delete s_dir;
    }
    static test::TempDir* s_dir;
    static std::vector<Coverage>* s_coverage;
};
test::TempDir* MonthStream::s_dir = nullptr;
std::vector<Coverage>* MonthStream::s_coverage = nullptr;

// Rewrites one tile's archive with the given members (name -> file).
void write_tgz(const std::string& path,
               const std::vector<std::pair<std::string, std::string>>& members)
{
    TgzWriter w(path);
    for (const auto& [name, file] : members)
        w.add_file_from_path(name, file);
    w.close();
}

} // namespace

TEST_F(MonthStream, EqualsExtractAndStitch)
{
    const auto archives = month_archives(s_dir->file("mirror"));
    ASSERT_EQ(archives.size(), 6u);
    const auto expected = via_mosaic(archives, *s_coverage, s_dir->file("work"));
    EXPECT_GT(expected[0].count, 100.0); // the seam zone has cells in all four tiles
    EXPECT_EQ(expected[5].count, 0.0);
    // The antimeridian zone keeps its whole area: both parts, and the sliver between 180°E and
    // the grid's east edge, which is column 0 again.
    const double dx = global_grid(kScale).dx;
    EXPECT_NEAR(expected[7].count, 1.0 / (dx * dx), 1e-9);
    expect_same(expected, via_stream(archives, *s_coverage));
}

TEST_F(MonthStream, CoverageBeforeRadianceGivesTheSame)
{
    auto archives = month_archives(s_dir->file("mirror"));
    const auto expected = via_mosaic(archives, *s_coverage, s_dir->file("work2"));
    // Every tile rewritten with cf_cvg first (and an unrelated member between).
    for (auto& [ref, path] : archives) {
        const TileRasters t = extract_tile(ref, path, s_dir->file("parts"));
        const std::string reordered = s_dir->file("r-" + ref.archive.file_name);
        write_tgz(reordered, {{"./" + ref.archive.stem() + ".cf_cvg.tif", t.cvg_path},
                              {"./README.txt", t.cvg_path},
                              {"./" + ref.archive.stem() + ".avg_rade9h.tif", t.radiance_path}});
        path = reordered;
    }
    expect_same(expected, via_stream(archives, *s_coverage));
}

TEST_F(MonthStream, TruncatedMemberIsAnErrorCompressedGoesToExtraction)
{
    const auto archives = month_archives(s_dir->file("mirror"));
    const auto& [ref, path] = archives[0];
    const TileRasters t = extract_tile(ref, path, s_dir->file("bad"));
    const std::string stem = "./" + ref.archive.stem();

    // The radiance TIFF cut short, packed as a well-formed archive: the TIFF says it needs more.
    const std::string cut = s_dir->file("cut.tif");
    fs::copy_file(t.radiance_path, cut);
    fs::resize_file(cut, fs::file_size(cut) - 1000);
    write_tgz(s_dir->file("cut.tgz"),
              {{stem + ".avg_rade9h.tif", cut}, {stem + ".cf_cvg.tif", t.cvg_path}});
    MonthStreamer streamer([&](const Grid&) -> const std::vector<Coverage>& { return *s_coverage; },
                           StatsOptions{});
    try {
        streamer.add_tile(ref, s_dir->file("cut.tgz"));
        FAIL() << "a truncated TIFF was accepted";
    } catch (const NotStreamable& e) {
        FAIL() << "truncation must be an error: " << e.what();
    } catch (const DataError& e) {
        EXPECT_NE(std::string(e.what()).find("truncated"), std::string::npos) << e.what();
    }

    // Only one of the two rasters.
    write_tgz(s_dir->file("half.tgz"), {{stem + ".avg_rade9h.tif", t.radiance_path}});
    EXPECT_THROW(streamer.add_tile(ref, s_dir->file("half.tgz")), DataError);

    // A compressed TIFF is fine, but not for streaming.
    const std::string packed = s_dir->file("packed.tif");
    GDALDatasetUniquePtr src(GDALDataset::Open(t.radiance_path.c_str(), GDAL_OF_RASTER));
    const char* options[] = {"COMPRESS=DEFLATE", nullptr};
    GDALDatasetUniquePtr(GetGDALDriverManager()->GetDriverByName("GTiff")->CreateCopy(
        packed.c_str(), src.get(), FALSE, const_cast<char**>(options), nullptr, nullptr));
    write_tgz(s_dir->file("packed.tgz"),
              {{stem + ".avg_rade9h.tif", packed}, {stem + ".cf_cvg.tif", t.cvg_path}});
    EXPECT_THROW(streamer.add_tile(ref, s_dir->file("packed.tgz")), NotStreamable);
    // Nothing of the failed tiles reached the month.
    for (const auto& acc : streamer.accumulators())
        EXPECT_TRUE(acc.empty());
}

TEST_F(MonthStream, RadianceScaleAndOffsetApplyOnBothPaths)
{
    // Every tile's radiance rewritten with band scale 0.1 and offset -1.5 (same cells): each
    // value v becomes 0.1 v - 1.5, so by linearity count stays, sum becomes 0.1 sum - 1.5 count,
    // mean/min/max 0.1 x - 1.5 and std 0.1 std — on the stitched and on the streamed path.
    auto archives = month_archives(s_dir->file("mirror"));
    const auto plain = via_mosaic(archives, *s_coverage, s_dir->file("work3"));
    GDALDriver* mem = GetGDALDriverManager()->GetDriverByName("MEM");
    GDALDriver* gtiff = GetGDALDriverManager()->GetDriverByName("GTiff");
    for (auto& [ref, path] : archives) {
        const TileRasters t = extract_tile(ref, path, s_dir->file("scaled-parts"));
        GDALDatasetUniquePtr src(GDALDataset::Open(t.radiance_path.c_str(), GDAL_OF_RASTER));
        // Set on an in-memory copy first, so the GeoTIFF's header holds them (streamable).
        GDALDatasetUniquePtr copy(mem->CreateCopy("", src.get(), FALSE, nullptr, nullptr, nullptr));
        copy->GetRasterBand(1)->SetScale(0.1);
        copy->GetRasterBand(1)->SetOffset(-1.5);
        const std::string scaled = s_dir->file(std::string("scaled-") + ref.tile.name + ".tif");
        GDALDatasetUniquePtr(
            gtiff->CreateCopy(scaled.c_str(), copy.get(), FALSE, nullptr, nullptr, nullptr));
        const std::string tgz = s_dir->file("scaled-" + ref.archive.file_name);
        write_tgz(tgz, {{"./" + ref.archive.stem() + ".avg_rade9h.tif", scaled},
                        {"./" + ref.archive.stem() + ".cf_cvg.tif", t.cvg_path}});
        path = tgz;
    }
    std::vector<ZoneStats> expected = plain;
    for (ZoneStats& s : expected) {
        s.sum = 0.1 * s.sum - 1.5 * s.count;
        s.mean = 0.1 * s.mean - 1.5;
        s.min = 0.1 * s.min - 1.5;
        s.max = 0.1 * s.max - 1.5;
        s.std = 0.1 * s.std;
    }
    const auto stitched = via_mosaic(archives, *s_coverage, s_dir->file("work4"));
    const auto streamed = via_stream(archives, *s_coverage);
    ASSERT_EQ(stitched.size(), expected.size());
    for (std::size_t z = 0; z < expected.size(); ++z)
        for (const char* name : {"cell_count", "sum_of_lights", "radiance_mean", "radiance_min",
                                 "radiance_max", "radiance_std"}) {
            const double want = expected[z].value(name);
            const double tol = 1e-9 * std::max(1.0, std::abs(want));
            if (std::isnan(want)) {
                EXPECT_TRUE(std::isnan(stitched[z].value(name))) << z << " " << name;
                continue;
            }
            EXPECT_NEAR(stitched[z].value(name), want, tol) << "stitched zone " << z << " " << name;
            EXPECT_NEAR(streamed[z].value(name), want, tol) << "streamed zone " << z << " " << name;
        }
}

TEST_F(MonthStream, TilesOnThreadsOrOutOfOrderGiveTheSameNumbersBitForBit)
{
    const auto archives = month_archives(s_dir->file("mirror"));
    ASSERT_EQ(archives.size(), 6u);
    const auto sequential = via_stream(archives, *s_coverage);
    const auto for_each_slot = [&](int threads, bool reverse) {
        MonthStreamer streamer(
            [&](const Grid&) -> const std::vector<Coverage>& { return *s_coverage; },
            StatsOptions{});
        parallel_for(archives.size(), threads, [&](std::size_t k, int) {
            const std::size_t slot = reverse ? archives.size() - 1 - k : k;
            streamer.add_tile(archives[slot].first, archives[slot].second, false, slot);
        });
        std::vector<ZoneStats> out;
        for (const auto& acc : streamer.accumulators())
            out.push_back(ZoneStats::from(acc));
        return out;
    };
    // The seam zone sums cells of four tiles: merged in another order its floating-point sums
    // could differ in the last bits, so equality here shows the slot order is kept.
    EXPECT_GT(sequential[0].count, 100.0);
    for (int threads : {1, 2, 3})
        for (bool reverse : {false, true}) {
            const auto got = for_each_slot(threads, reverse);
            ASSERT_EQ(got.size(), sequential.size());
            for (std::size_t z = 0; z < got.size(); ++z) {
                EXPECT_EQ(got[z], sequential[z])
                    << "zone " << z << ", " << threads << " threads" << (reverse ? ", reversed" : "");
            }
        }
}

// The chips taken while the tiles stream are the observed radiance of the zone's window and the
// margin around it (chip_window), cell for cell (the test zones' chips are all under
// kChipMaxSide: one cell per pixel), NaN where cf_cvg is 0; the extraction path takes the same
// chips from the mosaic.
TEST_F(MonthStream, ChipsAreTheWindowsObservedRadiance)
{
    const auto archives = month_archives(s_dir->file("mirror"));
    MonthStreamer streamer([&](const Grid&) -> const std::vector<Coverage>& { return *s_coverage; },
                           StatsOptions{});
    for (const auto& [ref, path] : archives)
        streamer.add_tile(ref, path);
    const std::vector<ZoneChip> chips = streamer.chips();
    ASSERT_EQ(chips.size(), s_coverage->size());
    const MirrorModel model = default_model(kScale, 1);
    const Grid grid = global_grid(kScale);
    long observed = 0, unobserved = 0;
    for (std::size_t z = 0; z < chips.size(); ++z) {
        const Coverage& cov = (*s_coverage)[z];
        const ZoneChip& chip = chips[z];
        if (cov.empty()) {
            EXPECT_TRUE(chip.empty()) << "zone " << z;
            continue;
        }
        const Window w = chip_window(grid, cov.window);
        EXPECT_TRUE(w.contains(cov.window)) << "zone " << z;
        // One cell per pixel, but for the wide zone (144 cells with its margin: 2 x 2 cells).
        const long f = chip.factor;
        ASSERT_EQ(f, z == 4 ? 2 : 1) << "zone " << z;
        ASSERT_EQ(chip.rows, (w.rows + f - 1) / f) << "zone " << z;
        ASSERT_EQ(chip.cols, (w.cols + f - 1) / f) << "zone " << z;
        EXPECT_DOUBLE_EQ(chip.west, grid.x0 + double(w.col) * grid.dx);
        EXPECT_DOUBLE_EQ(chip.north, grid.y0 - double(w.row) * grid.dy);
        EXPECT_NEAR(chip.east - chip.west, double(chip.cols * f) * grid.dx, 1e-9);
        for (long r = 0; r < chip.rows; ++r)
            for (long c = 0; c < chip.cols; ++c) {
                double sum = 0;
                long n = 0;
                for (long rr = r * f; rr < std::min((r + 1) * f, w.rows); ++rr)
                    for (long cc = c * f; cc < std::min((c + 1) * f, w.cols); ++cc) {
                        // A window past the east edge (the antimeridian zone) wraps to column 0.
                        const long col = (w.col + cc) % grid.cols, row = w.row + rr;
                        if (model.cvg(kMonth, col, row) > 0) {
                            sum += double(model.radiance(kMonth, col, row));
                            ++n;
                        }
                    }
                if (n == 0) {
                    EXPECT_TRUE(std::isnan(chip.at(r, c))) << "zone " << z << " " << r << "," << c;
                    ++unobserved;
                } else if (f == 1) {
                    EXPECT_EQ(chip.at(r, c), float(sum)) << "zone " << z << " " << r << "," << c;
                    ++observed;
                } else {
                    EXPECT_NEAR(chip.at(r, c), sum / double(n), 1e-5 * std::max(1.0, std::abs(sum)))
                        << "zone " << z << " " << r << "," << c;
                    ++observed;
                }
            }
    }
    EXPECT_GT(observed, 1000);
    EXPECT_GE(unobserved, 0); // counted for the record; ChipBuilder's tests pin NaN down

    // The extract-and-stitch path's chips, from the cells it reads for the statistics.
    std::vector<TileRasters> rasters;
    for (const auto& [ref, path] : archives)
        rasters.push_back(extract_tile(ref, path, s_dir->file("work-chips")));
    const Mosaic mosaic(rasters);
    for (std::size_t z = 0; z < chips.size(); ++z) {
        const Coverage& cov = (*s_coverage)[z];
        if (cov.empty())
            continue;
        const Window w = chip_window(mosaic.grid(), cov.window);
        ChipBuilder b(mosaic.grid(), w);
        b.add_block(mosaic.read(w));
        EXPECT_EQ(b.chip(), chips[z]) << "zone " << z;
    }
}
