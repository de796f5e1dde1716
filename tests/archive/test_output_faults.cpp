// Outputs on a hostile file system, with the real binary: a disk that fills while the archive
// (or an export, or an aggregate) is written, an output name too long for the file system, and
// an output given through a symlink. The disk is a small tmpfs mounted in a private mount
// namespace (`unshare -rm`), so the tests need no root and touch nothing outside.
#include "sezu/archive/archive.hpp"

#include "shared_dir_suite.hpp"
#include "test_support.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

using namespace sezu;
namespace fs = std::filesystem;

namespace {

// What a command left on a full disk: its exit status, its output, the files beside its output
// afterwards, and whether the file it was to replace is byte for byte the one before.
struct FullDiskRun {
    int status = -1;
    std::string output;
    std::vector<std::string> files;
    bool previous_intact = false;
};

class OutputFaults : public test::SharedDirSuite<OutputFaults> {
public:
    static void prepare(const test::TempDir& dir)
    {
        const auto r = test::write_mirror_job(dir, {"square"},
                                              {"POLYGON((-10 40,10 40,10 50,-10 50,-10 40))"});
        ASSERT_EQ(r.status, 0) << r.output;
        // The archive of the first two months: the run to come adds the third.
        const auto old = mpirun(1, "run -q -c " + job() + " --span-end 201709 -o " + old_archive());
        ASSERT_EQ(old.status, 0) << old.output;
    }

protected:
    static std::string old_archive() { return s_dir->file("old.h5"); }

    // Runs `command` in a private mount namespace where `dir` is a 1 MB tmpfs holding a copy of
    // `previous` named `name`, filled up to `free_kb` KB of free space. `command` writes there.
    static FullDiskRun on_full_disk(const test::TempDir& dir, const std::string& previous,
                                    const std::string& name, int free_kb,
                                    const std::string& command)
    {
        const std::string disk = dir.file("disk");
        fs::create_directories(disk);
        std::ofstream(dir.file("full-disk.sh"))
            << "mount -t tmpfs -o size=1m tmpfs '" << disk << "' || exit 90\n"
            << "cp '" << previous << "' '" << disk << "/" << name << "' || exit 91\n"
            << "dd if=/dev/zero of='" << disk << "/filler' bs=4096 2>/dev/null\n"
            << "truncate -s -" << free_kb << "K '" << disk << "/filler' || exit 92\n"
            << command << "\n"
            << "echo \"sezu-test: exit $?\"\n"
            << "ls -A '" << disk << "' | sed 's/^/sezu-test: file /'\n"
            << "cmp -s '" << previous << "' '" << disk << "/" << name
            << "' && echo 'sezu-test: previous intact'\n";
        const auto r = test::run_command("unshare -rm sh " + dir.file("full-disk.sh"));
        FullDiskRun out;
        out.output = r.output;
        const std::string exit_mark = "sezu-test: exit ";
        const auto at = r.output.find(exit_mark);
        if (at == std::string::npos) {
            ADD_FAILURE() << "cannot mount a small tmpfs for the full-disk test (it needs "
                             "`unshare -rm` and `mount -t tmpfs`, as root or with user "
                             "namespaces): exit "
                          << r.status << "\n" << r.output;
            return out;
        }
        out.status = std::stoi(r.output.substr(at + exit_mark.size()));
        const std::string file_mark = "sezu-test: file ";
        for (auto p = r.output.find(file_mark); p != std::string::npos;
             p = r.output.find(file_mark, p + 1)) {
            const auto start = p + file_mark.size();
            out.files.push_back(r.output.substr(start, r.output.find('\n', start) - start));
        }
        out.previous_intact = r.output.find("sezu-test: previous intact") != std::string::npos;
        return out;
    }

    static bool has_temporary(const std::vector<std::string>& files)
    {
        for (const auto& f : files)
            if (f.find(".tmp") != std::string::npos)
                return true;
        return false;
    }
};

} // namespace

