// FileLock, the one owner of a lock file, and StdioFile, the one owner of a FILE*.
#include "sezu/core/file_lock.hpp"
#include "sezu/core/stdio_file.hpp"

#include "test_support.hpp"

#include <gtest/gtest.h>

#include <cerrno>
#include <filesystem>
#include <system_error>

using namespace sezu;
namespace fs = std::filesystem;

namespace {
constexpr auto kKeep = FileLock::OnRelease::keep_file;
constexpr auto kRemove = FileLock::OnRelease::remove_file;
} // namespace

TEST(FileLock, OneHolderAtATime)
{
    test::TempDir dir;
    const std::string path = dir.file("out.h5.lock");
    {
        auto first = FileLock::try_lock(path, kKeep);
        ASSERT_TRUE(first);
        EXPECT_EQ(first->path(), path);
        EXPECT_FALSE(FileLock::try_lock(path, kKeep)); // flock excludes even this process
        const FileLock moved(std::move(*first));
        EXPECT_FALSE(FileLock::try_lock(path, kKeep)); // the lock went with the move
    }
    EXPECT_TRUE(FileLock::try_lock(path, kKeep));
    const FileLock waited(path, kKeep); // free: does not wait
    EXPECT_EQ(waited.path(), path);
}

TEST(FileLock, TheLockFileStaysOrGoesAsAsked)
{
    test::TempDir dir;
    { FileLock kept(dir.file("a.lock"), kKeep); }
    { FileLock removed(dir.file("b.lock"), kRemove); }
    EXPECT_EQ(test::list_dir(dir.path()), std::vector<std::string>{"a.lock"});
}

TEST(FileLock, ALockFileThatCannotBeMadeIsNamed)
{
    test::TempDir dir;
    const std::string path = dir.file("missing/x.lock");
    try {
        FileLock lock(path, kKeep);
        FAIL() << "locked " << path;
    } catch (const std::system_error& e) {
        EXPECT_EQ(e.code().value(), ENOENT);
        EXPECT_NE(std::string(e.what()).find("cannot create the lock file " + path),
                  std::string::npos)
            << e.what();
    }
    EXPECT_THROW(FileLock::try_lock(path, kRemove), std::system_error);
}

TEST(StdioFile, CloseReportsAWriteThatNeverReachedTheDisk)
{
    StdioFile full("/dev/full", "wb"); // every write: ENOSPC
    ASSERT_TRUE(full);
    EXPECT_EQ(std::fwrite("x", 1, 1, full.get()), 1u); // buffered
    errno = 0;
    EXPECT_FALSE(full.close());
    EXPECT_EQ(errno, ENOSPC);
    EXPECT_FALSE(full);
    EXPECT_TRUE(full.close()); // nothing open: nothing to report

    test::TempDir dir;
    StdioFile a(dir.file("a"), "wb");
    StdioFile b = std::move(a);
    EXPECT_FALSE(a);
    ASSERT_TRUE(b);
    EXPECT_GE(std::fputs("text", b.get()), 0);
    EXPECT_TRUE(b.close());
    EXPECT_EQ(test::read_text(dir.file("a")), "text");
    EXPECT_FALSE(StdioFile(dir.file("missing/b"), "rb"));
}
