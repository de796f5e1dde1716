// A zone's coverage as runs of equal weight per row (coverage.hpp): building it, reading one
// cell, and the dense form that tests and small windows use.
#include "sezu/zones/coverage.hpp"

#include <stdexcept>

namespace sezu {

bool operator==(const CoverageRun& a, const CoverageRun& b)
{
    return a.col == b.col && a.length == b.length && a.weight == b.weight;
}

bool operator==(const Coverage& a, const Coverage& b)
{
    if (a.empty() || b.empty())
        return a.empty() && b.empty();
    return a.window == b.window && a.row_start == b.row_start && a.runs == b.runs;
}

std::ostream& operator<<(std::ostream& os, const Coverage& c)
{
    double cells = 0;
    for (const CoverageRun& run : c.runs)
        cells += run.length;
    return os << "Coverage{window=" << c.window << ", runs=" << c.runs.size() << ", cells=" << cells
              << "}";
}

double Coverage::at(long col, long row) const
{
    double weight = 0.0;
    for_each_run(row, col, col + 1, [&](long, long, double w) { weight = w; });
    return weight;
}

std::vector<double> Coverage::weights() const
{
    std::vector<double> out(std::size_t(window.size()), 0.0);
    for (long r = 0; r < window.rows; ++r)
        for_each_run(window.row + r, window.col, window.col + window.cols,
                     [&](long col, long length, double w) {
                         const std::size_t at = std::size_t(r * window.cols + col - window.col);
                         std::fill_n(out.begin() + std::ptrdiff_t(at), length, w);
                     });
    return out;
}

Coverage Coverage::from_weights(const Window& window, const std::vector<double>& weights)
{
    if (weights.size() != std::size_t(std::max(0L, window.size())))
        throw std::invalid_argument("Coverage::from_weights: " + std::to_string(weights.size()) +
                                    " weights for a window of " + std::to_string(window.size()) +
                                    " cells");
    CoverageBuilder builder(window);
    for (long r = 0; r < window.rows; ++r) {
        for (long c = 0; c < window.cols; ++c)
            builder.add(c, 1, weights[std::size_t(r * window.cols + c)]);
        builder.end_row();
    }
    return builder.finish();
}

std::size_t Coverage::bytes() const
{
    return row_start.capacity() * sizeof(std::size_t) + runs.capacity() * sizeof(CoverageRun);
}

CoverageBuilder::CoverageBuilder(const Window& window)
{
    m_cov.window = window;
    if (!window.empty()) {
        m_cov.row_start.reserve(std::size_t(window.rows) + 1);
        m_cov.row_start.push_back(0);
    }
}

void CoverageBuilder::add(long col, long length, double weight)
{
    if (!(weight > 0.0) || length <= 0)
        return;
    const std::size_t row_first = m_cov.row_start.back();
    if (m_cov.runs.size() > row_first) {
        CoverageRun& last = m_cov.runs.back();
        if (last.weight == weight && long(last.col) + last.length == col) {
            last.length += std::int32_t(length);
            return;
        }
    }
    m_cov.runs.push_back({std::int32_t(col), std::int32_t(length), weight});
}

void CoverageBuilder::end_row()
{
    m_cov.row_start.push_back(m_cov.runs.size());
}

Coverage CoverageBuilder::finish()
{
    if (m_cov.window.empty())
        return Coverage{m_cov.window, {}, {}};
    if (m_cov.row_start.size() != std::size_t(m_cov.window.rows) + 1)
        throw std::logic_error("CoverageBuilder: " + std::to_string(m_cov.row_start.size() - 1) +
                               " rows ended for a window of " + std::to_string(m_cov.window.rows));
    m_cov.runs.shrink_to_fit();
    return std::move(m_cov);
}

} // namespace sezu
