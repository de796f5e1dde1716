// The sezu binary end to end, as a user runs it: mirror, `mpirun -n N sezu run`, and bad input.
#include "sezu/archive/archive.hpp"
#include "sezu/discover/catalog.hpp"
#include "sezu/fetch/digest.hpp"
#include "sezu/mirror/mirror.hpp"
#include "sezu/read/mosaic.hpp"
#include "sezu/read/tgz_writer.hpp"

#include "mirror_truth.hpp"
#include "shared_dir_suite.hpp"
#include "test_support.hpp"

#include <gdal_priv.h>
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>

using namespace sezu;
namespace fs = std::filesystem;

namespace {

constexpr int kScale = test::kMirrorJobScale;

class EndToEnd : public test::SharedDirSuite<EndToEnd> {
public:
    static void prepare(const test::TempDir& dir)
    {
        const MirrorModel model = default_model(kScale);
        const auto r =
            test::write_mirror_job(dir, {"city0", "corner"},
                                   {test::window_wkt(model.city_window(0), kScale),
                                    test::window_wkt(test::four_tile_corner(kScale), kScale)});
        ASSERT_EQ(r.status, 0) << r.output;
    }
};

} // namespace

TEST_F(EndToEnd, OneAndThreeRanksGiveIdenticalArchives)
{
    const auto one = mpirun(1, "run -q -c " + job() + " -o " + s_dir->file("one.h5"));
    ASSERT_EQ(one.status, 0) << one.output;
    const auto three = mpirun(3, "run -c " + job() + " -o " + s_dir->file("three.h5"));
    ASSERT_EQ(three.status, 0) << three.output;
    EXPECT_NE(three.output.find("3 of 3 months ok"), std::string::npos) << three.output;
    // Rank 0's overall line (plain: the output is no terminal); per-rank lines only under -v.
    EXPECT_NE(three.output.find("run: 3/3 months done"), std::string::npos) << three.output;
    EXPECT_EQ(test::occurrences(three.output, "have 6 tiles"), 0u) << three.output;
    EXPECT_NE(three.output.find("three.h5"), std::string::npos) << three.output;

    const ArchiveData a = read_archive(s_dir->file("one.h5"));
    const ArchiveData b = read_archive(s_dir->file("three.h5"));
    ASSERT_EQ(a.months, b.months);
    ASSERT_EQ(a.zone_ids, b.zone_ids);
    for (const auto& [name, values] : a.stats)
        for (size_t i = 0; i < values.size(); ++i)
            if (!(std::isnan(values[i]) && std::isnan(b.stats.at(name)[i]))) {
                EXPECT_EQ(values[i], b.stats.at(name)[i]) << name;
            }

    // The numbers are the mirror's truth.
    const MirrorModel model = default_model(kScale);
    for (size_t m = 0; m < a.months.size(); ++m) {
        const auto t = test::truth(model, a.months[m], model.city_window(0));
        EXPECT_NEAR(a.at("sum_of_lights", m, 0), t.sum, 1e-9 * std::abs(t.sum));
        const auto c = test::truth(model, a.months[m], test::four_tile_corner(kScale));
        EXPECT_NEAR(a.at("sum_of_lights", m, 1), c.sum, 1e-9 * std::max(1.0, std::abs(c.sum)));
        EXPECT_EQ(a.at("radiance_max", m, 1), c.max);
    }
    // The chips of the newest month, the same however many ranks, are the mirror's radiance
    // over each zone's window and its margin (one cell per pixel: the windows are small).
    ASSERT_TRUE(a.chips_month);
    EXPECT_EQ(*a.chips_month, YearMonth(2017, 10));
    EXPECT_EQ(a.chips, b.chips);
    ASSERT_EQ(a.chips.size(), 2u);
    for (std::size_t z = 0; z < 2; ++z) {
        const Window w = chip_window(global_grid(kScale), z == 0 ? model.city_window(0)
                                                                : test::four_tile_corner(kScale));
        const ZoneChip& chip = a.chips[z];
        ASSERT_EQ(chip.rows, w.rows);
        ASSERT_EQ(chip.cols, w.cols);
        for (long r = 0; r < w.rows; ++r)
            for (long c = 0; c < w.cols; ++c) {
                const YearMonth month = *a.chips_month;
                if (model.cvg(month, w.col + c, w.row + r) == 0)
                    EXPECT_TRUE(std::isnan(chip.at(r, c)));
                else
                    EXPECT_EQ(chip.at(r, c), model.radiance(month, w.col + c, w.row + r))
                        << "zone " << z << " cell " << r << "," << c;
            }
    }
    // 6 archives per month, named as published, with their sizes.
    ASSERT_EQ(a.tiles[0].size(), 6u);
    EXPECT_GT(a.tiles[0][0].bytes, 0);
    EXPECT_EQ(a.tiles[0][0].file_name.rfind("SVDNB_npp_20170801-20170831_75N180W_vcmcfg_v10_c", 0),
              0u);

    const auto info = sezu_cmd("info " + s_dir->file("three.h5"));
    EXPECT_EQ(info.status, 0) << info.output;
    EXPECT_NE(info.output.find("201708-201710  ok (3 months)"), std::string::npos) << info.output;
}

