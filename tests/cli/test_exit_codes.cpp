// One rule for every command (docs/operations.md): a file the user names that is missing, a
// folder, unreadable, not HDF5 or not the kind of file sezu wrote is bad input: exit 2 with one
// message naming it, and nothing written. `sezu info` describes both kinds of file sezu writes.
#include "sezu/archive/archive.hpp"

#include "shared_dir_suite.hpp"
#include "test_support.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

using namespace sezu;
namespace fs = std::filesystem;

namespace {

MonthResult month(int yyyymm, MonthStatus status, const std::string& reason = "")
{
    MonthResult r;
    r.month = YearMonth(yyyymm / 100, yyyymm % 100);
    r.status = status;
    r.reason = reason;
    if (status == MonthStatus::Ok)
        for (double sum : {10.0, 20.0}) {
            ZoneStats s;
            s.count = 4;
            s.sum = sum;
            s.mean = sum / 4;
            r.stats.push_back(s);
        }
    return r;
}

class ExitCodes : public test::SharedDirSuite<ExitCodes> {
public:
    // archive.h5 (2 zones, 201701-201703 ok, 201704 failed), its yearly aggregate agg.h5, a text
    // file, a folder, and an HDF5 file sezu did not write.
    static void prepare(const test::TempDir& dir)
    {
        RunProvenance p;
        p.product = "EOG VIIRS DNB monthly composites (npp vcmcfg v10)";
        p.pixel_rule = "exact";
        write_archive(dir.file("archive.h5"), {"Z1", "Z2"},
                      {month(201701, MonthStatus::Ok), month(201702, MonthStatus::Ok),
                       month(201703, MonthStatus::Ok),
                       month(201704, MonthStatus::Failed, "HTTP 404 for tile 75N060W")},
                      p, {"Zone one", ""});
        const auto agg = test::run_command(test::sezu_command(
            "aggregate " + dir.file("archive.h5") + " --by year -o " + dir.file("agg.h5")));
        ASSERT_EQ(agg.status, 0) << agg.output;
        std::ofstream(dir.file("notes.txt")) << "not an archive\n";
        fs::create_directory(dir.file("folder"));
        test::write_zones_geojson(dir.file("zones.geojson"), {"Z1"},
                                  {"POLYGON((10 10,11 10,11 11,10 11,10 10))"});
        const auto h5py = test::run_command(
            "/usr/bin/python3 -c \"import h5py; h5py.File('" + dir.file("other.h5") +
            "', 'w').create_dataset('x', data=[1, 2])\"");
        ASSERT_EQ(h5py.status, 0) << h5py.output;
        // An archive's month axis and nothing else (damaged, or another program's file).
        const auto partial = test::run_command(
            "/usr/bin/python3 -c \"import h5py; h5py.File('" + dir.file("partial.h5") +
            "', 'w').create_dataset('yyyymm', data=[201701])\"");
        ASSERT_EQ(partial.status, 0) << partial.output;
    }
};

struct BadFile {
    std::string name;   // in the suite's folder
    std::string says;   // the message names the problem
};

const std::vector<BadFile> kBadFiles = {
    {"missing.h5", "does not exist"},
    {"folder", "is a folder"},
    {"notes.txt", "is not an HDF5 file"},
    {"other.h5", "not an archive sezu wrote"},
    {"agg.h5", "is an aggregate file (written by sezu aggregate), not an archive"},
    {"partial.h5", "is not a complete archive: it has 'yyyymm' but no 'status'"},
};

} // namespace

TEST_F(ExitCodes, EveryCommandReadingAnArchiveSaysExit2ForABadFile)
{
    const std::string report_dir = s_dir->file("report");
    const std::vector<std::string> commands = {
        "gaps {}", "before-after {}", "aggregate {} -o " + s_dir->file("out.h5"),
        "export {} --csv -", "report {} -q -o " + report_dir};
    for (const auto& command : commands)
        for (const auto& bad : kBadFiles) {
            std::string args = command;
            args.replace(args.find("{}"), 2, s_dir->file(bad.name));
            const auto r = sezu_cmd(args);
            EXPECT_EQ(r.status, 2) << args << "\n" << r.output;
            EXPECT_NE(r.output.find(bad.says), std::string::npos) << args << "\n" << r.output;
            EXPECT_NE(r.output.find(bad.name), std::string::npos) << args << "\n" << r.output;
            EXPECT_EQ(test::occurrences(r.output, "sezu:"), 1u) << args << "\n" << r.output;
        }
    EXPECT_FALSE(fs::exists(report_dir));
    EXPECT_FALSE(fs::exists(s_dir->file("out.h5")));
}

