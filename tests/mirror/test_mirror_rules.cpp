// The mirror's rules: creation stamps and duplicates as documented in mirror.hpp, the model's
// cities and values, and the options it refuses.
#include "mirror_fixture.hpp"

#include "sezu/core/error.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <set>

using namespace sezu;
using namespace sezu::test;

TEST(MirrorRules, StampsFollowTheDocumentedRules)
{
    // Worked by hand from the rules in mirror.hpp: day offset 20 + (7 * index) % 15 after the
    // month ends, hour 8 + index % 10, minute (7 * index + 9 * tile) % 60.
    const auto& t = tile_specs();
    EXPECT_EQ(mirror_stamp(kSep, t[0]), "201711041044");   // index 24212: 12 digits
    EXPECT_EQ(mirror_stamp(kSep, t[1]), "201711041053");
    EXPECT_EQ(mirror_stamp(kSep, t[0], true), "20171026104456");  // 9 days older, 14 digits
    EXPECT_EQ(mirror_stamp(YearMonth(2017, 8), t[0]), "2017092809371");  // index % 6 == 1
    EXPECT_EQ(mirror_stamp(YearMonth(2017, 11), t[0]), "20180103125822"); // index % 6 == 4
    EXPECT_TRUE(stamp_newer(mirror_stamp(kSep, t[0]), mirror_stamp(kSep, t[0], true)));
    EXPECT_EQ(mirror_duplicate_tile(kSep), 0);
    EXPECT_EQ(mirror_duplicate_tile(YearMonth(2018, 2)), 1);  // index 24217
    EXPECT_EQ(mirror_duplicate_tile(kOct), -1);
    EXPECT_EQ(mirror_duplicate_tile(YearMonth(2017, 8)), -1);
    for (int i = 0; i < 40; ++i) {
        const YearMonth m = YearMonth::from_index(YearMonth(2014, 1).index() + i);
        for (const auto& tile : t) {
            const auto parsed = parse_archive_name(archive_name(m, tile));
            ASSERT_TRUE(parsed) << archive_name(m, tile);
            EXPECT_EQ(parsed->month(), m);
            EXPECT_EQ(parsed->tile, tile.name);
        }
    }
}

TEST(MirrorRules, CitiesStayApartAtEveryScaleUpTo60)
{
    for (int scale = 1; scale <= 60; ++scale) {
        if (!is_valid_scale(scale))
            continue;
        SCOPED_TRACE(scale);
        const MirrorModel m = default_model(scale);
        ASSERT_EQ(m.cities.size(), 15u);
        for (std::size_t i = 0; i < m.cities.size(); ++i) {
            const Window w = m.city_window(i);
            EXPECT_EQ(w.cols, 2 * m.cities[i].radius + 1);
            EXPECT_EQ(w.rows, 2 * m.cities[i].radius + 1);
            for (std::size_t j = i + 1; j < m.cities.size(); ++j)
                EXPECT_TRUE(w.intersect(m.city_window(j)).empty())
                    << m.cities[i].name << " / " << m.cities[j].name;
            if (i != 1) {
                EXPECT_TRUE(w.intersect(m.gap_window()).empty()) << m.cities[i].name;
            }
        }
    }
}

