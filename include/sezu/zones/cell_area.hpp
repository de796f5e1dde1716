#pragma once
/// Areas on the WGS 84 ellipsoid of a grid's cells, for a grid in any CRS (GeographicLib): the
/// area_km2 statistic. (GDAL and GeographicLib stay private to the zones module.)
#include "sezu/core/grid.hpp"
#include "sezu/zones/coverage.hpp"

#include <memory>
#include <string>

namespace sezu {

/// The ellipsoidal area of each cell of one grid.
///
/// In longitude/latitude on WGS 84 (EPSG:4326 and equivalents) a cell is bounded by two meridians
/// and two parallels, which are rhumb lines: its area is GeographicLib's PolygonAreaRhumb of its
/// four corners, exact (it equals the closed form Δλ/2 · b² · [q(φ2) − q(φ1)]). In any other CRS
/// the cell's outline, each side cut into 8 pieces (33 points), is transformed to WGS 84
/// longitude/latitude (PROJ, through GDAL) and its area is GeographicLib's geodesic PolygonArea:
/// for a 1 km cell the outline's own curvature changes it by far less than 1e-9.
class CellAreas {
public:
    /// `crs`: the grid's CRS in any form GDAL accepts. Throws ConfigError for a CRS GDAL does not
    /// understand or that PROJ cannot take to WGS 84.
    explicit CellAreas(const Grid& grid, const std::string& crs = "EPSG:4326");
    ~CellAreas();
    CellAreas(CellAreas&&) noexcept;
    CellAreas& operator=(CellAreas&&) noexcept;

    /// Area of cell (col, row) in km²; NaN when the cell cannot be taken to longitude/latitude
    /// (outside the projection's domain). On a grid that wraps, col may pass the east edge.
    double cell_km2(long col, long row) const;
    /// Σ weight × cell area (km²) of a coverage computed on this grid: the area of what was
    /// counted. NaN when a counted cell's area is.
    double coverage_km2(const Coverage& coverage) const;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace sezu
