#pragma once
// Shared by the fetch tests that run against the loopback server (support/http_server.hpp):
// a source tree with one month of tiles, and small helpers.
#include "sezu/discover/catalog.hpp"
#include "sezu/core/error.hpp"
#include "sezu/fetch/fetch.hpp"

#include "http_server.hpp"
#include "test_support.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <random>
#include <sstream>
#include <string>
#include <vector>

namespace sezu::fetch_test {

inline void write_file(const std::string& path, const std::string& bytes)
{
    std::filesystem::create_directories(std::filesystem::path(path).parent_path());
    std::ofstream out(path, std::ios::binary);
    out << bytes;
    ASSERT_TRUE(out.good()) << path;
}

inline std::string read_file(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
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

inline std::string error_of(const std::function<void()>& f)
{
    try {
        f();
    } catch (const Error& e) {
        return e.what();
    }
    return "(no error)";
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

} // namespace sezu::fetch_test
