// TempFile, the one way sezu replaces a file: what a commit leaves, what a failure leaves (on a
// real full disk: a small tmpfs in a private mount namespace), and the message a user reads.
#include "sezu/core/error.hpp"
#include "sezu/core/stdio_file.hpp"
#include "sezu/core/temp_file.hpp"

#include "small_disk.hpp"
#include "test_support.hpp"

#include <gtest/gtest.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

using namespace sezu;
namespace fs = std::filesystem;

namespace {

void write(const std::string& path, const std::string& text)
{
    std::ofstream(path, std::ios::binary) << text;
}

/// What a failed write left, as one string a test can compare: the error's message, the
/// folder's files and the target's text.
std::string after_failure(const std::string& dir, const std::string& target,
                          const std::function<void()>& writer)
{
    std::string message = "no error";
    try {
        writer();
    } catch (const ConfigError& e) {
        message = std::string("ConfigError: ") + e.what();
    } catch (const DataError& e) {
        message = std::string("DataError: ") + e.what();
    }
    std::string files;
    for (const auto& f : test::list_dir(dir))
        files += f + " ";
    return message + "\nfiles: " + files + "\ntarget: " + test::read_text(target);
}

} // namespace

TEST(TempFile, CommitReplacesTheTargetAndLeavesNoTemporary)
{
    test::TempDir dir;
    const std::string target = dir.file("out.csv");
    write(target, "old\n");
    {
        TempFile file(target, "export");
        EXPECT_EQ(file.path(), target + ".tmp");
        EXPECT_EQ(file.target(), target);
        file.write("new\n", 4);
        EXPECT_EQ(test::read_text(target), "old\n"); // nothing replaced before commit()
        file.commit();
    }
    EXPECT_EQ(test::read_text(target), "new\n");
    EXPECT_EQ(test::list_dir(dir.path()), std::vector<std::string>{"out.csv"});
}

TEST(TempFile, UncommittedLeavesTheTargetAsItWasAndNoTemporary)
{
    test::TempDir dir;
    const std::string target = dir.file("out.csv");
    write(target, "old\n");
    write(target + ".tmp", "left by a killed run");
    {
        TempFile file(target, "export");
        EXPECT_FALSE(fs::exists(file.path())); // a leftover is removed first
        file.write("new\n", 4);
    }
    EXPECT_EQ(test::read_text(target), "old\n");
    EXPECT_EQ(test::list_dir(dir.path()), std::vector<std::string>{"out.csv"});
}

TEST(TempFile, SidecarsGoAlongAndAStaleOneIsRemoved)
{
    test::TempDir dir;
    const std::string target = dir.file("map.png");
    write(target, "old png");
    write(target + ".aux.xml", "old georeferencing");
    write(target + ".wld", "old world file");
    {
        TempFile file(target, "quicklook", {".aux.xml", ".wld"});
        write(file.path(), "new png");
        write(file.path() + ".aux.xml", "new georeferencing");
        file.commit();
    }
    EXPECT_EQ(test::read_text(target), "new png");
    EXPECT_EQ(test::read_text(target + ".aux.xml"), "new georeferencing");
    EXPECT_EQ(test::list_dir(dir.path()),
              (std::vector<std::string>{"map.png", "map.png.aux.xml"}));
}

TEST(TempFile, AnOutputThroughASymlinkReplacesItsTarget)
{
    test::TempDir dir;
    write(dir.file("real.csv"), "old\n");
    fs::create_symlink("real.csv", dir.file("link.csv"));
    {
        TempFile file(dir.file("link.csv"), "export");
        EXPECT_EQ(file.target(), fs::canonical(dir.file("real.csv")).string());
        file.write("new\n", 4);
        file.commit();
    }
    EXPECT_TRUE(fs::is_symlink(dir.file("link.csv")));
    EXPECT_EQ(test::read_text(dir.file("real.csv")), "new\n");
}

