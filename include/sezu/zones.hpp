#pragma once
/// Zones (polygons) from any OGR source: GeoJSON, GeoPackage, Shapefile. Converts geometries into
/// sezu's plain MultiPolygon in EPSG:4326 so the statistics code never sees GDAL.
#include "sezu/grid.hpp"

#include <map>
#include <memory>
#include <string>
#include <vector>

class OGRMultiPolygon;

namespace sezu {

struct Zone {
    std::string id;                                 ///< from the id field, else the feature index
    MultiPolygon geometry;                          ///< in the CRS asked for (default EPSG:4326)
    std::map<std::string, std::string> properties;  ///< all attribute fields as text
};

struct ZoneSet {
    std::string source;          ///< path it was read from
    std::string id_field;        ///< empty: feature index
    std::vector<Zone> zones;
    /// A digest of ids and geometries: two ZoneSets with equal fingerprints give equal coverage.
    std::string fingerprint() const;
};

/// Reads every polygon feature of the first layer, in `target_crs` (any form GDAL accepts:
/// "EPSG:4326", WKT, PROJ). Throws ConfigError naming the file when it cannot be opened, has no
/// polygons, lacks the id field, or has duplicate ids.
ZoneSet load_zones(const std::string& path, const std::string& id_field = "",
                   const std::string& target_crs = "EPSG:4326");

/// A zone's geometry back as OGR (for writers and renderers that hand it to GDAL), every ring
/// closed explicitly: sezu rings may leave the closing point implicit, GeoJSON may not.
/// (Include <ogr_geometry.h> to use the result.)
std::unique_ptr<OGRMultiPolygon> to_ogr(const MultiPolygon& geometry);

} // namespace sezu
