#include "sezu/zones/zones.hpp"

#include "zone_crs.hpp"
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

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <optional>
#include <set>

namespace sezu {

using detail::Target;

namespace {

/// An id names the zone in every table, file and terminal line: it must say something, and hold
/// no control characters (a newline splits CSV rows and summaries; ESC drives terminals).
void check_zone_id(const std::string& id, long index, const std::string& path,
                   const std::string& id_field)
{
    const std::string where = "zones: feature " + std::to_string(index) + " of '" + path + "'";
    if (id.find_first_not_of(" \t") == std::string::npos)
        throw ConfigError(where + " has an empty id in field '" + id_field +
                          "'; every zone needs an id");
    for (const char c : id)
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F)
            throw ConfigError(where + " has an id with a control character (\"" +
                              printable_text(id) + "\"); fix the id in field '" + id_field + "'");
}

/// Silences GDAL's error handler for a scope (validity checks report every self-intersection
/// as a warning; we report invalid zones ourselves).
class QuietGdalErrors {
public:
    QuietGdalErrors() { CPLPushErrorHandler(CPLQuietErrorHandler); }
    ~QuietGdalErrors() { CPLPopErrorHandler(); }
    QuietGdalErrors(const QuietGdalErrors&) = delete;
    QuietGdalErrors& operator=(const QuietGdalErrors&) = delete;
};

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

namespace {

GDALDatasetUniquePtr open_vector(const std::string& path)
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
    return ds;
}

/// The index of `id_field` among `fields`; -1 when no id field is asked for (ids are then the
/// feature indices).
int id_field_index(const std::vector<std::string>& fields, const std::string& id_field,
                   const std::string& path)
{
    if (id_field.empty())
        return -1;
    for (std::size_t f = 0; f < fields.size(); ++f)
        if (fields[f] == id_field)
            return int(f);
    throw ConfigError("zones: '" + path + "' has no field '" + id_field +
                      "'; available fields: " + field_list(fields));
}

} // namespace

void require_field(const ZoneSet& zones, const std::string& field, const std::string& option)
{
    if (std::find(zones.fields.begin(), zones.fields.end(), field) == zones.fields.end())
        throw ConfigError("zones: '" + zones.source + "' has no field '" + printable_text(field) +
                          "' for " + option + "; available fields: " + field_list(zones.fields));
}

namespace {

/// A feature's geometry as linear polygons in the target CRS. Throws ConfigError naming `who`.
std::unique_ptr<OGRGeometry> polygon_of(const OGRFeature& feature, const std::string& who,
                                        const Target& target, const std::string& path)
{
    const OGRGeometry* source_geom = feature.GetGeometryRef();
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
    detail::check_lonlat(*geom, target, who, path);
    if (target.transform && geom->transform(target.transform.get()) != OGRERR_NONE)
        throw ConfigError("zones: cannot transform " + who + " in '" + path + "' to " +
                          target.name + ": " + std::string(CPLGetLastErrorMsg()) +
                          "; if the file's CRS is wrong, give the right one with --zones-crs");
    return geom;
}

/// Sets the zone's geometry from `geom`, repaired (GEOS MakeValid) when it is not valid; a
/// repair is described in `set.repairs`. Throws ConfigError when nothing polygonal is left.
void set_geometry(Zone& zone, std::unique_ptr<OGRGeometry> geom, const std::string& who,
                  const Target& target, const std::string& path, ZoneSet& set)
{
    std::optional<MultiPolygon> as_drawn; // set when the geometry had to be repaired
    if (OGRGeometryFactory::haveGEOS()) {
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
                                              zone.geometry, target.lonlat, target.unit_m));
    if (zone.geometry.empty())
        throw ConfigError("zones: " + who + " in '" + path +
                          "' has no polygon area (empty or collapsed geometry)");
}

} // namespace

ZoneSet load_zones(const std::string& path, const std::string& id_field,
                   const std::string& target_crs)
{
    return load_zones(ZoneSource{path, id_field, "", ""}, target_crs);
}

ZoneSet load_zones(const ZoneSource& source, const std::string& target_crs)
{
    const std::string& path = source.path;
    const std::string& id_field = source.id_field;
    const GDALDatasetUniquePtr ds = open_vector(path);
    OGRLayer* layer = &detail::choose_layer(*ds, source.layer, path);
    const int field_count = layer->GetLayerDefn()->GetFieldCount();
    const detail::LayerText text(*ds, *layer, path);
    std::vector<std::string> fields;
    for (int f = 0; f < field_count; ++f)
        fields.push_back(text.field_name(f));
    if (layer->GetFeatureCount() == 0) // before the id field: an empty GeoJSON has no fields
        throw ConfigError("zones: '" + path + "' has no features; it needs polygons");
    const int id_index = id_field_index(fields, id_field, path);
    Target target;
    detail::set_up_target(target, target_crs, source.crs, *layer, path);

    ZoneSet set;
    set.source = path;
    set.id_field = id_field;
    set.layer = source.layer;
    set.crs = source.crs;
    set.fields = fields;
    if (!target.note.empty())
        set.notes.push_back(target.note);
    std::set<std::string> seen;
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
            check_zone_id(zone.id, index, path, id_field);
        } else {
            zone.id = std::to_string(index);
        }
        const std::string who = describe(zone.id, index);
        for (int f = 0; f < field_count; ++f)
            if (feature->IsFieldSetAndNotNull(f))
                zone.properties[fields[std::size_t(f)]] = text.field_value(*feature, index, f);
        set_geometry(zone, polygon_of(*feature, who, target, path), who, target, path, set);
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