TEST_F(EndToEnd, HelpAndVersion)
{
    EXPECT_EQ(sezu_cmd("--version").status, 0);
    for (const char* cmd : {"--help", "run --help", "mirror --help", "info --help"}) {
        const auto r = sezu_cmd(cmd);
        EXPECT_EQ(r.status, 0) << cmd << r.output;
        EXPECT_NE(r.output.find("usage"), std::string::npos) << cmd;
    }
}

TEST_F(EndToEnd, BadInputGetsOneClearMessageAndNoArchive)
{
    const std::string out = s_dir->file("bad.h5");
    struct Case {
        std::string args;
        std::string says;
    };
    const std::vector<Case> cases = {
        {"run --frobnicate", "frobnicate"},
        {"fly", "unknown command 'fly'"},
        {"run -c " + s_dir->file("missing.json"), "missing.json"},
        {"run -c " + job() + " -o " + out + " --zones " + s_dir->file("nope.geojson"), "nope.geojson"},
        {"run -c " + job() + " -o /proc/sezu/none/x.h5", "/proc/sezu/none"},
        {"run -c " + job() + " -o " + out + " --span-start 201710 --span-end 201708", "before"},
        {"run -c " + job() + " -o " + out + " --span-start 201113 --span-end 201708", "201113"},
        {"run -c " + job() + " -o " + out + " --span-start 201101 --span-end 201708", "201204"},
        {"run -c " + job() + " -o " + out + " --rule nearest", "nearest"},
    };
    for (const auto& c : cases) {
        const auto r = mpirun(3, c.args);
        EXPECT_EQ(r.status, 2) << c.args << "\n" << r.output;
        // One message (printed by rank 0 only), and it names the problem.
        EXPECT_EQ(test::occurrences(r.output, "sezu: "), 1u) << c.args << "\n" << r.output;
        EXPECT_NE(r.output.find(c.says), std::string::npos) << c.args << "\n" << r.output;
        EXPECT_FALSE(fs::exists(out)) << c.args;
    }
}

TEST_F(EndToEnd, AMonthThatIsNotPublishedIsRecordedNotSkipped)
{
    const auto r = mpirun(2, "run -q -c " + job() + " -o " + s_dir->file("gap.h5") +
                                 " --span-start 201707 --span-end 201708");
    EXPECT_EQ(r.status, 1) << r.output;
    const ArchiveData a = read_archive(s_dir->file("gap.h5"));
    ASSERT_EQ(a.months.size(), 2u);
    EXPECT_EQ(a.status[0], MonthStatus::NotPublished);
    EXPECT_FALSE(a.reasons[0].empty());
    EXPECT_EQ(a.status[1], MonthStatus::Ok);
}

