#include "sezu/stats/quantiles.hpp"

#include <algorithm>
#include <limits>

namespace sezu {

std::vector<double> weighted_quantiles(std::vector<WeightedValue>& cells,
                                       const std::vector<double>& levels)
{
    std::vector<double> out(levels.size(), std::numeric_limits<double>::quiet_NaN());
    if (cells.empty())
        return out;
    std::sort(cells.begin(), cells.end(), [](const WeightedValue& a, const WeightedValue& b) {
        return a.value < b.value || (a.value == b.value && a.weight < b.weight);
    });
    const std::size_t n = cells.size();
    const double last = double(n - 1);
    std::vector<double> position(n);
    double before = 0; // Σ weights of the cells before i
    for (std::size_t i = 0; i < n; ++i) {
        position[i] = double(i) * cells[i].weight + last * before;
        before += cells[i].weight;
    }
    for (std::size_t k = 0; k < levels.size(); ++k) {
        const double h = levels[k] * last * before;
        // The first cell whose position is past h; the quantile lies between it and the one before.
        const std::size_t right = std::size_t(
            std::upper_bound(position.begin(), position.end(), h) - position.begin());
        if (right == 0)
            out[k] = cells[0].value;
        else if (right == n)
            out[k] = cells[n - 1].value;
        else {
            const std::size_t left = right - 1;
            out[k] = cells[left].value + (h - position[left]) *
                                             (cells[right].value - cells[left].value) /
                                             (position[right] - position[left]);
        }
    }
    return out;
}

} // namespace sezu
