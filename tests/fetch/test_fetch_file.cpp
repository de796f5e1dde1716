// Fetch over file:// trees in a temp dir: into the cache and then from it, data that is not a
// tile's (an HTML page, not gzip) refused, a missing file named, folders read through their
// index.html, and a month discovered and fetched from a tree.
#include "sezu/core/error.hpp"
#include "sezu/fetch/fetch.hpp"

#include "fetch_support.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace fs = std::filesystem;

namespace sezu {
namespace {

using namespace fetch_test;

const std::string kHtml = "<!DOCTYPE html>\n<html><head><title>Sign in</title></head>"
                          "<body><form>login</form></body></html>\n";

/// Options that copy a local source into the cache as a download (--copy-local-source).
FetchOptions copying(const std::string& cache)
{
    FetchOptions o = quick_options(cache);
    o.copy_local_source = true;
    return o;
}

/// The message of the FetchError that `f` throws.
std::string fetch_error(const std::function<void()>& f)
{
    return test::error_message<FetchError>(f);
}

TEST(FetchFile, FetchesIntoCacheThenServesFromCache)
{
    TempDir tmp;
    const std::string src = tmp.file("src/2019/201905/vcmcfg/");
    const std::string cache = tmp.file("cache/nested"); // does not exist yet
    write_file(src + name_of("75N180W"), gzip_like("tile zero"));
    write_file(src + name_of("00N060E"), gzip_like("tile five, a bit longer"));
    const std::vector<TileRef> tiles = {tile_ref("75N180W", "file://" + src),
                                        tile_ref("00N060E", "file://" + src)};

    Fetcher fetcher(copying(cache));
    const std::vector<CachedFile> first = fetcher.fetch_tiles(tiles);
    ASSERT_EQ(first.size(), 2u);
    EXPECT_EQ(first[0].path, cache + "/" + name_of("75N180W"));
    EXPECT_EQ(first[1].path, cache + "/" + name_of("00N060E"));
    EXPECT_EQ(first[0].url, "file://" + src + name_of("75N180W"));
    EXPECT_FALSE(first[0].from_cache);
    EXPECT_EQ(first[0].bytes, 4 + 9);
    EXPECT_EQ(first[1].bytes, 4 + 23);
    EXPECT_EQ(test::read_text(first[1].path), gzip_like("tile five, a bit longer"));
    EXPECT_EQ(test::list_dir(cache),
              (std::vector<std::string>{name_of("00N060E"), name_of("75N180W")}));

    // The sources vanish: a second fetch must be served entirely from the cache.
    fs::remove_all(tmp.file("src"));
    const std::vector<CachedFile> second = fetcher.fetch_tiles(tiles);
    EXPECT_TRUE(second[0].from_cache);
    EXPECT_TRUE(second[1].from_cache);
    EXPECT_EQ(second[1].bytes, 4 + 23);
    EXPECT_EQ(test::read_text(second[0].path), gzip_like("tile zero"));
}

TEST(FetchFile, HtmlInsteadOfDataIsRejected)
{
    TempDir tmp;
    const std::string src = tmp.file("src/");
    write_file(src + name_of("75N060W"), kHtml);
    Fetcher fetcher(copying(tmp.file("cache")));
    const std::string msg =
        fetch_error([&] { fetcher.fetch_tiles({tile_ref("75N060W", "file://" + src)}); });
    EXPECT_NE(msg.find("got an HTML page instead of data"), std::string::npos) << msg;
    EXPECT_NE(msg.find("file://" + src + name_of("75N060W")), std::string::npos) << msg;
    EXPECT_NE(msg.find("(201905, 75N060W)"), std::string::npos) << msg;
    EXPECT_TRUE(test::list_dir(tmp.file("cache")).empty()); // neither the file nor a .part
}

TEST(FetchFile, NonGzipDataIsRejected)
{
    TempDir tmp;
    const std::string src = tmp.file("src/");
    write_file(src + name_of("75N060W"), "PK\x03\x04 a zip, not a tgz");
    Fetcher fetcher(copying(tmp.file("cache")));
    const std::string msg =
        fetch_error([&] { fetcher.fetch_tiles({tile_ref("75N060W", "file://" + src)}); });
    EXPECT_NE(msg.find("not gzip data (starts with 50 4b"), std::string::npos) << msg;
    EXPECT_TRUE(test::list_dir(tmp.file("cache")).empty());
}

TEST(FetchFile, MissingFileNamesTheUrlAndLeavesNothing)
{
    TempDir tmp;
    const std::string src = tmp.file("src/");
    write_file(src + name_of("75N180W"), gzip_like("present"));
    Fetcher fetcher(copying(tmp.file("cache")));
    const std::vector<TileRef> tiles = {tile_ref("75N180W", "file://" + src),
                                        tile_ref("75N060E", "file://" + src)};
    const std::string msg = fetch_error([&] { fetcher.fetch_tiles(tiles); });
    EXPECT_NE(msg.find("file://" + src + name_of("75N060E") + " (201905, 75N060E)"),
              std::string::npos)
        << msg;
    for (const auto& f : test::list_dir(tmp.file("cache")))
        EXPECT_EQ(f.find(".part"), std::string::npos) << f;
}

TEST(FetchFile, GetTextReadsIndexHtmlOfAFolder)
{
    TempDir tmp;
    write_file(tmp.file("tree/201905/index.html"), "<a href=\"x.tgz\">x</a>");
    Fetcher fetcher(quick_options(tmp.file("cache")));
    EXPECT_EQ(fetcher.get_text("file://" + tmp.file("tree/201905/")), "<a href=\"x.tgz\">x</a>");
    EXPECT_EQ(fetcher.get_text("file://" + tmp.file("tree/201905/index.html")),
              "<a href=\"x.tgz\">x</a>");
    EXPECT_FALSE(fetcher.get_text("file://" + tmp.file("tree/201906/")));
    EXPECT_FALSE(fetcher.get_text("file://" + tmp.file("tree/none.html")));
}

TEST(FetchFile, DiscoverAndFetchAMonthFromATree)
{
    TempDir tmp;
    const std::string root = tmp.file("mirror");
    const std::string folder = root + "/2019/201905/vcmcfg/";
    std::string index = "<html><body><a href=\"?C=N;O=D\">Name</a><a href=\"../\">Parent</a>\n";
    const std::vector<std::string>& tiles = tile_names();
    for (const auto& t : tiles) {
        write_file(folder + name_of(t), gzip_like("data of " + t));
        index += "<a href=\"./" + name_of(t) + "\">" + name_of(t) + "</a>\n";
        index += "<a href=\"" + name_of(t).substr(0, name_of(t).size() - 4) + ".png\">png</a>\n";
    }
    write_file(folder + "index.html", index + "</body></html>\n");

    FetchOptions options = copying(tmp.file("cache"));
    options.parallel = 4;
    Fetcher fetcher(options);
    const std::string tmpl = "file://" + root + "/{YYYY}/{YYYYMM}/{cfg}";
    const DiscoveredMonth d = discover_month(fetcher, tmpl, ProductSpec{}, YearMonth(2019, 5));
    ASSERT_EQ(d.availability, Availability::Complete) << d.reason;
    EXPECT_EQ(d.listing_url, "file://" + folder);
    EXPECT_EQ(d.tiles[4].url, "file://" + folder + name_of("00N060W"));

    const std::vector<CachedFile> files = fetcher.fetch_tiles(d.tiles);
    ASSERT_EQ(files.size(), 6u);
    for (size_t i = 0; i < files.size(); ++i)
        EXPECT_EQ(test::read_text(files[i].path), gzip_like("data of " + tiles[i]));
    EXPECT_EQ(test::list_dir(tmp.file("cache")).size(), 6u);

    const DiscoveredMonth absent = discover_month(fetcher, tmpl, ProductSpec{}, YearMonth(2019, 6));
    EXPECT_EQ(absent.availability, Availability::NotPublished);
    EXPECT_EQ(absent.reason, "no listing at file://" + root + "/2019/201906/vcmcfg/");
}

TEST(FetchFile, LocalArchivesAreReadInPlaceNotCopied)
{
    TempDir tmp;
    const std::string src = tmp.file("my data/201905/"); // a space: the URL is percent-encoded
    write_file(src + name_of("75N180W"), gzip_like("tile zero"));
    const std::string url = "file://" + tmp.file("my%20data/201905/");
    Fetcher fetcher(quick_options(tmp.file("cache")));
    const std::vector<CachedFile> files = fetcher.fetch_tiles({tile_ref("75N180W", url)});
    ASSERT_EQ(files.size(), 1u);
    EXPECT_EQ(files[0].path, src + name_of("75N180W")); // the source's own file
    EXPECT_TRUE(files[0].in_place);
    EXPECT_TRUE(files[0].from_cache);
    EXPECT_EQ(files[0].bytes, 4 + 9);
    EXPECT_TRUE(test::list_dir(tmp.file("cache")).empty()); // no copy, no lock, no .part
}

TEST(FetchFile, LocalArchivesReadInPlaceAreCheckedFirst)
{
    TempDir tmp;
    const std::string src = tmp.file("src/");
    Fetcher fetcher(quick_options(tmp.file("cache")));
    const auto message_for = [&](const std::string& tile) {
        return fetch_error([&] { fetcher.fetch_tiles({tile_ref(tile, "file://" + src)}); });
    };
    write_file(src + name_of("75N060W"), kHtml);
    std::string msg = message_for("75N060W");
    EXPECT_NE(msg.find("an HTML page, not a .tgz archive"), std::string::npos) << msg;
    EXPECT_NE(msg.find(src + name_of("75N060W") + " (201905, 75N060W)"), std::string::npos)
        << msg;
    write_file(src + name_of("75N060E"), "PK\x03\x04 a zip, not a tgz");
    msg = message_for("75N060E");
    EXPECT_NE(msg.find("not gzip data (starts with 50 4b, expected 1f 8b)"), std::string::npos)
        << msg;
    write_file(src + name_of("00N180W"), "");
    msg = message_for("00N180W");
    EXPECT_NE(msg.find("is empty"), std::string::npos) << msg;
    fs::create_directories(src + name_of("00N060W"));
    msg = message_for("00N060W");
    EXPECT_NE(msg.find("not a regular file"), std::string::npos) << msg;
    msg = message_for("75N180W"); // missing
    EXPECT_NE(msg.find(src + name_of("75N180W") + " (201905, 75N180W): No such file"),
              std::string::npos)
        << msg;
    msg = fetch_error(
        [&] { fetcher.fetch_tiles({tile_ref("75N060W", "file://elsewhere.example" + src)}); });
    EXPECT_NE(msg.find("a file:// URL names a path on this machine"), std::string::npos) << msg;
    EXPECT_TRUE(test::list_dir(tmp.file("cache")).empty());
    EXPECT_EQ(test::read_text(src + name_of("75N060W")), kHtml); // the user's file, untouched
}

} // namespace
} // namespace sezu