TEST_F(EndToEnd, ProvenanceRecordsEachTilesSha256)
{
    const std::string out = s_dir->file("sha.h5");
    const auto r = mpirun(1, "run -q -c " + job() + " -o " + out +
                                 " --span-start 201708 --span-end 201708");
    ASSERT_EQ(r.status, 0) << r.output;
    const ArchiveData a = read_archive(out);
    ASSERT_EQ(a.tiles[0].size(), 6u);
    for (const auto& t : a.tiles[0]) {
        const std::string path = s_dir->file("mirror/2017/201708/vcmcfg/" + t.file_name);
        const auto sum = test::run_command("sha256sum " + path);
        ASSERT_EQ(sum.status, 0) << sum.output;
        EXPECT_EQ(sum.output.substr(0, 64), t.sha256) << t.file_name;
        // Taken as the file downloaded and remembered on the cached copy, so no run reads the
        // archive again just to hash it.
        const auto remembered = remembered_sha256(s_dir->file("cache/" + t.file_name));
        if (remembered) {
            EXPECT_EQ(*remembered, t.sha256) << t.file_name;
        }
    }
    // The token's value never reaches the archive; only where it is read from.
    EXPECT_EQ(a.provenance.config_json.find("Bearer"), std::string::npos);
}

// A tile whose radiance is a compressed TIFF cannot stream: the month goes through extraction and
// stitching instead, with the same numbers as the streamed month of the untouched mirror.
TEST_F(EndToEnd, ATileThatCannotStreamIsExtractedWithTheSameNumbers)
{
    const std::string mirror = s_dir->file("mirror-packed");
    fs::copy(s_dir->file("mirror"), mirror, fs::copy_options::recursive);
    const std::string folder = mirror + "/2017/201708/vcmcfg";
    for (const auto& e : fs::directory_iterator(folder)) {
        const auto name = parse_archive_name(e.path().filename().string());
        if (!name || name->tile != "00N060W")
            continue;
        TileRef ref;
        ref.tile = *find_tile(name->tile);
        ref.archive = *name;
        const TileRasters t = extract_tile(ref, e.path().string(), s_dir->file("unpacked"));
        const std::string packed = s_dir->file("packed.tif");
        GDALAllRegister();
        GDALDatasetUniquePtr src(GDALDataset::Open(t.radiance_path.c_str(), GDAL_OF_RASTER));
        ASSERT_TRUE(src) << t.radiance_path;
        const char* options[] = {"COMPRESS=DEFLATE", nullptr};
        GDALDatasetUniquePtr(GetGDALDriverManager()->GetDriverByName("GTiff")->CreateCopy(
            packed.c_str(), src.get(), FALSE, const_cast<char**>(options), nullptr, nullptr));
        TgzWriter w(e.path().string());
        w.add_file_from_path(t.radiance_member, packed);
        w.add_file_from_path(t.cvg_member, t.cvg_path);
        w.close();
    }
    const std::string span = " --span-start 201708 --span-end 201708 --id-field zone_id --zones " +
                             s_dir->file("zones.geojson");
    const auto streamed = sezu_cmd("run -q -c " + job() + span + " -o " + s_dir->file("s.h5"));
    ASSERT_EQ(streamed.status, 0) << streamed.output;
    const auto extracted =
        sezu_cmd("run -v -c " + job() + span + " --source " + mirror + "/{YYYY}/{YYYYMM}/{cfg}/ --cache-dir " + s_dir->file("cache-packed") + " -o " +
                 s_dir->file("x.h5"));
    ASSERT_EQ(extracted.status, 0) << extracted.output;
    EXPECT_NE(extracted.output.find("extracting instead of streaming"), std::string::npos)
        << extracted.output;
    const ArchiveData a = read_archive(s_dir->file("s.h5"));
    const ArchiveData b = read_archive(s_dir->file("x.h5"));
    for (const auto& [stat, values] : a.stats)
        for (std::size_t i = 0; i < values.size(); ++i) {
            const double x = values[i], y = b.stats.at(stat)[i];
            if (std::isnan(x)) {
                EXPECT_TRUE(std::isnan(y)) << stat;
            } else {
                EXPECT_NEAR(x, y, 1e-12 * std::max(1.0, std::abs(x))) << stat;
            }
        }
    EXPECT_EQ(a.chips, b.chips); // taken from the same cells on either path
    EXPECT_FALSE(a.chips.empty());
}

