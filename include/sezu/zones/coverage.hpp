#pragma once
/// Which cells of a grid a zone covers, and by how much. Depends only on the grid and the zone,
/// so it is computed once per run and reused for every month. Pure computation.
#include "sezu/core/grid.hpp"

#include <algorithm>
#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

namespace sezu {

/// How a cell counts toward a zone.
enum class PixelRule {
    Exact,      ///< weight = fraction of the cell's area inside the polygon (exactextract)
    Center,     ///< weight 1 when the cell centre is inside (GDAL rasterize / rasterstats default)
    AllTouched, ///< weight 1 for every cell the polygon touches (GDAL ALL_TOUCHED)
};
/// "exact", "center" (or "centre"), "all_touched" (or "all-touched"); else ConfigError.
PixelRule parse_pixel_rule(const std::string& text);
std::string to_string(PixelRule rule);

/// A run of cells of one row that a zone covers with the same weight: `length` cells from column
/// `col` of the coverage's window (counted from the window's first column).
struct CoverageRun {
    std::int32_t col = 0;
    std::int32_t length = 0;
    double weight = 0;
};
bool operator==(const CoverageRun& a, const CoverageRun& b);

/// Which cells of `window` a zone covers, as runs per row: cells with weight 0 are not part of
/// the zone and are not stored, and neighbours with the same weight share one run, so a zone
/// costs memory for its boundary (the cells its edges cross) rather than for its bounding box:
/// a country spanning 170 degrees of longitude holds a few runs per row instead of 8 bytes for
/// each of the ~340 million cells of its box. The window lies inside the grid it was computed
/// for, except on a grid that wraps (Grid::wraps), where a coverage (any rule) may reach past the
/// east edge: column grid.cols + c is column c (Grid::pieces splits such a window). It is empty
/// for a zone wholly outside.
struct Coverage {
    Window window;
    /// window.rows + 1 offsets into `runs`: row r's runs are runs[row_start[r], row_start[r+1]),
    /// ascending and apart, each of weight > 0. Empty when the window is.
    std::vector<std::size_t> row_start;
    std::vector<CoverageRun> runs;

    bool empty() const { return window.empty(); }
    /// The weight of a cell at a global col/row; 0 outside the window or the zone.
    double at(long col, long row) const;
    /// Calls f(col, length, weight) for the runs of global `row` inside global columns
    /// [col_begin, col_end), clipped to them, west to east (nothing outside the window).
    template <class F> void for_each_run(long row, long col_begin, long col_end, F&& f) const
    {
        if (row < window.row || row >= window.row + window.rows)
            return;
        const long lo = col_begin - window.col, hi = col_end - window.col;
        const CoverageRun* first = runs.data() + row_start[std::size_t(row - window.row)];
        const CoverageRun* last = runs.data() + row_start[std::size_t(row - window.row) + 1];
        // The first run that ends after lo: rows of wide zones are read in many blocks.
        first = std::partition_point(
            first, last, [lo](const CoverageRun& run) { return long(run.col) + run.length <= lo; });
        for (const CoverageRun* run = first; run != last && run->col < hi; ++run) {
            const long from = std::max<long>(run->col, lo);
            const long to = std::min<long>(long(run->col) + run->length, hi);
            if (from < to)
                f(window.col + from, to - from, run->weight);
        }
    }
    /// Every cell's weight, row-major over the window (window.size() entries): for tests and
    /// small windows only, since it costs 8 bytes per cell of the box.
    std::vector<double> weights() const;
    /// The coverage of `window` from row-major cell weights (window.size() entries, 0 = not
    /// covered). Throws std::invalid_argument when the sizes differ.
    static Coverage from_weights(const Window& window, const std::vector<double>& weights);
    /// Bytes the coverage holds (its vectors' capacity): the memory a run keeps per zone.
    std::size_t bytes() const;
};
bool operator==(const Coverage& a, const Coverage& b);
/// "Coverage{window=..., runs=N, cells=C}".
std::ostream& operator<<(std::ostream& os, const Coverage& c);

/// Builds a Coverage row by row, west to east: what the pixel rules emit into.
class CoverageBuilder {
public:
    explicit CoverageBuilder(const Window& window);
    /// `length` cells from window column `col` of the current row (ascending within the row)
    /// get `weight`; weight <= 0 adds nothing. Joins a run that ends at `col` with the same weight.
    void add(long col, long length, double weight);
    /// Ends the current row (call once per window row, in order).
    void end_row();
    Coverage finish();

private:
    Coverage m_cov;
};

/// Coverage of a zone on a grid under a rule. Cells outside the grid are not cells.
///
/// Exact: each cell's covered area fraction in double precision (rings normalised so that
/// exteriors add and holes subtract whatever their stored orientation; parts add); values within
/// 1e-12 of 0 or 1 are snapped, cells no edge crosses are exactly 0 or 1. The window is the zone's
/// bounding box on the grid. Cost: cells of the window plus cell crossings of the edges.
/// Center and AllTouched: the cells GDAL 3.6's rasterizer (gdal_rasterize, rasterio,
/// python-rasterstats) selects, tie for tie: the zone is mapped to pixel coordinates with GDAL's
/// inverse geotransform arithmetic, the parts are burned one by one with its scanline fill
/// (centres on an edge decided as GDAL decides) and, for AllTouched, its edge walker. Their
/// window is shrunk to the selected cells (empty when none is).
/// Every rule, on a grid that wraps: a zone across the antimeridian (parts on both sides of ±180°)
/// or past an edge (longitudes beyond 180°) continues on the other side, so no part of it is lost;
/// Center and AllTouched then decide its cells as GDAL would on a grid wide enough to hold it.
Coverage compute_coverage(const MultiPolygon& zone, const Grid& grid, PixelRule rule);

} // namespace sezu
