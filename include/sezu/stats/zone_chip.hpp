#pragma once
/// A zone's chip: a small picture of the radiance in the zone's window, taken while the month's
/// cells stream by (no second pass over the raster), so that reports and quicklooks never need
/// the rasters again. Pure value types: no GDAL, no HDF5.
#include "sezu/core/grid.hpp"
#include "sezu/core/raster_block.hpp"

#include <cstdint>
#include <ostream>
#include <vector>

namespace sezu {

/// The longest side of a chip, in pixels: a zone's window larger than this is averaged down by
/// a whole factor (a 10° zone of 2,400 cells becomes 19 × 19 cells per pixel).
constexpr long kChipMaxSide = 128;

/// Cells of context a chip shows around the zone's window on each side: at least this many
/// (16 VIIRS cells, about 7 km), or a quarter of the window's longer side when that is more.
constexpr long kChipMarginCells = 16;

/// The cells a zone's chip shows: the zone's window (its coverage window on `grid`) widened by
/// the margin on each side, clipped to the grid's rows and to its first column (on a grid that
/// wraps it may reach past the east edge, as the zone's own window may; it never starts west of
/// column 0, so it is numbered like the zone's window). Empty for an empty window.
Window chip_window(const Grid& grid, const Window& zone_window);

/// A downsampled radiance image of one zone's window with context around it (chip_window: the
/// cells around and inside the zone, not just the zone's).
struct ZoneChip {
    long rows = 0, cols = 0;
    long factor = 1; ///< the grid's cells per chip pixel, along each side
    /// Degrees (WGS 84) of the chip's pixel grid: pixel (c, r) spans west + c·(east-west)/cols..
    /// The last row and column may stand for fewer cells than `factor` (the window's edge).
    double west = 0, north = 0, east = 0, south = 0;
    /// rows × cols, north row first: the mean radiance (nW/cm²/sr) of the pixel's cells that
    /// were observed (cloud-free coverage > 0, a value that counts); NaN where none was.
    std::vector<float> radiance;

    bool empty() const { return rows <= 0 || cols <= 0; }
    float at(long row, long col) const { return radiance[std::size_t(row * cols + col)]; }
};
/// Equal when every field is, NaN pixels equal to NaN.
bool operator==(const ZoneChip& a, const ZoneChip& b);
bool operator!=(const ZoneChip& a, const ZoneChip& b);
/// "ZoneChip{32x20 factor 1 west .. north .. east .. south ..}" (not the pixels).
std::ostream& operator<<(std::ostream& os, const ZoneChip& c);

/// Builds one zone's chip from its window's cells, in any order and in pieces (tiles) that
/// merge. Takes no memory until the first cell arrives, so a tile that does not touch the zone
/// costs nothing.
class ChipBuilder {
public:
    ChipBuilder() = default; ///< no chip (a zone outside the grid)
    /// For the cells of `window` (which may reach past a wrapping grid's east edge) of `grid`.
    ChipBuilder(const Grid& grid, const Window& window, long max_side = kChipMaxSide);

    /// The observed cell at (row, col) of the window (0-based, the window's own numbering)
    /// with radiance `value` (scaled already). Cells outside the window are ignored.
    void add(long row, long col, double value)
    {
        if (row < 0 || col < 0 || row >= m_window.rows || col >= m_window.cols)
            return;
        if (m_sum.empty())
            allocate();
        const std::size_t i = std::size_t((row / m_factor) * m_cols + col / m_factor);
        m_sum[i] += value;
        m_count[i] += 1;
    }
    /// Every observed cell of `block` (block.window in the grid's numbering; `shift` is added
    /// to its columns, as Grid::Piece's): a value that counts (finite, not NoData) and, when
    /// the block has coverage counts, a count > 0.
    void add_block(const RasterBlock& block, long shift = 0);
    /// Adds another builder's cells (same grid and window).
    void merge(const ChipBuilder& other);

    bool defined() const { return m_cols > 0; }
    /// The cells the chip shows (the window given), in the grid's numbering.
    const Window& window() const { return m_window; }
    /// The chip: empty when the builder has no window.
    ZoneChip chip() const;

private:
    void allocate();

    Grid m_grid;
    Window m_window;
    long m_factor = 1, m_rows = 0, m_cols = 0;
    std::vector<double> m_sum;
    std::vector<std::uint32_t> m_count;
};

} // namespace sezu
