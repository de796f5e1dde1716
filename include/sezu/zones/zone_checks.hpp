#pragma once
/// What is worth a word about zones before their numbers: geometries that loading had to repair,
/// and zones that lie wholly outside the data (they get no statistics). Warnings, not errors.
#include "sezu/core/grid.hpp"
#include "sezu/zones/zones.hpp"

#include <string>
#include <vector>

namespace sezu {

/// Approximate area of a geometry in km²: in lon/lat degrees (`lonlat`, on a sphere of the
/// Earth's mean radius, through the cylindrical equal-area projection), else in CRS units of
/// `unit_m` metres. A self-crossing ring counts its lobes with opposite signs, as drawn.
double approx_area_km2(const MultiPolygon& geometry, bool lonlat, double unit_m = 1.0);

/// The message for a zone (`who`, e.g. "zone 'a' (feature 3) in 'z.shp'") whose invalid
/// geometry `before` was repaired into `after`: the areas and the number of parts before and
/// after.
std::string describe_repair(const std::string& who, const MultiPolygon& before,
                            const MultiPolygon& after, bool lonlat, double unit_m = 1.0);

/// The ids of the zones whose bounding box does not overlap `data`'s extent (on a lon/lat grid
/// that wraps around the globe only latitude counts), in zones order.
std::vector<std::string> zones_outside(const ZoneSet& zones, const Grid& data);

/// Logs (log::warn) each note of ZoneSet::notes and each repair of ZoneSet::repairs, then one
/// line naming the zones wholly outside `data` (at most 10 by name), which `data_name`
/// describes, e.g. "the raster 'x.tif'".
/// Call it from the one process that speaks for the job.
void warn_about_zones(const ZoneSet& zones, const Grid& data, const std::string& data_name);

} // namespace sezu
