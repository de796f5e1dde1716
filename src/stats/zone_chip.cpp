#include "sezu/stats/zone_chip.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace sezu {

bool operator==(const ZoneChip& a, const ZoneChip& b)
{
    if (a.rows != b.rows || a.cols != b.cols || a.factor != b.factor || a.west != b.west ||
        a.north != b.north || a.east != b.east || a.south != b.south ||
        a.radiance.size() != b.radiance.size())
        return false;
    for (std::size_t i = 0; i < a.radiance.size(); ++i)
        if (!(a.radiance[i] == b.radiance[i] ||
              (std::isnan(a.radiance[i]) && std::isnan(b.radiance[i]))))
            return false;
    return true;
}

bool operator!=(const ZoneChip& a, const ZoneChip& b)
{
    return !(a == b);
}

std::ostream& operator<<(std::ostream& os, const ZoneChip& c)
{
    return os << "ZoneChip{" << c.cols << 'x' << c.rows << " factor " << c.factor << " west "
              << c.west << " north " << c.north << " east " << c.east << " south " << c.south
              << '}';
}

Window chip_window(const Grid& grid, const Window& w)
{
    if (w.empty())
        return w;
    const long margin = std::max(kChipMarginCells, std::max(w.rows, w.cols) / 4);
    const long row0 = std::max(0L, w.row - margin);
    const long row1 = std::min(grid.rows, w.row + w.rows + margin);
    const long col0 = std::max(0L, w.col - margin);
    // Past the east edge only where the grid wraps around (and at most once around it).
    const long east_limit = grid.wraps() ? std::min(2 * grid.cols, col0 + grid.cols) : grid.cols;
    const long col1 = std::min(east_limit, w.col + w.cols + margin);
    return {col0, row0, std::max(col1 - col0, 0L), std::max(row1 - row0, 0L)};
}

ChipBuilder::ChipBuilder(const Grid& grid, const Window& window, long max_side)
    : m_grid(grid), m_window(window)
{
    if (window.empty() || max_side <= 0)
        return;
    const long side = std::max(window.rows, window.cols);
    m_factor = (side + max_side - 1) / max_side; // whole cells per pixel: no resampling
    m_rows = (window.rows + m_factor - 1) / m_factor;
    m_cols = (window.cols + m_factor - 1) / m_factor;
}

void ChipBuilder::allocate()
{
    m_sum.assign(std::size_t(m_rows * m_cols), 0.0);
    m_count.assign(std::size_t(m_rows * m_cols), 0);
}

void ChipBuilder::add_block(const RasterBlock& block, long shift)
{
    if (!defined())
        return;
    const Window w = block.window;
    // Only the block's cells inside the window: a granule is far larger than most zones.
    const Window shifted{w.col + shift, w.row, w.cols, w.rows};
    const Window in = shifted.intersect(m_window);
    if (in.empty())
        return;
    const bool has_cvg = !block.cvg.empty();
    for (long r = in.row; r < in.row + in.rows; ++r)
        for (long c = in.col; c < in.col + in.cols; ++c) {
            const std::size_t i = std::size_t((r - w.row) * w.cols + (c - shifted.col));
            const float v = block.value[i];
            if (!std::isfinite(v) || (block.has_nodata && v == float(block.nodata)) ||
                (has_cvg && block.cvg[i] == 0))
                continue;
            add(r - m_window.row, c - m_window.col, block.scale(v));
        }
}

void ChipBuilder::merge(const ChipBuilder& other)
{
    if (other.m_sum.empty())
        return;
    if (m_sum.empty()) {
        *this = other;
        return;
    }
    for (std::size_t i = 0; i < m_sum.size(); ++i) {
        m_sum[i] += other.m_sum[i];
        m_count[i] += other.m_count[i];
    }
}

ZoneChip ChipBuilder::chip() const
{
    ZoneChip out;
    if (!defined())
        return out;
    out.rows = m_rows;
    out.cols = m_cols;
    out.factor = m_factor;
    const double px = m_grid.dx * double(m_factor), py = m_grid.dy * double(m_factor);
    out.west = m_grid.x0 + double(m_window.col) * m_grid.dx;
    out.north = m_grid.y0 - double(m_window.row) * m_grid.dy;
    out.east = out.west + double(m_cols) * px;
    out.south = out.north - double(m_rows) * py;
    out.radiance.assign(std::size_t(m_rows * m_cols), std::numeric_limits<float>::quiet_NaN());
    for (std::size_t i = 0; i < m_sum.size(); ++i)
        if (m_count[i] > 0)
            out.radiance[i] = float(m_sum[i] / double(m_count[i]));
    return out;
}

} // namespace sezu
