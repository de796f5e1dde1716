#include "sezu/zones/zones.hpp"

#include "zone_text.hpp"

#include "sezu/core/error.hpp"
#include "sezu/core/open_reason.hpp"
#include "sezu/core/text_encoding.hpp"
#include "sezu/zones/zone_checks.hpp"

#include <cpl_error.h>
#include <gdal_priv.h>
#include <ogr_geometry.h>
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>

#include <cstdint>
#include <cstdio>
#include <memory>
#include <optional>
#include <set>

namespace sezu {

namespace {

/// Silences GDAL's error handler for a scope (validity checks report every self-intersection
/// as a warning; we report invalid zones ourselves).
class QuietGdalErrors {
public:
    QuietGdalErrors() { CPLPushErrorHandler(CPLQuietErrorHandler); }
    ~QuietGdalErrors() { CPLPopErrorHandler(); }
    QuietGdalErrors(const QuietGdalErrors&) = delete;
    QuietGdalErrors& operator=(const QuietGdalErrors&) = delete;
};

struct TransformDeleter {
    void operator()(OGRCoordinateTransformation* ct) const
    {
        OGRCoordinateTransformation::DestroyCT(ct);
    }
};
using TransformPtr = std::unique_ptr<OGRCoordinateTransformation, TransformDeleter>;

std::string describe(const std::string& id, long index)
{
    return "zone '" + printable_text(id) + "' (feature " + std::to_string(index) + ")";
}

void append_polygon(const OGRPolygon& poly, MultiPolygon& out)
{
    Polygon p;
    const auto add_ring = [&p](const OGRLinearRing* ring) {
        if (!ring || ring->getNumPoints() == 0)
            return;
        Ring r;
        r.reserve(std::size_t(ring->getNumPoints()));
        for (int i = 0; i < ring->getNumPoints(); ++i)
            r.push_back({ring->getX(i), ring->getY(i)});
        p.rings.push_back(std::move(r));
    };
    add_ring(poly.getExteriorRing());
    if (p.rings.empty())
        return;
    for (int i = 0; i < poly.getNumInteriorRings(); ++i)
        add_ring(poly.getInteriorRing(i));
    out.parts.push_back(std::move(p));
}

/// Collects the polygonal parts of a geometry (MakeValid may return a collection that also
/// holds lines or points where the input collapsed).
void collect_polygons(const OGRGeometry& geom, MultiPolygon& out)
{
    switch (wkbFlatten(geom.getGeometryType())) {
    case wkbPolygon:
        append_polygon(*geom.toPolygon(), out);
        break;
    case wkbMultiPolygon:
    case wkbGeometryCollection:
        for (const OGRGeometry* part : *geom.toGeometryCollection())
            collect_polygons(*part, out);
        break;
    default:
        break;
    }
}

std::string field_list(const std::vector<std::string>& fields)
{
    std::string names;
    for (std::size_t i = 0; i < fields.size(); ++i)
        names += (i ? ", " : "") + printable_text(fields[i]);
    return names.empty() ? "(none)" : names;
}

/// Whether the layer is already in the target CRS (then coordinates are used as they are).
bool same_crs(const OGRSpatialReference& srs, const OGRSpatialReference& target)
{
    const char* options[] = {"IGNORE_DATA_AXIS_TO_SRS_AXIS_MAPPING=YES",
                             "CRITERION=EQUIVALENT_EXCEPT_AXIS_ORDER_GEOGCRS", nullptr};
    return srs.IsSame(&target, options);
}

} // namespace

std::string ZoneSet::fingerprint() const
{
    // FNV-1a 64 over ids and coordinates printed with round-trip precision: stable across
    // platforms and runs, and any change of an id, a vertex or the zone order changes it.
    std::uint64_t hash = 14695981039346656037ULL;
    const auto feed = [&hash](const std::string& text) {
        for (unsigned char c : text) {
            hash ^= c;
            hash *= 1099511628211ULL;
        }
    };
    char buf[64];
    for (const Zone& zone : zones) {
        feed("Z");
        feed(zone.id);
        feed(std::string(1, '\0'));
        for (const Polygon& poly : zone.geometry.parts) {
            feed("P");
            for (const Ring& ring : poly.rings) {
                feed("R");
                for (const Point& p : ring) {
                    std::snprintf(buf, sizeof buf, "%.17g,%.17g;", p.x, p.y);
                    feed(buf);
                }
            }
        }
    }
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(hash));
    return buf;
}

std::unique_ptr<OGRMultiPolygon> to_ogr(const MultiPolygon& geometry)
{
    auto out = std::make_unique<OGRMultiPolygon>();
    for (const Polygon& part : geometry.parts) {
        OGRPolygon poly;
        for (const Ring& ring : part.rings) {
            OGRLinearRing r;
            for (const Point& p : ring)
                r.addPoint(p.x, p.y);
            r.closeRings();
            poly.addRing(&r);
        }
        out->addGeometry(&poly);
    }
    return out;
}

