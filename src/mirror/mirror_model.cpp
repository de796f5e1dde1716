// The mirror's pixels: a counter-based model whose every value is known exactly (cities with a
// bright core, a fading ring and roads, a trend, a yearly cycle and month-to-month noise, over
// background noise; mirror.hpp), and the same rules arranged as loops over a tile's rows.
#include "mirror_parts.hpp"

#include "sezu/products/tile_grid.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdlib>
#include <utility>

namespace sezu {

namespace {

constexpr int kNoiseLevels = 91;   // -0.30 .. 0.60 in steps of 0.01
constexpr int kNoiseLowest = -30;  // in hundredths
constexpr int kMaxCvg = 84;
constexpr long kCvgBlock = 8;
constexpr int kGapRing = 2;
constexpr float kOutageRadiance = 0.5f;
constexpr double kPi = 3.14159265358979323846;
constexpr double kSeasonAmplitude = 0.12;
constexpr double kJitter = 0.06;
constexpr double kRoadShare = 0.25; // a road's first cell, as a share of its city's level
constexpr double kRoadFade = 0.2;

std::uint64_t splitmix64(std::uint64_t x)
{
    x += 0x9E3779B97F4A7C15ULL;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
    return x ^ (x >> 31);
}

// Counter-based: every cell's noise is a pure function of (seed, month, row, col), so the model
// can answer for any cell without generating the tile, and tiles can be written in any order.
std::uint64_t month_key(std::uint64_t seed, const YearMonth& month)
{
    return splitmix64(seed ^ splitmix64(std::uint64_t(month.index())));
}

std::uint64_t row_key(std::uint64_t mkey, long row)
{
    return splitmix64(mkey + std::uint64_t(row) * 0xD1B54A32D192ED03ULL);
}

std::uint64_t cell_hash(std::uint64_t rkey, long col)
{
    return splitmix64(rkey ^ (std::uint64_t(col) * 0x9E3779B97F4A7C15ULL));
}

/// Round to 0.01, then to float: the publisher's quantization.
float quantize(double x)
{
    return float(std::round(x * 100.0) / 100.0);
}

const std::array<float, kNoiseLevels>& noise_table()
{
    static const std::array<float, kNoiseLevels> table = [] {
        std::array<float, kNoiseLevels> t{};
        for (int k = 0; k < kNoiseLevels; ++k)
            t[std::size_t(k)] = quantize((k + kNoiseLowest) / 100.0);
        return t;
    }();
    return table;
}

float noise_radiance(std::uint64_t h)
{
    return noise_table()[std::size_t(h % kNoiseLevels)];
}

// Cloud-free coverage varies with the weather, which spans many cells: one value per block of
// kCvgBlock x kCvgBlock cells (and month), which also keeps the archives small.
std::uint16_t block_cvg(std::uint64_t mkey, long col, long row)
{
    const std::uint64_t rkey = row_key(mkey ^ 0xC0FFEEULL, row / kCvgBlock);
    const std::uint64_t h = cell_hash(rkey, col / kCvgBlock);
    return std::uint16_t(1 + (h >> 32) % kMaxCvg);
}

bool has_month(const std::vector<int>& months, const YearMonth& m)
{
    return std::find(months.begin(), months.end(), m.yyyymm()) != months.end();
}

/// The global cell (col, row) that holds a city's centre.
std::pair<long, long> centre_cell(const MirrorCity& c, int scale)
{
    const Grid g = global_grid(scale);
    return {long(std::floor((c.lon - g.x0) / g.dx)), long(std::floor((g.y0 - c.lat) / g.dy))};
}

bool window_has(const Window& w, long col, long row)
{
    return col >= w.col && col < w.col + w.cols && row >= w.row && row < w.row + w.rows;
}

} // namespace

namespace detail {

Window tile_place(const TileSpec& tile, int scale)
{
    const Grid g = global_grid(scale);
    const Grid t = tile_grid(tile, scale);
    return {std::lround((t.x0 - g.x0) / g.dx), std::lround((g.y0 - t.y0) / g.dy), t.cols, t.rows};
}

// A few tight loops: the model cell by cell would cost a city test per cell.
void fill_rows(const MirrorModel& model, const YearMonth& month, const Window& place, long row,
               long rows, float* rad, std::uint16_t* cvg)
{
    const std::uint64_t mkey = month_key(model.seed, month);
    const auto& table = noise_table();
    const long cols = place.cols;
    for (long r = 0; r < rows; ++r) {
        const std::uint64_t rkey = row_key(mkey, place.row + row + r);
        float* rrow = rad + r * cols;
        std::uint16_t* crow = cvg + r * cols;
        for (long c = 0; c < cols; ++c) {
            const std::uint64_t h = cell_hash(rkey, place.col + c);
            rrow[c] = table[std::size_t(h % kNoiseLevels)];
            crow[c] = block_cvg(mkey, place.col + c, place.row + row + r);
        }
    }
    const Window block{place.col, place.row + row, cols, rows};
    // Lit cells are few (each city's footprint): there the model's own rule, cell by cell, so
    // that the tile holds exactly what radiance() answers.
    for (std::size_t i = 0; i < model.cities.size(); ++i) {
        const Window w = model.city_footprint(i).intersect(block);
        for (long r = w.row; r < w.row + w.rows; ++r)
            for (long c = w.col; c < w.col + w.cols; ++c)
                rad[(r - block.row) * cols + (c - block.col)] = model.radiance(month, c, r);
    }
    if (has_month(model.gap_months, month)) {
        const Window w = model.gap_window().intersect(block);
        if (!w.empty())
            for (long r = w.row; r < w.row + w.rows; ++r) {
                const long off = (r - block.row) * cols + (w.col - block.col);
                std::fill_n(rad + off, w.cols, 0.0f);
                std::fill_n(cvg + off, w.cols, std::uint16_t(0));
            }
    }
}

} // namespace detail

// ---------------------------------------------------------------------------------------------
// MirrorModel

double MirrorModel::seasonal_factor(double lat, const YearMonth& month)
{
    const int peak = lat >= 0 ? 1 : 7;
    return 1.0 + kSeasonAmplitude * std::cos(2.0 * kPi * (month.month() - peak) / 12.0);
}

double MirrorModel::month_jitter(std::size_t i, const YearMonth& month) const
{
    const std::uint64_t h = splitmix64(month_key(seed, month) ^ splitmix64(0xC17E5ULL + i));
    return kJitter * (double(h % 2001) - 1000.0) / 1000.0;
}

double MirrorModel::city_level(std::size_t i, const YearMonth& month) const
{
    if (i == 0 && has_month(outage_months, month))
        return 0.0;
    const MirrorCity& c = cities.at(i);
    const int months = month.index() - first_published_month().index();
    return c.base * (1.0 + c.growth * months) * seasonal_factor(c.lat, month) *
           (1.0 + month_jitter(i, month));
}

float MirrorModel::city_radiance(std::size_t i, const YearMonth& month) const
{
    if (i == 0 && has_month(outage_months, month))
        return kOutageRadiance;
    return quantize(city_level(i, month));
}

double MirrorModel::city_light(std::size_t i, const YearMonth& month, long col, long row) const
{
    const MirrorCity& c = cities.at(i);
    const auto [cc, rc] = centre_cell(c, scale);
    const long dx = col - cc, dy = row - rc;
    const long ring = c.radius + 1;
    if (std::max(std::labs(dx), std::labs(dy)) <= ring)
        return city_level(i, month) / (1.0 + double(dx * dx + dy * dy));
    // Roads: along the centre's row and column, leaving the ring on one side each.
    const long sign = i % 2 == 0 ? 1 : -1;
    const long along = dy == 0 ? dx * sign : dx == 0 ? dy * sign : 0;
    const long k = along - ring; // 1 for the first road cell
    if (k < 1 || k > kRoadCells)
        return 0.0;
    return city_level(i, month) * kRoadShare / (1.0 + kRoadFade * double(k));
}

Window MirrorModel::city_window(std::size_t i) const
{
    const MirrorCity& c = cities.at(i);
    const auto [col, row] = centre_cell(c, scale);
    const Window w{col - c.radius, row - c.radius, 2L * c.radius + 1, 2L * c.radius + 1};
    return w.intersect(global_grid(scale).full());
}

Window MirrorModel::city_footprint(std::size_t i) const
{
    const MirrorCity& c = cities.at(i);
    const auto [col, row] = centre_cell(c, scale);
    const long reach = c.radius + 1 + kRoadCells;
    const Window w{col - reach, row - reach, 2 * reach + 1, 2 * reach + 1};
    return w.intersect(global_grid(scale).full());
}

Window MirrorModel::gap_window() const
{
    if (cities.size() < 2)
        return {};
    const Window w = city_window(1);
    const Window ring{w.col - kGapRing, w.row - kGapRing, w.cols + 2 * kGapRing,
                      w.rows + 2 * kGapRing};
    return ring.intersect(global_grid(scale).full());
}

float MirrorModel::radiance(const YearMonth& month, long col, long row) const
{
    if (has_month(gap_months, month) && window_has(gap_window(), col, row))
        return 0.0f;
    const bool outage = has_month(outage_months, month);
    if (outage && !cities.empty() && window_has(city_window(0), col, row))
        return kOutageRadiance;
    double light = 0.0;
    for (std::size_t i = 0; i < cities.size(); ++i)
        if (window_has(city_footprint(i), col, row))
            light = std::max(light, city_light(i, month, col, row));
    const float noise = noise_radiance(cell_hash(row_key(month_key(seed, month), row), col));
    return light > 0.0 ? quantize(light + double(noise)) : noise;
}

std::uint16_t MirrorModel::cvg(const YearMonth& month, long col, long row) const
{
    if (has_month(gap_months, month) && window_has(gap_window(), col, row))
        return 0;
    return block_cvg(month_key(seed, month), col, row);
}

std::vector<MirrorCity> default_cities()
{
    // The nine SEZ sites: centroids of tests/data/sez/sez_zones.geojson (computed once with
    // OGR/SQLite ST_Centroid), in the file's order. Then six large cities. The first city carries
    // the outage and the second the coverage gap (default_model()). Bases differ so that a wrong
    // city shows; the cores stay apart at every scale up to 60.
    return {
        {"Athi River EPZ", 36.9734186574928, -1.46839493373439, 1, 12.0, 0.010},
        {"Bole Lemi I IDZ", 38.8589543005163, 8.96958681243295, 1, 8.0, 0.020},
        {"Bonaberi-Doula IZ", 9.68524794245296, 4.06689599884866, 1, 15.0, 0.005},
        {"Coega IDZ", 25.6695675346802, -33.7610617985791, 1, 6.0, 0.015},
        {"Hawassa IDZ", 38.4976762014991, 7.06786709543487, 1, 5.0, 0.030},
        {"Hoa Khanh IZ", 108.133240844587, 16.0825336356187, 1, 22.0, 0.008},
        {"Linh Trung I EPZ", 106.771664219712, 10.8665006667264, 1, 30.0, 0.006},
        {"Pinthong GIZ", 100.998483773297, 13.1142394287017, 1, 18.0, 0.012},
        {"Puerto Chiapas SEZ", -92.387995198902, 14.7321491652457, 1, 9.0, 0.025},
        {"Lagos", 3.3792, 6.5244, 2, 45.0, 0.004},
        {"Mumbai", 72.8777, 19.0760, 2, 70.0, 0.003},
        {"Sao Paulo", -46.6333, -23.5505, 2, 80.0, 0.002},
        {"Jakarta", 106.8456, -6.2088, 2, 60.0, 0.004},
        {"Cairo", 31.2357, 30.0444, 2, 55.0, 0.003},
        {"Mexico City", -99.1332, 19.4326, 2, 65.0, 0.002},
    };
}

MirrorModel default_model(int scale, std::uint64_t seed)
{
    MirrorModel m;
    m.scale = scale;
    m.seed = seed;
    m.cities = default_cities();
    m.outage_months = {201709};
    m.gap_months = {201710};
    return m;
}

} // namespace sezu
