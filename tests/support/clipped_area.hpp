#pragma once
/// An independent reference for the exact coverage rule: the area of a ring inside a box, by
/// clipping rather than by the coverage arithmetic under test.
#include "sezu/core/grid.hpp"

namespace sezu::test {

/// Area of `ring` clipped to `box` (Sutherland-Hodgman), in long double relative to the box's
/// corner so that partial cells keep their precision; in the units of the coordinates, squared.
long double clipped_ring_area(const Ring& ring, const BBox& box);

} // namespace sezu::test