// While a rank processes a month, the month it does next downloads: with one rank and an empty
// cache, only the first month waits for its archives; the others were fetched ahead. (The
// mirror is local: copied into the cache as a download is, --copy-local-source.)
TEST_F(EndToEnd, TheNextMonthDownloadsWhileThisOneIsProcessed)
{
    const auto r = mpirun(1, "run -v --copy-local-source -c " + job() + " -o " +
                                 s_dir->file("ahead.h5") + " --cache-dir " +
                                 s_dir->file("cache-ahead"));
    ASSERT_EQ(r.status, 0) << r.output;
    // Under -v every month's download shows its progress, the month ahead's too.
    for (const char* month : {"201708: 6/6 files", "201709: 6/6 files", "201710: 6/6 files"})
        EXPECT_NE(r.output.find(month), std::string::npos) << month << "\n" << r.output;
    EXPECT_EQ(test::occurrences(r.output, "have 6 tiles (0 from cache)"), 1u) << r.output;
    EXPECT_EQ(test::occurrences(r.output, "have 6 tiles (6 from cache)"), 2u) << r.output;
    EXPECT_EQ(test::occurrences(r.output, "fetched ahead (6 downloaded)"), 2u) << r.output;
    EXPECT_EQ(read_archive(s_dir->file("ahead.h5")).months.size(), 3u);
}

TEST_F(EndToEnd, TwoThreadsPerRankWriteTheSameArchiveBitForBit)
{
    // The corner zone takes cells from four tiles, whose statistics merge: in another order
    // its sums could differ in the last bits.
    const auto one = mpirun(1, "run -q -c " + job() + " --threads 1 -o " + s_dir->file("t1.h5"));
    ASSERT_EQ(one.status, 0) << one.output;
    const auto two = mpirun(1, "run -q -c " + job() + " --threads 2 -o " + s_dir->file("t2.h5"));
    ASSERT_EQ(two.status, 0) << two.output;
    const ArchiveData a = read_archive(s_dir->file("t1.h5"));
    const ArchiveData b = read_archive(s_dir->file("t2.h5"));
    ASSERT_EQ(a.months.size(), 3u);
    EXPECT_EQ(a.months, b.months);
    EXPECT_EQ(a.status, b.status);
    EXPECT_EQ(a.zone_ids, b.zone_ids);
    EXPECT_EQ(a.tiles, b.tiles); // names, sizes and SHA-256 of every tile
    ASSERT_EQ(a.stats.size(), b.stats.size());
    for (const auto& [name, values] : a.stats) {
        const auto& other = b.stats.at(name);
        ASSERT_EQ(values.size(), other.size()) << name;
        EXPECT_EQ(std::memcmp(values.data(), other.data(), values.size() * sizeof(double)), 0)
            << name;
    }
    // And the numbers are the mirror's truth.
    const MirrorModel model = default_model(kScale);
    for (size_t m = 0; m < b.months.size(); ++m) {
        const auto c = test::truth(model, b.months[m], test::four_tile_corner(kScale));
        EXPECT_NEAR(b.at("sum_of_lights", m, 1), c.sum, 1e-9 * std::max(1.0, std::abs(c.sum)));
    }
    const auto bad = mpirun(1, "run -q -c " + job() + " --threads 0 -o " + s_dir->file("t0.h5"));
    EXPECT_EQ(bad.status, 2) << bad.output;
    EXPECT_NE(bad.output.find("threads: 0 is out of range"), std::string::npos) << bad.output;
}
