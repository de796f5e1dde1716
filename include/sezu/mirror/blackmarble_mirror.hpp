#pragma once
/// The built-in mirror of NASA's LAADS archive for a Black Marble product (shared/viirs.md), with
/// values known exactly:
///
///   OUT/archive/allData/5200/VNP46A3/YYYY/DDD.csv   the listing (name,last_modified,size)
///   OUT/archive/allData/5200/VNP46A3/YYYY/DDD/VNP46A3.AYYYYDDD.hHHvVV.002.<production>.h5
///
/// Annual products (VNP46A4, VJ146A4) have one folder per year, DDD = 001 (the year's first
/// day), e.g. OUT/archive/allData/5200/VNP46A4/2015/001/VNP46A4.A2015001.h18v08.002.<p>.h5.
///
/// Granules are written with HDF5 in the real layout (granule_writer.hpp), on the real grid at
/// 1/scale. Only "land" tiles exist: the tiles within 1 degree of a mirror city
/// (default_cities()); the others (ocean) are absent, as on LAADS. In every February the tile
/// of the tenth city (Lagos, h18v08) is missing: a land tile not published that month; in the
/// annual products it is missing in every leap year (2012, 2016, 2020, ...).
/// Each cell's value is a pure function of (month, col, row) of blackmarble_global_grid(scale):
/// see blackmarble_mirror_cell().
#include "sezu/core/months.hpp"
#include "sezu/products/blackmarble_grid.hpp"
#include "sezu/products/product.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace sezu {

/// One cell of the mirror.
struct BlackMarbleCell {
    double radiance = 0;        ///< nW/cm2/sr, quantized to 0.01; NaN where quality is 255
    std::uint8_t quality = 0;   ///< 0 good, 1 poor, 2 gap-filled, 255 fill
    std::uint16_t num = 0;      ///< observations; 65535 (fill) where quality is 255
};

/// The cell (col, row) of blackmarble_global_grid(scale) in `month`:
/// - radiance: background (col * 7 + row * 13 + month index) % 10 * 0.05 - 0.1 (-0.10..0.35),
///   plus, within Chebyshev distance 2 of a city's centre cell, its base * (1 + growth * months
///   since 2012-01) / (1 + d2) (d2: squared distance in cells), quantized to 0.01;
/// - quality by k = (col + 2 * row + month index) % 31: 255 (fill) when k == 0, 2 (gap-filled,
///   no observation) when k == 1, 1 (poor, 1..3 observations) when k == 2 or 3, else 0;
/// - num: 1 + (3 * col + 5 * row + month index) % 20 for good cells, 1 + col % 3 for poor.
BlackMarbleCell blackmarble_mirror_cell(int scale, const YearMonth& month, long col, long row);

/// The mirror's land tiles: those within 1 degree of a city of default_cities(), sorted.
std::vector<BlackMarbleTile> blackmarble_mirror_tiles();

/// The tiles the mirror publishes for the period starting with `period`: the land tiles but
/// Lagos's h18v08 in February (monthly) or in a leap year (annual).
std::vector<BlackMarbleTile> blackmarble_mirror_tiles(const YearMonth& period,
                                                      PeriodUnit unit = PeriodUnit::Month);

/// The month whose values (blackmarble_mirror_cell) a period's granules hold: the month itself,
/// or, for a year, its July (the middle of what the annual composite stands for), so an annual
/// granule differs from its January's monthly one.
YearMonth blackmarble_mirror_value_month(const YearMonth& period, PeriodUnit unit);

/// The production stamp (13 digits, YYYYDDDHHMMSS) of a period's granules: 40 days after the
/// month's first day, at 14:30:12; for a year, day 41 of the next year.
std::string blackmarble_mirror_production(const YearMonth& period,
                                          PeriodUnit unit = PeriodUnit::Month);

struct BlackMarbleMirrorOptions {
    std::string out_dir;
    std::vector<YearMonth> months; ///< the periods' first months (a year: its January)
    Product product;            ///< a Black Marble product, monthly or annual
    int scale = 20;             ///< divides 2400
};

/// Writes the tree for every period (files whole, through temporaries). Throws ConfigError for
/// a product that is not a Black Marble one or a scale that does not divide 2400.
void write_blackmarble_mirror(const BlackMarbleMirrorOptions& options);

/// The source template (file://...) that reads this mirror for `product`.
std::string blackmarble_mirror_template(const std::string& out_dir, const Product& product);

} // namespace sezu
