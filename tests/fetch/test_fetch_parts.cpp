// Parts of interrupted downloads: a ".part.<pid>" left in the cache by a killed run is resumed
// when its recorded prefix still hashes right (the server then sees a Range request), and
// removed otherwise; garbage never reaches a final file; nothing ".part" remains after a run;
// and a part is never touched while its owner, holding the entry's lock, still writes it.
#include "sezu/fetch/cache_lock.hpp"
#include "sezu/fetch/digest.hpp"
#include "sezu/fetch/part_file.hpp"

#include "fetch_support.hpp"

#include <gtest/gtest.h>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <thread>

namespace fs = std::filesystem;

namespace sezu {
namespace {

using namespace fetch_test;
using namespace std::chrono_literals;

std::string sha256_hex(const std::string& bytes)
{
    Sha256 d;
    d.update(bytes.data(), bytes.size());
    return d.hex();
}

/// One tile on the loopback server and a cache to fetch it into.
struct Case : ServedTile {
    Case() : ServedTile("00N060W", 300000, std::chrono::seconds(30)) {}
    std::string final_path = cache + "/" + name_of("00N060W");
    const std::string& data() const { return bytes[4]; }

    /// A part as a run with pid `pid` would have left it when killed.
    std::string leave_part(const std::string& content, long pid = 999999)
    {
        const std::string part = final_path + ".part." + std::to_string(pid);
        write_file(part, content);
        return part;
    }
    std::vector<CachedFile> fetch()
    {
        Fetcher fetcher(quick_options(cache));
        return fetcher.fetch_tiles({tile});
    }
    /// The Range header of each request for the tile.
    std::vector<std::string> ranges() const
    {
        std::vector<std::string> out;
        for (const auto& r : server.requests_for(path))
            out.push_back(r.header("range"));
        return out;
    }
    void expect_whole_and_clean()
    {
        EXPECT_TRUE(test::read_text(final_path) == data())
            << "the cached file differs from the server's";
        EXPECT_EQ(parts_in(cache), std::vector<std::string>{});
        EXPECT_EQ(remembered_sha256(final_path), sha256_hex(data()));
    }
};

TEST(FetchParts, VerifiedPartOfAKilledRunIsResumedWithARange)
{
    Case c;
    const std::string part = c.leave_part(c.data().substr(0, 100000));
    write_part_checkpoint(part, c.tile.url, 300000, 100000, sha256_hex(c.data().substr(0, 100000)));
    const auto files = c.fetch();
    EXPECT_EQ(c.ranges(), std::vector<std::string>{"bytes=100000-"});
    EXPECT_FALSE(files[0].from_cache);
    EXPECT_EQ(files[0].bytes, 300000);
    c.expect_whole_and_clean();
}

TEST(FetchParts, BytesAfterTheCheckpointAreNotTrusted)
{
    // Killed after writing past its last checkpoint: those bytes (garbage here) are cut off.
    Case c;
    const std::string part = c.leave_part(c.data().substr(0, 100000) + std::string(50000, 'x'));
    write_part_checkpoint(part, c.tile.url, 300000, 100000, sha256_hex(c.data().substr(0, 100000)));
    c.fetch();
    EXPECT_EQ(c.ranges(), std::vector<std::string>{"bytes=100000-"});
    c.expect_whole_and_clean();
}

TEST(FetchParts, GarbagePartIsRemovedAndTheFileFetchedWhole)
{
    Case c;
    c.leave_part(std::string(200000, 'g'), 111); // no checkpoint at all
    // A checkpoint that vouches for bytes the part does not hold (corrupted on disk).
    const std::string forged = c.leave_part(std::string(150000, 'h'), 222);
    write_part_checkpoint(forged, c.tile.url, 300000, 100000,
                          sha256_hex(c.data().substr(0, 100000)));
    c.fetch();
    EXPECT_EQ(c.ranges(), std::vector<std::string>{""});
    c.expect_whole_and_clean();
}

TEST(FetchParts, PartOfAnotherUrlOrAChangedFileIsNotContinued)
{
    Case c;
    const std::string prefix = c.data().substr(0, 100000);
    const std::string other = c.leave_part(prefix, 1);
    write_part_checkpoint(other, c.tile.url + "?another", 300000, 100000, sha256_hex(prefix));
    c.fetch();
    EXPECT_EQ(c.ranges(), std::vector<std::string>{""});
    c.expect_whole_and_clean();

    // The server's file is no longer the size the part was of: start over.
    Case d;
    const std::string part = d.leave_part(d.data().substr(0, 100000));
    write_part_checkpoint(part, d.tile.url, 300001, 100000, sha256_hex(d.data().substr(0, 100000)));
    d.fetch();
    EXPECT_EQ(d.ranges(), (std::vector<std::string>{"bytes=100000-", ""}));
    d.expect_whole_and_clean();
}

TEST(FetchParts, PartsOfAFileAlreadyInTheCacheAreRemoved)
{
    Case c;
    write_file(c.final_path, c.data());
    c.leave_part(c.data().substr(0, 1000));
    const auto files = c.fetch();
    EXPECT_TRUE(files[0].from_cache);
    EXPECT_EQ(c.server.count(c.path), 0);
    EXPECT_EQ(parts_in(c.cache), std::vector<std::string>{});
}

TEST(FetchParts, ARunKilledMidDownloadLeavesAPartTheNextRunResumes)
{
    Case c;
    // The first answer sends 120 kB and then hangs, as a server may when the run is killed.
    c.server.inject(c.path, Fault::stall_after(120000, std::chrono::hours(1), 1));
    const pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
        FetchOptions o = quick_options(c.cache);
        o.checkpoint_bytes = 16384;
        o.limits.stall_timeout_s = 60;
        try {
            Fetcher(o).fetch_tiles({c.tile});
        } catch (...) {
        }
        ::_exit(0);
    }
    // Wait (bounded) for the child's part to hold a checkpoint past 100 kB, then kill it.
    std::optional<PartCheckpoint> seen;
    for (int i = 0; i < 1000 && !(seen && seen->bytes >= 100000); ++i) {
        std::this_thread::sleep_for(10ms);
        for (const auto& p : part_files_of(c.final_path))
            seen = read_part_checkpoint(p);
    }
    ::kill(child, SIGKILL);
    ::waitpid(child, nullptr, 0);
    ASSERT_TRUE(seen && seen->bytes >= 100000) << "the killed run recorded no checkpoint";
    ASSERT_EQ(parts_in(c.cache).size(), 1u);

