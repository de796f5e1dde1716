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

/// Where zones come from and how to read them.
struct ZoneSource {
    std::string path;
    std::string id_field;   ///< empty: feature index
    /// Layer to read; empty: the source's only layer (a source with several must name one).
    std::string layer;
    /// The CRS the coordinates are in, assigned over what the source declares (like
    /// `ogr2ogr -a_srs`: nothing is reprojected to get there); empty: the declared CRS.
    std::string crs;
};

struct ZoneSet {
    std::string source;          ///< path it was read from
    std::string id_field;        ///< empty: feature index
    std::string layer;           ///< the layer asked for (empty: the only one)
    std::string crs;             ///< the CRS assigned to the coordinates (empty: as declared)
    std::vector<std::string> fields; ///< the layer's attribute fields, in its order
    std::vector<Zone> zones;
    /// One message per zone whose invalid geometry loading repaired, saying what the repair did
    /// (for the caller to warn with; see warn_about_zones in zone_checks.hpp).
    std::vector<std::string> repairs;
    /// Other warnings about how the zones were read, e.g. that a source without a CRS was taken
    /// to be in the target CRS (warn_about_zones logs them).
    std::vector<std::string> notes;
    /// A digest of ids and geometries: two ZoneSets with equal fingerprints give equal coverage.
    std::string fingerprint() const;
};

/// Throws ConfigError when `field` is not one of `zones.fields`, naming `option` (e.g.
/// "--name-field (config nameField)") and listing the fields there are.
void require_field(const ZoneSet& zones, const std::string& field, const std::string& option);

/// Reads every polygon feature of the source's layer (ZoneSource::layer, or its only one), in
/// `target_crs` (any form GDAL accepts: "EPSG:4326", WKT, PROJ), from the CRS the source declares
/// or ZoneSource::crs; a source with neither is taken to be in `target_crs` (a note says so).
/// Text (ids, attributes, field names) comes out as UTF-8, decoded
/// with the encoding the file declares (a shapefile's .cpg or DBF language id). Invalid polygons
/// are repaired (GEOS MakeValid) and listed in ZoneSet::repairs. Throws ConfigError naming the
/// file (and the reason it cannot be opened) when it cannot be opened, has several layers and
/// none is chosen or lacks the one chosen (listing its layers), has no polygons, lacks the id
/// field, has duplicate ids, holds text that is not in its declared encoding (naming the feature
/// and field), or is in longitude/latitude with coordinates that cannot be (|lat| > 90 or
/// |lon| > 360: a .prj saying WGS 84 over metres; the message points to ZoneSource::crs).
ZoneSet load_zones(const ZoneSource& source, const std::string& target_crs = "EPSG:4326");
/// The same for ZoneSource{path, id_field}.
ZoneSet load_zones(const std::string& path, const std::string& id_field = "",
                   const std::string& target_crs = "EPSG:4326");

/// A zone's geometry back as OGR (for writers and renderers that hand it to GDAL), every ring
/// closed explicitly: sezu rings may leave the closing point implicit, GeoJSON may not.
/// (Include <ogr_geometry.h> to use the result.)
std::unique_ptr<OGRMultiPolygon> to_ogr(const MultiPolygon& geometry);

} // namespace sezu
