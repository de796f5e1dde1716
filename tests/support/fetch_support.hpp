#pragma once
// Shared by the tests that fetch (tests/fetch, and the discovery report in tests/run): tiles of
// one month written as a source tree, served by the loopback server (http_server.hpp) or read
// as file://, fetch options with short waits, and small helpers.
#include "sezu/core/error.hpp"
#include "sezu/discover/catalog.hpp"
#include "sezu/fetch/fetch.hpp"

#include "error_message.hpp"
#include "http_server.hpp"
#include "test_support.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <random>
#include <string>
#include <vector>

namespace sezu::fetch_test {

using test::Fault;
using test::HttpServer;
using test::TempDir;

inline void write_file(const std::string& path, const std::string& bytes)
{
    std::filesystem::create_directories(std::filesystem::path(path).parent_path());
    std::ofstream out(path, std::ios::binary);
    out << bytes;
    ASSERT_TRUE(out.good()) << path;
}

/// Archive bytes: the gzip magic (what the fetcher checks) then `size` - 2 pseudo-random bytes.
inline std::string tile_bytes(size_t size, unsigned seed)
{
    std::mt19937 rng(seed);
    std::string s(size, '\0');
    for (auto& c : s)
        c = static_cast<char>(rng() & 0xff);
    s[0] = '\x1f';
    s[1] = '\x8b';
    return s;
}

/// Bytes that pass the gzip magic check (1f 8b) followed by a recognisable payload.
inline std::string gzip_like(const std::string& payload)
{
    return std::string("\x1f\x8b\x08\x00", 4) + payload;
}

/// The archive name of a tile of 2019-05.
inline std::string name_of(const std::string& tile)
{
    return "SVDNB_npp_20190501-20190531_" + tile + "_vcmcfg_v10_c201906101530.tgz";
}

inline const std::vector<std::string>& tile_names()
{
    static const std::vector<std::string> names = {"75N180W", "75N060W", "75N060E",
                                                   "00N180W", "00N060W", "00N060E"};
    return names;
}

/// The month's folder on the server, and the source template that leads to it.
const std::string kFolder = "/2019/201905/vcmcfg/";
const std::string kTemplate = "/{YYYY}/{YYYYMM}/{cfg}/";

/// A served tree with the 6 tiles of 2019-05 (`size` bytes each; no index.html: the server
/// lists the folder). Returns the tiles' bytes in tile order.
inline std::vector<std::string> write_month(const std::string& root, size_t size = 300000)
{
    std::vector<std::string> bytes;
    for (size_t i = 0; i < tile_names().size(); ++i) {
        bytes.push_back(tile_bytes(size, static_cast<unsigned>(i + 1)));
        write_file(root + kFolder + name_of(tile_names()[i]), bytes.back());
    }
    return bytes;
}

/// Tile `tile` of 2019-05 in the folder at `url_folder` (ending in '/').
inline TileRef tile_ref(const std::string& tile, const std::string& url_folder)
{
    const auto archive = parse_archive_name(name_of(tile));
    EXPECT_TRUE(archive);
    return TileRef{*find_tile(tile), *archive, url_folder + archive->file_name};
}

/// Options with short waits (the deadlines stay generous unless a test sets them).
inline FetchOptions quick_options(const std::string& cache)
{
    FetchOptions o;
    o.cache_dir = cache;
    o.parallel = 6;
    o.limits.max_attempts = 3;
    o.limits.retry_wait_s = 0.01;
    o.limits.connect_timeout_s = 5;
    o.limits.first_byte_timeout_s = 5;
    o.limits.stall_timeout_s = 5;
    o.quiet = true;
    return o;
}

/// The message of the sezu::Error that `f` throws (a test failure when it throws none).
inline std::string error_of(const std::function<void()>& f)
{
    return test::error_message<Error>(f);
}

/// The ".part" files in a folder.
inline std::vector<std::string> parts_in(const std::string& dir)
{
    std::vector<std::string> out;
    for (const auto& name : test::list_dir(dir))
        if (name.find(".part") != std::string::npos)
            out.push_back(name);
    return out;
}

/// One tile of a served month (write_month under tmp/src, tiles of `size` bytes) on a loopback
/// server that ends by itself after `lifetime`, and a cache to fetch it into.
struct ServedTile {
    ServedTile(const std::string& tile_name, size_t size, std::chrono::seconds lifetime)
        : bytes(write_month(tmp.file("src"), size)), server(tmp.file("src"), lifetime),
          path(kFolder + name_of(tile_name)), tile(tile_ref(tile_name, server.url(kFolder)))
    {
    }
    TempDir tmp;
    std::vector<std::string> bytes; ///< every tile's, in tile order
    HttpServer server;
    std::string path; ///< the tile's path on the server
    TileRef tile;
    std::string cache = tmp.file("cache");
};

} // namespace sezu::fetch_test