// A spec names the temporary, the stage in messages and the error's type; the target is taken
// as given (a symlink there is replaced, not followed).
TEST(TempFile, ASpecNamesTheTemporaryAndTheError)
{
    test::TempDir dir;
    const std::string target = dir.file("x.tif");
    fs::create_symlink("elsewhere.tif", target);
    {
        TempFile file(target, TempFileSpec{"extract", "file", raise_error<DataError>,
                                           dir.file("x.tif.part-1"), {}, false});
        EXPECT_EQ(file.path(), dir.file("x.tif.part-1"));
        file.write("tif", 3);
        file.commit();
    }
    EXPECT_FALSE(fs::is_symlink(target));
    EXPECT_EQ(test::read_text(target), "tif");

    TempFile file(dir.file("y.tif"), TempFileSpec{"extract", "file", raise_error<DataError>,
                                                  dir.file("y.tif.part-2"), {}, true});
    write(file.path(), "half");
    try {
        file.fail(EIO, "cannot write " + file.path());
        FAIL() << "fail() returned";
    } catch (const DataError& e) {
        EXPECT_EQ(std::string(e.what()),
                  "extract: cannot write the file " + dir.file("y.tif") + " (cannot write " +
                      dir.file("y.tif.part-2") + "); no file was written");
    }
    EXPECT_FALSE(fs::exists(file.path())); // removed at once, not only when the object goes
}

TEST(TempFile, AFolderThatIsNotThereIsNamed)
{
    test::TempDir dir;
    const std::string target = dir.file("missing/out.csv");
    TempFile file(target, "export");
    try {
        file.write("x", 1);
        FAIL() << "the write succeeded";
    } catch (const ConfigError& e) {
        const std::string text = e.what();
        EXPECT_EQ(text.rfind("export: cannot write the file " + target + " (", 0), 0u) << text;
        EXPECT_NE(text.find(std::strerror(ENOENT)), std::string::npos) << text;
        EXPECT_NE(text.find("no file was written"), std::string::npos) << text;
    }
}

// On a full disk, whether the file is written whole (write()) or streamed by its writer
// (fail() with the errno of its write), the user reads which file system is full, the old
// file stays byte for byte and no temporary is left.
TEST(TempFile, AFullDiskSaysSoAndKeepsTheOldFile)
{
    test::TempDir dir;
    const std::string disk = dir.file("disk");
    fs::create_directories(disk);
    const std::string target = disk + "/out.h5";
    const std::string big(256 * 1024, 'x');
    const auto whole = test::on_small_disk(disk, 128, [&] {
        write(target, "old archive");
        test::fill_disk(disk, 8 * 1024);
        return after_failure(disk, target, [&] {
            TempFile file(target, "export");
            file.write(big.data(), big.size());
            file.commit();
        });
    });
    ASSERT_TRUE(whole) << "cannot mount a small tmpfs in a private mount namespace (it needs "
                          "user namespaces, as `unshare -rm`)";
    const std::string message = "ConfigError: export: no space left on " + disk +
                                " while writing the file " + target +
                                "; the previous file is intact. Free some space there (or "
                                "write elsewhere) and run again";
    EXPECT_EQ(*whole, message + "\nfiles: filler out.h5 \ntarget: old archive");

    const auto streamed = test::on_small_disk(disk, 128, [&] {
        test::fill_disk(disk, 8 * 1024);
        return after_failure(disk, target, [&] {
            TempFile file(target, TempFileSpec{"extract", "file", raise_error<DataError>,
                                               target + ".part-7", {}, false});
            StdioFile out(file.path(), "wb");
            if (std::fwrite(big.data(), 1, big.size(), out.get()) != big.size() || !out.close())
                file.fail(errno, "cannot write " + file.path());
            file.commit();
        });
    });
    ASSERT_TRUE(streamed);
    EXPECT_EQ(*streamed, "DataError: extract: no space left on " + disk +
                             " while writing the file " + target +
                             "; no file was written. Free some space there (or write "
                             "elsewhere) and run again\nfiles: filler \ntarget: ");
}
