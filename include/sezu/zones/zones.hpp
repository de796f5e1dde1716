#pragma once
/// Zones (polygons) from any OGR source: GeoJSON, GeoPackage, Shapefile. Converts geometries into
/// sezu's plain MultiPolygon in EPSG:4326 so the statistics code never sees GDAL.
#include "sezu/core/grid.hpp"

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
    /// One message per zone whose invalid geometry loading repaired, saying what the repair did
    /// (for the caller to warn with; see warn_about_zones in zone_checks.hpp).
    std::vector<std::string> repairs;
    /// A digest of ids and geometries: two ZoneSets with equal fingerprints give equal coverage.
    std::string fingerprint() const;
};

/// Reads every polygon feature of the first layer, in `target_crs` (any form GDAL accepts:
/// "EPSG:4326", WKT, PROJ). Text (ids, attributes, field names) comes out as UTF-8, decoded
/// with the encoding the file declares (a shapefile's .cpg or DBF language id). Invalid polygons
/// are repaired (GEOS MakeValid) and listed in ZoneSet::repairs. Throws ConfigError naming the
/// file (and the reason it cannot be opened) when it cannot be opened, has no polygons, lacks
/// the id field, has duplicate ids, or holds text that is not in its declared encoding (naming
/// the feature and field).
ZoneSet load_zones(const std::string& path, const std::string& id_field = "",
                   const std::string& target_crs = "EPSG:4326");

/// A zone's geometry back as OGR (for writers and renderers that hand it to GDAL), every ring
/// closed explicitly: sezu rings may leave the closing point implicit, GeoJSON may not.
/// (Include <ogr_geometry.h> to use the result.)
std::unique_ptr<OGRMultiPolygon> to_ogr(const MultiPolygon& geometry);

} // namespace sezu
