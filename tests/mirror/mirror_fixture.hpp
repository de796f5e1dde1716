#pragma once
// Shared by the mirror's tests: the months and scale they use, where the tree puts things, and
// the fixture that writes a two-month mirror once and reads every tile back through GDAL.
#include "sezu/mirror/mirror.hpp"

#include "small_disk.hpp"
#include "test_support.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <map>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

namespace sezu::test {

constexpr int kScale = 60;
// At 1/60: 28800 / 60 = 480 columns per tile; 18000 / 60 = 300 and 15600 / 60 = 260 rows.
constexpr long kTileCols = 480;
constexpr long kNorthRows = 300;
constexpr long kSouthRows = 260;

inline const YearMonth kSep(2017, 9);  // outage month; tile 75N180W listed twice
inline const YearMonth kOct(2017, 10); // gap month

std::string read_bytes(const std::string& path);
std::string month_dir(const std::string& root, const YearMonth& m);
std::string archive_name(const YearMonth& m, const TileSpec& t, bool older = false);

/// One tile's two rasters as read back through GDAL.
struct TileData {
    long cols = 0, rows = 0;
    double gt[6] = {};
    std::vector<float> rad;
    std::vector<std::uint16_t> cvg;
};

/// The mirror of 2017-09 and 2017-10 at 1/60, written once for the suite, and its tiles.
class Mirror : public ::testing::Test {
protected:
    static void SetUpTestSuite();
    static void TearDownTestSuite();

    /// The value written at a global cell, found by the tile's place in the 3 x 2 layout.
    static float rad_at(const YearMonth& m, long col, long row);
    static std::uint16_t cvg_at(const YearMonth& m, long col, long row);
    static std::tuple<int, long, long> locate(long col, long row);

    static test::TempDir* s_dir;
    static std::string s_root;
    static std::map<std::pair<int, int>, TileData>* s_tiles;
};

} // namespace sezu::test