    c.fetch();
    const auto ranges = c.ranges();
    ASSERT_EQ(ranges.size(), 2u);
    EXPECT_EQ(ranges[1], "bytes=" + std::to_string(seen->bytes) + "-");
    c.expect_whole_and_clean();
}

TEST(FetchParts, APartIsLeftAloneWhileItsOwnerHoldsTheLock)
{
    Case c;
    const std::string part = c.leave_part(c.data().substr(0, 50000), 4242);
    auto owner = std::make_unique<CacheLock>(c.final_path + ".lock");
    std::vector<CachedFile> files;
    std::thread other([&] { files = c.fetch(); }); // waits for the owner
    std::this_thread::sleep_for(200ms);
    EXPECT_TRUE(fs::exists(part)); // not taken over nor removed under its owner
    // The owner completes its download and lets go.
    write_file(part, c.data());
    fs::rename(part, c.final_path);
    owner.reset();
    other.join();
    ASSERT_EQ(files.size(), 1u);
    EXPECT_TRUE(files[0].from_cache);
    EXPECT_EQ(c.server.count(c.path), 0);
}

TEST(CacheLock, OneHolderAtATimeEvenWhenTheFileIsRemovedOnRelease)
{
    TempDir tmp;
    const std::string path = tmp.file("entry.lock");
    auto first = std::make_unique<CacheLock>(path);
    std::atomic<bool> waiter_holds{false};
    std::atomic<bool> release{false};
    std::thread waiter([&] {
        CacheLock lock(path); // blocks on the first holder's file
        waiter_holds = true;
        while (!release)
            std::this_thread::sleep_for(1ms);
    });
    std::this_thread::sleep_for(100ms); // let it block in flock
    first.reset();                      // removes the file, then unlocks
    while (!waiter_holds)
        std::this_thread::sleep_for(1ms);
    // A newcomer finds the name free of a file; it must still not get the lock.
    EXPECT_FALSE(CacheLock::try_acquire(path));
    release = true;
    waiter.join();
    EXPECT_TRUE(CacheLock::try_acquire(path));
}

TEST(PartCheckpoint, RoundTripsAndHidesTheUrl)
{
    TempDir tmp;
    const std::string part = tmp.file("x.tgz.part.1");
    write_file(part, "abc");
    write_part_checkpoint(part, "https://u:secret@h/x.tgz", 10, 3, sha256_hex("abc"));
    const auto c = read_part_checkpoint(part);
    ASSERT_TRUE(c);
    EXPECT_EQ(*c,
              (PartCheckpoint{sha256_hex("https://u:secret@h/x.tgz"), 10, 3, sha256_hex("abc")}));
    EXPECT_FALSE(read_part_checkpoint(tmp.file("none")));
    write_file(tmp.file("x.tgz.part.2"), "");
    write_file(tmp.file("x.tgzz.part.3"), "");
    EXPECT_EQ(part_files_of(tmp.file("x.tgz")),
              (std::vector<std::string>{part, tmp.file("x.tgz.part.2")}));
}

} // namespace
} // namespace sezu
