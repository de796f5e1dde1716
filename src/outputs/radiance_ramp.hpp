#pragma once
// The colours of radiance shared by every picture sezu draws (quicklook, the report's chips and
// its map layer, the quicklook's colour bar): a fixed ramp over log10(1 + radiance), not
// stretched to the month, so the same radiance gets the same colour everywhere and months
// compare. Internal to outputs/.
#include "sezu/outputs/quicklook.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>

namespace sezu::detail {

struct RampStop {
    double radiance; ///< nW/cm²/sr
    Rgb colour;
};
/// Background noise stays near black, the mirror's and real cities' plateaus go orange to white.
constexpr RampStop kRamp[] = {
    {0.0, {0, 0, 0}},         // unlit (negatives are clamped to 0)
    {0.5, {25, 10, 45}},      // noise floor: barely off black
    {3.0, {85, 25, 115}},     // dim: dark purple
    {10.0, {225, 105, 30}},   // lit: orange
    {40.0, {250, 215, 50}},   // bright: yellow
    {150.0, {255, 255, 255}}, // city cores and above: white
};

/// Where a radiance lies on the ramp's axis: log10(1 + max(radiance, 0)).
inline double ramp_position(double radiance)
{
    return std::log10(1.0 + std::max(radiance, 0.0));
}

/// The ramp's colour of a radiance, interpolated linearly on ramp_position.
inline Rgb ramp_colour(double radiance)
{
    const double x = ramp_position(radiance);
    for (std::size_t i = 1; i < std::size(kRamp); ++i) {
        const double x1 = ramp_position(kRamp[i].radiance);
        if (x > x1)
            continue;
        const double x0 = ramp_position(kRamp[i - 1].radiance);
        const double f = (x - x0) / (x1 - x0);
        Rgb out{};
        for (std::size_t k = 0; k < 3; ++k)
            out[k] = std::uint8_t(std::lround(kRamp[i - 1].colour[k] +
                                              f * (kRamp[i].colour[k] - kRamp[i - 1].colour[k])));
        return out;
    }
    return kRamp[std::size(kRamp) - 1].colour;
}

} // namespace sezu::detail