ZoneSet load_zones(const std::string& path, const std::string& id_field,
                   const std::string& target_crs)
{
    GDALAllRegister();
    GDALDatasetUniquePtr ds;
    {
        QuietGdalErrors quiet;
        CPLErrorReset();
        ds.reset(GDALDataset::Open(path.c_str(),
                                   GDAL_OF_VECTOR | GDAL_OF_READONLY | GDAL_OF_VERBOSE_ERROR));
    }
    if (!ds)
        throw ConfigError("zones: cannot open '" + path +
                          "' as a vector file (GeoJSON, GeoPackage, Shapefile, ...): " +
                          open_failure_reason(path, CPLGetLastErrorMsg(),
                                              "not a vector format GDAL reads") +
                          "; check the path");
    if (ds->GetLayerCount() < 1)
        throw ConfigError("zones: '" + path + "' has no layer");
    OGRLayer* layer = ds->GetLayer(0);
    OGRFeatureDefn* defn = layer->GetLayerDefn();
    const detail::LayerText text(*ds, *layer, path);
    std::vector<std::string> fields;
    for (int f = 0; f < defn->GetFieldCount(); ++f)
        fields.push_back(text.field_name(f));

    int id_index = -1;
    if (!id_field.empty()) {
        for (std::size_t f = 0; f < fields.size() && id_index < 0; ++f)
            if (fields[f] == id_field)
                id_index = int(f);
        if (id_index < 0)
            throw ConfigError("zones: '" + path + "' has no field '" + id_field +
                              "'; available fields: " + field_list(fields));
    }

    OGRSpatialReference target;
    if (target.SetFromUserInput(target_crs.c_str()) != OGRERR_NONE)
        throw ConfigError("zones: '" + target_crs + "' is not a coordinate reference system");
    target.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    const bool lonlat = target.IsGeographic();
    const double unit_m = lonlat ? 1.0 : target.GetLinearUnits();
    const std::string target_name = target_crs.size() < 40 ? target_crs : "the raster's CRS";
    TransformPtr transform;
    if (const OGRSpatialReference* layer_srs = layer->GetSpatialRef()) {
        OGRSpatialReference source(*layer_srs);
        source.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
        if (!same_crs(source, target)) {
            transform.reset(OGRCreateCoordinateTransformation(&source, &target));
            if (!transform)
                throw ConfigError("zones: cannot transform the CRS of '" + path +
                                  "' to " + target_name + ": " + std::string(CPLGetLastErrorMsg()));
        }
    }

    ZoneSet set;
    set.source = path;
    set.id_field = id_field;
    std::set<std::string> seen;
    const bool have_geos = OGRGeometryFactory::haveGEOS();
    long index = -1;
    layer->ResetReading();
    for (const auto& feature : *layer) {
        ++index;
        Zone zone;
        if (id_index >= 0) {
            if (!feature->IsFieldSetAndNotNull(id_index))
                throw ConfigError("zones: feature " + std::to_string(index) + " of '" + path +
                                  "' has no value in id field '" + id_field + "'");
            zone.id = text.field_value(*feature, index, id_index);
        } else {
            zone.id = std::to_string(index);
        }
        const std::string who = describe(zone.id, index);
        for (int f = 0; f < defn->GetFieldCount(); ++f)
            if (feature->IsFieldSetAndNotNull(f))
                zone.properties[fields[std::size_t(f)]] = text.field_value(*feature, index, f);

        const OGRGeometry* source_geom = feature->GetGeometryRef();
        if (!source_geom || source_geom->IsEmpty())
            throw ConfigError("zones: " + who + " in '" + path +
                              "' has an empty geometry; remove it or give it a polygon");
        const OGRwkbGeometryType type = wkbFlatten(source_geom->getGeometryType());
        std::unique_ptr<OGRGeometry> geom;
        if (type == wkbPolygon || type == wkbMultiPolygon)
            geom.reset(source_geom->clone());
        else if (type == wkbCurvePolygon || type == wkbMultiSurface)
            geom.reset(source_geom->getLinearGeometry());
        else
            throw ConfigError("zones: " + who + " in '" + path + "' is a " +
                              OGRGeometryTypeToName(source_geom->getGeometryType()) +
                              ", not a polygon or multipolygon");
        if (transform && geom->transform(transform.get()) != OGRERR_NONE)
            throw ConfigError("zones: cannot transform " + who + " in '" + path +
                              "' to " + target_name + ": " + std::string(CPLGetLastErrorMsg()));
        std::optional<MultiPolygon> as_drawn; // set when the geometry had to be repaired
        if (have_geos) {
            QuietGdalErrors quiet;
            if (!geom->IsValid()) {
                std::unique_ptr<OGRGeometry> fixed(geom->MakeValid());
                if (!fixed)
                    throw ConfigError("zones: " + who + " in '" + path +
                                      "' is not a valid polygon and could not be repaired; "
                                      "fix it in a GIS (e.g. ogr2ogr -makevalid)");
                collect_polygons(*geom, as_drawn.emplace());
                geom = std::move(fixed);
            }
        }
        collect_polygons(*geom, zone.geometry);
        if (as_drawn)
            set.repairs.push_back(describe_repair(who + " in '" + path + "'", *as_drawn,
                                                  zone.geometry, lonlat, unit_m));
        if (zone.geometry.empty())
            throw ConfigError("zones: " + who + " in '" + path +
                              "' has no polygon area (empty or collapsed geometry)");
        if (!seen.insert(zone.id).second)
            throw ConfigError("zones: duplicate id '" + zone.id + "' in '" + path +
                              "' (field '" + id_field + "'); ids must be unique");
        set.zones.push_back(std::move(zone));
    }
    if (set.zones.empty())
        throw ConfigError("zones: '" + path + "' has no features; it needs polygons");
    return set;
}

} // namespace sezu
