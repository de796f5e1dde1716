// The mirror's pixels: a counter-based model whose every value is known exactly, and the same
// rules arranged as tight loops over a tile's rows.
#include "mirror_parts.hpp"

#include "sezu/products/tile_grid.hpp"

#include <algorithm>
#include <array>
#include <cmath>

namespace sezu {

namespace {

constexpr int kNoiseLevels = 91;   // -0.30 .. 0.60 in steps of 0.01
constexpr int kNoiseLowest = -30;  // in hundredths
constexpr int kMaxCvg = 84;
constexpr int kGapRing = 2;
constexpr float kOutageRadiance = 0.5f;

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

std::uint16_t noise_cvg(std::uint64_t h)
{
    return std::uint16_t(1 + (h >> 32) % kMaxCvg);
}

bool has_month(const std::vector<int>& months, const YearMonth& m)
{
    return std::find(months.begin(), months.end(), m.yyyymm()) != months.end();
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
            crow[c] = std::uint16_t(1 + (h >> 32) % kMaxCvg);
        }
    }
    const Window block{place.col, place.row + row, cols, rows};
    // Later cities first, so that where plateaus overlap the first listed wins (as radiance()).
    for (std::size_t i = model.cities.size(); i-- > 0;) {
        const Window w = model.city_window(i).intersect(block);
        if (w.empty())
            continue;
        const float v = model.city_radiance(i, month);
        for (long r = w.row; r < w.row + w.rows; ++r)
            std::fill_n(rad + (r - block.row) * cols + (w.col - block.col), w.cols, v);
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

float MirrorModel::city_radiance(std::size_t i, const YearMonth& month) const
{
    if (i == 0 && has_month(outage_months, month))
        return kOutageRadiance;
    const MirrorCity& c = cities.at(i);
    const int months = month.index() - first_published_month().index();
    return quantize(c.base * (1.0 + c.growth * months));
}

Window MirrorModel::city_window(std::size_t i) const
{
    const MirrorCity& c = cities.at(i);
    const Grid g = global_grid(scale);
    const long col = long(std::floor((c.lon - g.x0) / g.dx));
    const long row = long(std::floor((g.y0 - c.lat) / g.dy));
    const Window w{col - c.radius, row - c.radius, 2L * c.radius + 1, 2L * c.radius + 1};
    return w.intersect(g.full());
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
    for (std::size_t i = 0; i < cities.size(); ++i)
        if (window_has(city_window(i), col, row))
            return city_radiance(i, month);
    return noise_radiance(cell_hash(row_key(month_key(seed, month), row), col));
}

std::uint16_t MirrorModel::cvg(const YearMonth& month, long col, long row) const
{
    if (has_month(gap_months, month) && window_has(gap_window(), col, row))
        return 0;
    return noise_cvg(cell_hash(row_key(month_key(seed, month), row), col));
}

std::vector<MirrorCity> default_cities()
{
    // The nine SEZ sites: centroids of tests/data/sez/sez_zones.geojson (computed once with
    // OGR/SQLite ST_Centroid), in the file's order. Then six large cities. The first city carries
    // the outage and the second the coverage gap (default_model()). Bases differ so that a wrong
    // city shows; the plateaus stay apart at every scale up to 60.
    return {
        {"Ahti River EPZ", 36.9734186574928, -1.46839493373439, 1, 12.0, 0.010},
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