// The new archive cannot fit: whether the disk is full from the start or fills while the archive
// is written, with one rank or three, the job stops with one message naming the file system,
// exit 3 (no crash in HDF5 at MPI_Finalize, no MPI_Abort), no temporary left and the previous
// archive byte for byte as it was.
TEST_F(OutputFaults, AFullDiskKeepsThePreviousArchiveAndSaysSoOnce)
{
    for (const int ranks : {1, 3})
        for (const int free_kb : {0, 16}) {
            SCOPED_TRACE(std::to_string(ranks) + " ranks, " + std::to_string(free_kb) +
                         " KB free");
            test::TempDir dir;
            const std::string disk = dir.file("disk");
            const auto r = on_full_disk(
                dir, old_archive(), "out.h5", free_kb,
                test::mpirun_command(ranks, "run -q -c " + job() + " -o " + disk + "/out.h5"));
            EXPECT_EQ(r.status, 3) << r.output;
            EXPECT_EQ(test::occurrences(r.output, "no space left on " + disk + " while writing "
                                                  "the archive " + disk + "/out.h5; the previous "
                                                  "archive is intact"),
                      1u)
                << r.output;
            EXPECT_EQ(test::occurrences(r.output, "sezu: "), 1u) << r.output;
            EXPECT_EQ(r.output.find("MPI_ABORT"), std::string::npos) << r.output;
            EXPECT_EQ(r.output.find("Segmentation fault"), std::string::npos) << r.output;
            EXPECT_FALSE(has_temporary(r.files)) << r.output;
            EXPECT_TRUE(r.previous_intact) << r.output;
        }
}

// The other writers of outputs fail the same way: an aggregate (HDF5) and exports (CSV, GeoJSON).
// Each case: the file it replaces, its name on the full disk, the command up to that output's
// path, the exit status, a message said exactly once and one said at all ("@" stands for the
// full disk's path).
namespace {

struct WriterCase {
    std::string previous;
    std::string name;
    std::string args;
    int status;
    std::string once;
    std::string also;
};

std::string with_disk(std::string text, const std::string& disk)
{
    for (auto at = text.find('@'); at != std::string::npos; at = text.find('@', at + disk.size()))
        text.replace(at, 1, disk);
    return text;
}

} // namespace

TEST_F(OutputFaults, AFullDiskKeepsPreviousAggregatesAndExports)
{
    test::TempDir before;
    const std::string agg = before.file("agg.h5");
    const auto made = sezu_cmd("aggregate " + old_archive() + " --by year -o " + agg);
    ASSERT_EQ(made.status, 0) << made.output;
    const std::string csv = before.file("old.csv");
    std::ofstream(csv) << "an export from before\n";
    // GDAL's GeoJSON writer does not report a failed write itself: it must not leave an empty
    // map in place of the old one with exit 0.
    const std::string map = before.file("old.geojson");
    std::ofstream(map) << "{\"type\": \"FeatureCollection\", \"features\": []}\n";
    const WriterCase cases[] = {
        {agg, "agg.h5", "aggregate " + old_archive() + " --by quarter -o ", 3, "no space left on @",
         "the previous file is intact"},
        {csv, "out.csv", "export " + old_archive() + " --csv ", 2,
         "no space left on @ while writing the file @/out.csv; the previous file is intact", ""},
        {map, "map.geojson",
         "export " + old_archive() + " --zones " + s_dir->file("zones.geojson") + " --geojson ", 2,
         "no space left on @", ""},
    };
    for (const WriterCase& c : cases) {
        SCOPED_TRACE(c.name);
        test::TempDir dir;
        const std::string disk = dir.file("disk");
        const auto r = on_full_disk(dir, c.previous, c.name, 0,
                                    test::sezu_command(c.args + disk + "/" + c.name));
        EXPECT_EQ(r.status, c.status) << r.output;
        EXPECT_EQ(test::occurrences(r.output, with_disk(c.once, disk)), 1u) << r.output;
        EXPECT_NE(r.output.find(c.also), std::string::npos) << r.output;
        EXPECT_FALSE(has_temporary(r.files)) << r.output;
        EXPECT_TRUE(r.previous_intact) << r.output;
    }
}

// A name the file system accepts for the archive but not for its temporary (NAME_MAX is 255
// bytes; ".tmp-<pid>" is added) fails in the first second, before any download, not after the
// whole run.
TEST_F(OutputFaults, AnOutputNameTooLongFailsBeforeAnyWork)
{
    test::TempDir dir;
    const std::string name = std::string(247, 'a') + ".h5"; // 250 bytes: its ".lock" fits
    const std::string cache = dir.file("cache");
    const auto r = mpirun(3, "run -q -c " + job() + " --cache-dir " + cache + " -o " +
                                 dir.file(name));
    EXPECT_EQ(r.status, 2) << r.output;
    EXPECT_EQ(test::occurrences(r.output, "sezu: "), 1u) << r.output;
    EXPECT_NE(r.output.find("too long"), std::string::npos) << r.output;
    EXPECT_TRUE(test::list_dir(cache).empty()) << "downloads happened before the check";
    EXPECT_EQ(test::list_dir(dir.path()), std::vector<std::string>{}) << r.output;
}

