#pragma once
/// Coverage-weighted quantiles, as exactextract defines them. Pure.
#include <vector>

namespace sezu {

/// One cell of a zone: its value and its coverage weight (> 0).
struct WeightedValue {
    double value;
    double weight;
};
inline bool operator==(const WeightedValue& a, const WeightedValue& b)
{
    return a.value == b.value && a.weight == b.weight;
}

/// The weighted quantiles of `cells` at each of `levels` (0..1), in that order; NaN for each
/// when there is no cell. exactextract's definition (R's type 7 quantile, with weights): the n
/// cells sorted by value x_0 <= ... <= x_(n-1) (ties by weight, so the order of the cells given
/// does not matter), with weights w_i, get the positions
///   s_0 = 0,  s_i = i·w_i + (n−1)·(w_0 + ... + w_(i−1)),
/// and the quantile at level q is the value at position h = q·(n−1)·Σw, linearly interpolated
/// between the two cells whose positions enclose it (x_0 below s_1; x_(n−1) from s_(n−1) on).
/// With equal weights this is R's and NumPy's default quantile. `cells` is sorted in place.
std::vector<double> weighted_quantiles(std::vector<WeightedValue>& cells,
                                       const std::vector<double>& levels);

} // namespace sezu
