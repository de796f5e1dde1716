#pragma once
// Shared by the fault tests: a scale-60 mirror month (written once per test binary) served by
// the fault-injecting loopback server (support/http_server.hpp), and the checks that every
// outcome leaves the cache clean: no ".part", and every file under a final name the mirror's.
#include "sezu/fetch/fetch.hpp"
#include "sezu/mirror/mirror.hpp"

#include "fetch_support.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <string>
#include <vector>

namespace sezu::fetch_test {

const YearMonth kMonth(2019, 5); // a month whose listing also has an older duplicate tile

/// The mirror, written once for the whole binary (scale 60: tiles of a few hundred kB).
inline const std::string& mirror_root()
{
    static TempDir dir;
    static const std::string root = [] {
        MirrorOptions o;
        o.out_dir = dir.file("mirror");
        o.months = {kMonth};
        o.model = default_model(60);
        write_mirror(o);
        return o.out_dir;
    }();
    return root;
}

/// The source template of the mirror on `server`.
inline std::string source(const HttpServer& server)
{
    return server.url(kTemplate);
}

/// Quick options with a budget of 4 attempts and a stall of more than 1 s as a failure.
inline FetchOptions faults_options(const std::string& cache)
{
    FetchOptions o = quick_options(cache);
    o.limits.max_attempts = 4;
    o.limits.stall_timeout_s = 1;
    return o;
}

/// Discovers the month through the server (with the fetcher's token) and expects it complete.
inline DiscoveredMonth discover(Fetcher& fetcher, const HttpServer& server)
{
    const DiscoveredMonth d = discover_month(fetcher, source(server), ProductSpec{}, kMonth);
    EXPECT_EQ(d.availability, Availability::Complete) << d.reason;
    EXPECT_EQ(d.tiles.size(), 6u);
    return d;
}

/// The message of whatever `f` throws, or "" when it throws nothing (an ASSERT_EQ on it shows
/// the message of an unexpected failure).
inline std::string failure_of(const std::function<void()>& f)
{
    try {
        f();
    } catch (const std::exception& e) {
        return e.what();
    }
    return "";
}

/// Where a tile is on the server.
inline std::string path_of(const TileRef& t)
{
    return kFolder + t.archive.file_name;
}

/// A tile's bytes in the tree at `root`.
inline std::string mirror_bytes(const TileRef& t, const std::string& root = mirror_root())
{
    const std::string bytes = test::read_text(root + path_of(t));
    EXPECT_GT(bytes.size(), 10000u) << t.archive.file_name;
    return bytes;
}

/// After any outcome: no ".part", and every file under a final name is the mirror's file.
inline void expect_cache_clean(const std::string& cache, const DiscoveredMonth& d,
                               const std::string& root = mirror_root())
{
    for (const auto& name : test::list_dir(cache)) {
        EXPECT_EQ(name.find(".part"), std::string::npos) << name;
        const auto it = std::find_if(d.tiles.begin(), d.tiles.end(),
                                     [&](const TileRef& t) { return t.archive.file_name == name; });
        ASSERT_NE(it, d.tiles.end()) << "unexpected file in the cache: " << name;
        EXPECT_TRUE(test::read_text(cache + "/" + name) == mirror_bytes(*it, root))
            << name << " is in the cache but differs from the server's file";
    }
}

/// Every fetched file is byte for byte the mirror's.
inline void expect_all_identical(const std::vector<CachedFile>& files, const DiscoveredMonth& d)
{
    ASSERT_EQ(files.size(), d.tiles.size());
    for (size_t i = 0; i < files.size(); ++i)
        EXPECT_TRUE(test::read_text(files[i].path) == mirror_bytes(d.tiles[i]))
            << d.tiles[i].archive.file_name << " differs from the mirror's file";
}

} // namespace sezu::fetch_test