TEST(MirrorRules, ModelValues)
{
    const MirrorModel m = default_model(kScale);
    // The yearly cycle, by hand: 1 + 0.12 cos(2 pi (month - peak) / 12), peak January in the
    // north, July in the south.
    EXPECT_NEAR(MirrorModel::seasonal_factor(4.0, YearMonth(2017, 1)), 1.12, 1e-12);
    EXPECT_NEAR(MirrorModel::seasonal_factor(4.0, YearMonth(2017, 7)), 0.88, 1e-12);
    EXPECT_NEAR(MirrorModel::seasonal_factor(4.0, YearMonth(2017, 4)), 1.0, 1e-12);
    EXPECT_NEAR(MirrorModel::seasonal_factor(-33.0, YearMonth(2017, 7)), 1.12, 1e-12);
    EXPECT_NEAR(MirrorModel::seasonal_factor(8.0, YearMonth(2017, 9)), 0.94, 1e-12);
    // Bonaberi-Doula (4.07 N): base 15, growth 0.005; 2017-10 is 66 months after 2012-04:
    // trend 15 * (1 + 0.33) = 19.95, season 1 (October, north), times the month's jitter.
    const double j2 = m.month_jitter(2, kOct);
    EXPECT_NEAR(m.city_level(2, kOct), 19.95 * (1 + j2), 1e-9);
    EXPECT_EQ(m.city_radiance(2, kOct), float(std::round(19.95 * (1 + j2) * 100) / 100));
    // Bole Lemi (8.97 N) in 2017-09: 8 * (1 + 0.02 * 65) = 18.4, season 0.94.
    EXPECT_NEAR(m.city_level(1, kSep), 18.4 * 0.94 * (1 + m.month_jitter(1, kSep)), 1e-9);
    EXPECT_EQ(m.city_radiance(0, kSep), 0.5f);   // outage
    EXPECT_EQ(m.city_level(0, kSep), 0.0);
    // Athi River (1.47 S): 12 * (1 + 0.01 * 66) = 19.92 in 2017-10, season 1.
    EXPECT_NEAR(m.city_level(0, kOct), 19.92 * (1 + m.month_jitter(0, kOct)), 1e-9);
    // Month-to-month noise: within +-6 %, different from month to month and city to city.
    std::set<double> jitters;
    for (int k = 0; k < 60; ++k) {
        const YearMonth month = YearMonth::from_index(YearMonth(2013, 1).index() + k);
        const double j = m.month_jitter(5, month);
        EXPECT_LE(std::abs(j), 0.06);
        jitters.insert(j);
    }
    EXPECT_GT(jitters.size(), 50u);
    EXPECT_NE(m.month_jitter(5, kOct), m.month_jitter(6, kOct));
    const Window c1 = m.city_window(1);
    EXPECT_EQ(m.gap_window(), (Window{c1.col - 2, c1.row - 2, c1.cols + 4, c1.rows + 4}));
    // The core holds the cell that contains the city (Hoa Khanh IZ: 108.1332 E, 16.0825 N);
    // its light is level / (1 + d^2): the centre, a side (1/2), a corner (1/3), the ring (1/5).
    const Window c5 = m.city_window(5);
    const Grid g = global_grid(kScale);
    const long cc = c5.col + 1, rc = c5.row + 1;
    EXPECT_EQ(cc, long((108.133240844587 - g.x0) / g.dx));
    EXPECT_EQ(rc, long((g.y0 - 16.0825336356187) / g.dy));
    const double level = m.city_level(5, kOct);
    EXPECT_EQ(m.city_light(5, kOct, cc, rc), level);
    EXPECT_EQ(m.city_light(5, kOct, cc + 1, rc), level / 2);
    EXPECT_EQ(m.city_light(5, kOct, cc - 1, rc + 1), level / 3);
    EXPECT_EQ(m.city_light(5, kOct, cc + 2, rc - 1), level / 6);
    EXPECT_EQ(m.city_light(5, kOct, cc + 3, rc + 1), 0.0); // beyond the ring, off the roads
    // Roads (city 5 is odd: west and north), the k-th cell beyond the ring level/4/(1 + k/5).
    EXPECT_DOUBLE_EQ(m.city_light(5, kOct, cc - 3, rc), level * 0.25 / 1.2);
    EXPECT_DOUBLE_EQ(m.city_light(5, kOct, cc, rc - 8), level * 0.25 / 2.2);
    EXPECT_EQ(m.city_light(5, kOct, cc, rc - 9), 0.0);
    EXPECT_EQ(m.city_light(5, kOct, cc + 3, rc), 0.0);  // no road east
    // A lit cell is its light plus its noise, quantized; the noise stays within [-0.30, 0.60].
    const float centre = m.radiance(kOct, cc, rc);
    EXPECT_EQ(centre, float(std::round(double(centre) * 100) / 100));
    EXPECT_GE(double(centre), level - 0.305);
    EXPECT_LE(double(centre), level + 0.605);
    // Noise: quantized to 0.01 in [-0.30, 0.60] with negatives; coverage 1..84 outside gaps.
    int negatives = 0;
    for (long r = 0; r < 300; r += 3)
        for (long c = 0; c < 1440; c += 7) {
            bool in_city = false;
            for (std::size_t i = 0; i < m.cities.size(); ++i) {
                const Window w = m.city_footprint(i);
                in_city = in_city || (c >= w.col && c < w.col + w.cols && r >= w.row &&
                                      r < w.row + w.rows);
            }
            if (in_city)
                continue;
            const float v = m.radiance(kSep, c, r);
            EXPECT_GE(v, -0.30f);
            EXPECT_LE(v, 0.60f);
            EXPECT_EQ(v, float(std::round(double(v) * 100) / 100));
            negatives += v < 0;
            const auto cv = m.cvg(kSep, c, r);
            EXPECT_GE(cv, 1);
            EXPECT_LE(cv, 84);
        }
    EXPECT_GT(negatives, 100);
    // The gap: no coverage and no radiance over the second city and its ring, only that month.
    const Window gw = m.gap_window();
    for (long r = gw.row; r < gw.row + gw.rows; ++r)
        for (long c = gw.col; c < gw.col + gw.cols; ++c) {
            EXPECT_EQ(m.cvg(kOct, c, r), 0);
            EXPECT_EQ(m.radiance(kOct, c, r), 0.0f);
            EXPECT_NE(m.cvg(kSep, c, r), 0);
        }
    EXPECT_NE(m.cvg(kOct, gw.col - 1, gw.row), 0);
    // Another seed, other noise.
    const MirrorModel other = default_model(kScale, 2);
    int differ = 0;
    for (long c = 0; c < 100; ++c)
        differ += other.radiance(kSep, c, 10) != m.radiance(kSep, c, 10);
    EXPECT_GT(differ, 50);
}

TEST(MirrorRules, BadOptionsAreConfigErrors)
{
    test::TempDir dir;
    MirrorOptions o;
    o.out_dir = dir.file("m");
    o.months = {kSep};
    o.model = default_model(7);
    EXPECT_THROW(write_mirror(o), ConfigError);
    o.model = default_model(kScale);
    o.gzip_level = 0;
    EXPECT_THROW(write_mirror(o), ConfigError);
    o.out_dir.clear();
    o.gzip_level = 1;
    EXPECT_THROW(write_mirror(o), ConfigError);
}
