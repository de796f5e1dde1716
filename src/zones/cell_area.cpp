// Cell areas on the WGS 84 ellipsoid with GeographicLib: rhumb-line polygons for lon/lat cells
// (meridians and parallels are rhumb lines, so that area is exact), geodesic polygons of the
// densified outline for cells of any other CRS.
#include "sezu/zones/cell_area.hpp"

#include "zone_crs.hpp"

#include "sezu/core/error.hpp"

#include <GeographicLib/Geodesic.hpp>
#include <GeographicLib/PolygonArea.hpp>
#include <GeographicLib/Rhumb.hpp>
#include <cpl_error.h>
#include <ogr_spatialref.h>

#include <algorithm>
#include <cmath>
#include <vector>

namespace sezu {

namespace {

constexpr int kPiecesPerSide = 8;

bool is_wgs84_lonlat(const OGRSpatialReference& srs)
{
    OGRSpatialReference wgs84;
    wgs84.importFromEPSG(4326);
    const char* options[] = {"IGNORE_DATA_AXIS_TO_SRS_AXIS_MAPPING=YES",
                             "CRITERION=EQUIVALENT_EXCEPT_AXIS_ORDER_GEOGCRS", nullptr};
    return srs.IsSame(&wgs84, options);
}

} // namespace

struct CellAreas::Impl {
    Grid grid;
    detail::TransformPtr to_lonlat;      // none: the grid is WGS 84 longitude/latitude
    mutable std::vector<double> row_km2; // lon/lat: per row, NaN until computed

    double lonlat_cell(long row) const
    {
        double& cached = row_km2[std::size_t(row)];
        if (std::isnan(cached)) {
            const double north = grid.y0 - double(row) * grid.dy;
            const double south = north - grid.dy;
            GeographicLib::PolygonAreaRhumb poly(GeographicLib::Rhumb::WGS84());
            poly.AddPoint(north, grid.x0);
            poly.AddPoint(north, grid.x0 + grid.dx);
            poly.AddPoint(south, grid.x0 + grid.dx);
            poly.AddPoint(south, grid.x0);
            double perimeter = 0, area_m2 = 0;
            poly.Compute(false, true, perimeter, area_m2);
            cached = std::abs(area_m2) / 1e6;
        }
        return cached;
    }

    double projected_cell(long col, long row) const
    {
        // The outline counter-clockwise from the south-west corner, each side in equal pieces.
        const double west = grid.x0 + double(col) * grid.dx;
        const double north = grid.y0 - double(row) * grid.dy;
        const double corners[5][2] = {{west, north - grid.dy},
                                      {west + grid.dx, north - grid.dy},
                                      {west + grid.dx, north},
                                      {west, north},
                                      {west, north - grid.dy}};
        std::vector<double> x, y;
        for (int side = 0; side < 4; ++side)
            for (int i = 0; i < kPiecesPerSide; ++i) {
                const double t = double(i) / kPiecesPerSide;
                x.push_back(corners[side][0] + t * (corners[side + 1][0] - corners[side][0]));
                y.push_back(corners[side][1] + t * (corners[side + 1][1] - corners[side][1]));
            }
        std::vector<int> ok(x.size(), 0);
        if (!to_lonlat->Transform(x.size(), x.data(), y.data(), nullptr, ok.data()))
            return NAN;
        GeographicLib::PolygonArea poly(GeographicLib::Geodesic::WGS84());
        for (std::size_t i = 0; i < x.size(); ++i) {
            if (!ok[i])
                return NAN;
            poly.AddPoint(y[i], x[i]);
        }
        double perimeter = 0, area_m2 = 0;
        poly.Compute(false, true, perimeter, area_m2);
        return std::abs(area_m2) / 1e6;
    }
};

CellAreas::CellAreas(const Grid& grid, const std::string& crs) : m_impl(std::make_unique<Impl>())
{
    m_impl->grid = grid;
    OGRSpatialReference srs;
    if (srs.SetFromUserInput(crs.c_str()) != OGRERR_NONE)
        throw ConfigError("area: '" + crs.substr(0, 80) + "' is not a coordinate reference system");
    srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    if (is_wgs84_lonlat(srs)) {
        m_impl->row_km2.assign(std::size_t(std::max(0L, grid.rows)), NAN);
        return;
    }
    OGRSpatialReference wgs84;
    wgs84.importFromEPSG(4326);
    wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    m_impl->to_lonlat.reset(OGRCreateCoordinateTransformation(&srs, &wgs84));
    if (!m_impl->to_lonlat)
        throw ConfigError("area: cannot transform the raster's CRS to WGS 84 longitude/latitude: " +
                          std::string(CPLGetLastErrorMsg()));
}

CellAreas::~CellAreas() = default;
CellAreas::CellAreas(CellAreas&&) noexcept = default;
CellAreas& CellAreas::operator=(CellAreas&&) noexcept = default;

double CellAreas::cell_km2(long col, long row) const
{
    if (row < 0 || row >= m_impl->grid.rows)
        return NAN;
    return m_impl->to_lonlat ? m_impl->projected_cell(col, row) : m_impl->lonlat_cell(row);
}

double CellAreas::coverage_km2(const Coverage& coverage) const
{
    double area = 0;
    const Window& w = coverage.window;
    for (long row = w.row; row < w.row + w.rows; ++row)
        coverage.for_each_run(row, w.col, w.col + w.cols,
                              [&](long col, long length, double weight) {
                                  for (long c = col; c < col + length; ++c)
                                      area += weight * cell_km2(c, row);
                              });
    return area;
}

} // namespace sezu