TEST_F(ExitCodes, InfoSaysExit2ForAFileSezuDidNotWrite)
{
    for (const auto& bad : kBadFiles) {
        if (bad.name == "agg.h5")
            continue; // info describes aggregate files (below)
        const auto r = sezu_cmd("info " + s_dir->file(bad.name));
        EXPECT_EQ(r.status, 2) << bad.name << "\n" << r.output;
        EXPECT_NE(r.output.find(bad.name), std::string::npos) << r.output;
    }
    const auto other = sezu_cmd("info " + s_dir->file("other.h5"));
    EXPECT_NE(other.output.find("neither an archive nor an aggregate table file"),
              std::string::npos)
        << other.output;
}

TEST_F(ExitCodes, RunAndStatsSayExit2ForMissingInputs)
{
    const std::vector<std::string> cases = {
        "run -c " + s_dir->file("missing.json"),
        "run --span-start 201701 --span-end 201701 --zones " + s_dir->file("missing.geojson") +
            " -o " + s_dir->file("run.h5"),
        "run --span-start 201701 --span-end 201701 --zones " + s_dir->file("notes.txt") +
            " -o " + s_dir->file("run.h5"),
        "stats " + s_dir->file("missing.tif") + " " + s_dir->file("missing.geojson"),
        // A file where the cache folder should be; an output that is not an archive.
        "run --span-start 201701 --span-end 201701 --zones " + s_dir->file("zones.geojson") +
            " --cache-dir " + s_dir->file("notes.txt") + " -o " + s_dir->file("run.h5"),
        "run --span-start 201701 --span-end 201701 --zones " + s_dir->file("zones.geojson") +
            " --cache-dir " + s_dir->file("cache") + " -o " + s_dir->file("notes.txt"),
    };
    for (const auto& args : cases) {
        const auto r = sezu_cmd(args);
        EXPECT_EQ(r.status, 2) << args << "\n" << r.output;
        EXPECT_EQ(test::occurrences(r.output, "sezu:"), 1u) << args << "\n" << r.output;
    }
    EXPECT_FALSE(fs::exists(s_dir->file("run.h5")));
    // Refused runs leave no lock file beside the user's files.
    EXPECT_FALSE(fs::exists(s_dir->file("run.h5.lock")));
    EXPECT_FALSE(fs::exists(s_dir->file("notes.txt.lock")));
}

TEST_F(ExitCodes, InfoDescribesAnArchive)
{
    const auto r = sezu_cmd("info " + s_dir->file("archive.h5"));
    ASSERT_EQ(r.status, 0) << r.output;
    for (const char* expected :
         {"(archive)", "product: EOG VIIRS DNB monthly composites (npp vcmcfg v10)",
          "zones: 2", "  Z1  Zone one\n", "  Z2\n", "months: 4 (ok 3, failed 1)",
          "  201701-201703  ok (3 months)", "  201704  failed  HTTP 404 for tile 75N060W",
          "  sum_of_lights(month=4, zone=2)", "variables:"})
        EXPECT_NE(r.output.find(expected), std::string::npos) << expected << "\n" << r.output;
}

TEST_F(ExitCodes, InfoDescribesAnAggregateFile)
{
    const auto r = sezu_cmd("info " + s_dir->file("agg.h5"));
    ASSERT_EQ(r.status, 0) << r.output;
    for (const char* expected : {"(aggregate tables)", "by: year", "zones: 2", "  Z1  Zone one",
                                 "periods: 1", "  2017  201701-201712", "variables:"})
        EXPECT_NE(r.output.find(expected), std::string::npos) << expected << "\n" << r.output;
}