// A name the file system refuses outright (over NAME_MAX) is bad input too: exit 2, one message.
TEST_F(OutputFaults, AnOutputNameOverTheLimitIsBadInput)
{
    test::TempDir dir;
    const std::string cache = dir.file("cache");
    const auto r = mpirun(1, "run -q -c " + job() + " --cache-dir " + cache + " -o " +
                                 dir.file(std::string(300, 'x') + ".h5"));
    EXPECT_EQ(r.status, 2) << r.output;
    EXPECT_EQ(test::occurrences(r.output, "sezu: "), 1u) << r.output;
    EXPECT_NE(r.output.find("too long"), std::string::npos) << r.output;
    EXPECT_TRUE(test::list_dir(cache).empty()) << "downloads happened before the check";
}

// Through a symlink, the target is locked and replaced: the link stays a link to the updated
// archive, and a run through the link and a run on the target exclude each other.
TEST_F(OutputFaults, AnOutputThroughASymlinkUpdatesItsTarget)
{
    test::TempDir dir;
    fs::create_directories(dir.file("data"));
    fs::create_directories(dir.file("links"));
    fs::copy_file(old_archive(), dir.file("data/real.h5"));
    const std::string link = dir.file("links/out.h5");
    fs::create_symlink("../data/real.h5", link);

    const auto r = mpirun(2, "run -q -c " + job() + " -o " + link);
    ASSERT_EQ(r.status, 0) << r.output;
    ASSERT_TRUE(fs::is_symlink(link));
    EXPECT_EQ(fs::read_symlink(link), fs::path("../data/real.h5"));
    EXPECT_EQ(read_archive(dir.file("data/real.h5")).months.size(), 3u);
    EXPECT_EQ(test::list_dir(dir.file("links")), std::vector<std::string>{"out.h5"});
    // The lock is gone with the run that held it.
    EXPECT_EQ(test::list_dir(dir.file("data")), (std::vector<std::string>{"real.h5"}));

    // A link to an archive not made yet: the archive appears at the link's target.
    const std::string fresh = dir.file("links/fresh.h5");
    fs::create_symlink("../data/fresh.h5", fresh);
    const auto made = mpirun(1, "run -q -c " + job() + " -o " + fresh);
    ASSERT_EQ(made.status, 0) << made.output;
    EXPECT_TRUE(fs::is_symlink(fresh));
    EXPECT_EQ(read_archive(dir.file("data/fresh.h5")).months.size(), 3u);

    // Exports go through their links too.
    std::ofstream(dir.file("data/table.csv")) << "old\n";
    fs::create_symlink("../data/table.csv", dir.file("links/table.csv"));
    const auto e =
        sezu_cmd("export " + dir.file("data/real.h5") + " --csv " + dir.file("links/table.csv"));
    ASSERT_EQ(e.status, 0) << e.output;
    EXPECT_TRUE(fs::is_symlink(dir.file("links/table.csv")));
    EXPECT_EQ(test::read_text(dir.file("data/table.csv")).rfind("month,zone,", 0), 0u);
}

// A run on the target (here: its lock, held) keeps a run through the link out, and the reverse:
// both take the target's lock.
TEST_F(OutputFaults, RunsThroughASymlinkAndOnItsTargetExcludeEachOther)
{
    test::TempDir dir;
    fs::copy_file(old_archive(), dir.file("real.h5"));
    fs::create_symlink("real.h5", dir.file("link.h5"));
    const int held = ::open(dir.file("real.h5.lock").c_str(), O_RDWR | O_CREAT, 0644);
    ASSERT_GE(held, 0);
    ASSERT_EQ(::flock(held, LOCK_EX | LOCK_NB), 0);
    const auto r = mpirun(1, "run -q -c " + job() + " -o " + dir.file("link.h5"));
    ::close(held);
    EXPECT_EQ(r.status, 2) << r.output;
    EXPECT_NE(r.output.find("another sezu run is writing " + dir.file("real.h5")),
              std::string::npos)
        << r.output;
    EXPECT_EQ(read_archive(dir.file("real.h5")).months.size(), 2u);
}