// An output never destroys an input or an archive: exit 2, the file unchanged, nothing else
// written; a command that fails leaves no output file, not even a CSV header.
TEST_F(ExitCodes, OutputsNeverReplaceInputsOrArchives)
{
    const std::string archive = s_dir->file("archive.h5");
    const std::string before = test::read_text(archive);
    const std::string notes = s_dir->file("notes.txt");
    struct Case {
        std::string args, says;
    };
    const std::vector<Case> cases = {
        {"gaps " + archive + " -o " + archive, "is the input"},
        {"before-after " + archive + " -o " + archive, "is the input"},
        {"gaps " + archive + " -o " + s_dir->file("agg.h5"), "is an HDF5 file"},
        {"before-after " + archive + " -o " + s_dir->file("other.h5"), "is an HDF5 file"},
        {"aggregate " + archive + " -o " + notes, "is not an HDF5 file"},
        {"stats " + notes + " " + notes + " -o " + notes, "is the input"},
    };
    for (const auto& c : cases) {
        const auto r = sezu_cmd(c.args);
        EXPECT_EQ(r.status, 2) << c.args << "\n" << r.output;
        EXPECT_NE(r.output.find(c.says), std::string::npos) << c.args << "\n" << r.output;
    }
    EXPECT_EQ(test::read_text(archive), before);
    EXPECT_EQ(test::read_text(notes), "not an archive\n");

    const std::string csv = s_dir->file("g.csv");
    const auto bogus = sezu_cmd("gaps " + archive + " --stat bogus -o " + csv);
    EXPECT_EQ(bogus.status, 2) << bogus.output;
    EXPECT_FALSE(fs::exists(csv)) << "a failed command left its output";
    const auto good = sezu_cmd("gaps " + archive + " -o " + csv);
    EXPECT_EQ(good.status, 0) << good.output;
    EXPECT_EQ(test::read_text(csv).rfind("month,zone,zone_name,status", 0), 0u);
}

TEST_F(ExitCodes, AggregateRefusesRequestsThatCanOnlyGiveNaN)
{
    const std::string archive = s_dir->file("archive.h5");
    const std::string out = s_dir->file("periods.h5");
    struct Case {
        std::string args, says;
    };
    const std::vector<Case> cases = {
        {"--by periods --periods a=201701:201702,a=201703:201703", "the label 'a' is given twice"},
        {"--by periods --periods late=201901:201912",
         "the period 'late' (201901..201912) holds none of the archive's months (201701..201704)"},
        {"--by year --min-months 99", "--min-months 99 is more than the 12 months of period '2017'"},
    };
    for (const auto& c : cases) {
        const auto r = sezu_cmd("aggregate " + archive + " " + c.args + " -o " + out);
        EXPECT_EQ(r.status, 2) << c.args << "\n" << r.output;
        EXPECT_NE(r.output.find(c.says), std::string::npos) << c.args << "\n" << r.output;
        EXPECT_FALSE(fs::exists(out)) << c.args;
    }
    // A folder as the output: bad input, not an internal error.
    const auto folder = sezu_cmd("aggregate " + archive + " -o " + s_dir->file("folder"));
    EXPECT_EQ(folder.status, 2) << folder.output;
    EXPECT_NE(folder.output.find("is a directory"), std::string::npos) << folder.output;
}

TEST_F(ExitCodes, ThreadCountsAndMirrorFoldersAreChecked)
{
    const auto threads = sezu_cmd("stats " + s_dir->file("notes.txt") + " " +
                                  s_dir->file("zones.geojson") + " --threads 65");
    EXPECT_EQ(threads.status, 2) << threads.output;
    EXPECT_NE(threads.output.find("--threads 65 is out of range; give 1 to 64"), std::string::npos)
        << threads.output;
    const auto mirror = sezu_cmd("mirror --out " + s_dir->file("notes.txt") +
                                 " --span-start 201701 --span-end 201701");
    EXPECT_EQ(mirror.status, 2) << mirror.output;
    EXPECT_NE(mirror.output.find("is a file; give a folder"), std::string::npos) << mirror.output;
    EXPECT_EQ(test::read_text(s_dir->file("notes.txt")), "not an archive\n");
}
