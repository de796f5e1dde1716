// Which layer of a zones source is read and which CRS its coordinates are in: a wrong or missing
// CRS gives numbers for the wrong place without a word, so both are said or refused here.
#include "zone_crs.hpp"

#include "sezu/core/error.hpp"
#include "sezu/core/text_encoding.hpp"

#include <cpl_conv.h>
#include <cpl_error.h>
#include <gdal_priv.h>
#include <ogr_geometry.h>
#include <ogrsf_frmts.h>

#include <cmath>
#include <cstdio>

namespace sezu::detail {

namespace {

std::string layer_list(GDALDataset& ds)
{
    std::string names;
    for (int i = 0; i < ds.GetLayerCount(); ++i) {
        const int features = int(ds.GetLayer(i)->GetFeatureCount());
        names += std::string(i ? ", " : "") + "'" + printable_text(ds.GetLayer(i)->GetName()) +
                 "' (" + (features < 0 ? "?" : std::to_string(features)) + " features)";
    }
    return names;
}

/// Whether the layer is already in the target CRS (then coordinates are used as they are).
bool same_crs(const OGRSpatialReference& srs, const OGRSpatialReference& target)
{
    const char* options[] = {"IGNORE_DATA_AXIS_TO_SRS_AXIS_MAPPING=YES",
                             "CRITERION=EQUIVALENT_EXCEPT_AXIS_ORDER_GEOGCRS", nullptr};
    return srs.IsSame(&target, options);
}

bool valid_lonlat(double x, double y)
{
    return std::abs(y) <= 90 && std::abs(x) <= 360;
}

/// The first vertex of a (multi)polygon that no longitude/latitude can be; false when none.
bool invalid_vertex(const OGRGeometry& geom, double& x, double& y)
{
    switch (wkbFlatten(geom.getGeometryType())) {
    case wkbPolygon:
        for (const OGRCurve* ring : *geom.toPolygon()) {
            const OGRSimpleCurve* line = ring->toSimpleCurve();
            for (int i = 0; i < line->getNumPoints(); ++i)
                if (!valid_lonlat(line->getX(i), line->getY(i))) {
                    x = line->getX(i);
                    y = line->getY(i);
                    return true;
                }
        }
        return false;
    case wkbMultiPolygon:
        for (const OGRGeometry* part : *geom.toGeometryCollection())
            if (invalid_vertex(*part, x, y))
                return true;
        return false;
    default:
        return false;
    }
}

// A shapefile whose .prj GDAL cannot read comes out with no CRS; taking its coordinates to be in
// the raster's CRS would silently misplace every zone, so the user decides.
void refuse_unreadable_prj(const std::string& path)
{
    if (!EQUAL(CPLGetExtension(path.c_str()), "shp"))
        return;
    const std::string prj = CPLResetExtension(path.c_str(), "prj");
    VSIStatBufL stat;
    if (VSIStatL(prj.c_str(), &stat) != 0 || VSI_ISDIR(stat.st_mode))
        return;
    throw ConfigError("zones: '" + prj + "' beside the zones file is not a CRS GDAL can read; "
                      "fix or remove it, or give the zones' CRS with --zones-crs (config zonesCrs)");
}

} // namespace

OGRLayer& choose_layer(GDALDataset& ds, const std::string& name, const std::string& path)
{
    if (!name.empty()) {
        if (OGRLayer* layer = ds.GetLayerByName(name.c_str()))
            return *layer;
        throw ConfigError("zones: '" + path + "' has no layer '" + printable_text(name) +
                          "'; its layers: " + layer_list(ds));
    }
    if (ds.GetLayerCount() > 1)
        throw ConfigError("zones: '" + path + "' has " + std::to_string(ds.GetLayerCount()) +
                          " layers: " + layer_list(ds) +
                          "; choose one with --zones-layer NAME (config zonesLayer)");
    return *ds.GetLayer(0);
}

void set_up_target(Target& t, const std::string& target_crs, const std::string& assigned_crs,
                   OGRLayer& layer, const std::string& path)
{
    if (t.srs.SetFromUserInput(target_crs.c_str()) != OGRERR_NONE)
        throw ConfigError("zones: '" + target_crs + "' is not a coordinate reference system");
    t.srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    t.lonlat = t.srs.IsGeographic();
    t.unit_m = t.lonlat ? 1.0 : t.srs.GetLinearUnits();
    t.name = target_crs.size() < 40 ? target_crs : "the raster's CRS";
    OGRSpatialReference source;
    if (!assigned_crs.empty()) {
        if (source.SetFromUserInput(assigned_crs.c_str()) != OGRERR_NONE)
            throw ConfigError("zones: --zones-crs '" + assigned_crs +
                              "' is not a coordinate reference system GDAL knows (give e.g. "
                              "EPSG:32633, a WKT or PROJ string, or a .prj file)");
    } else if (const OGRSpatialReference* declared = layer.GetSpatialRef()) {
        source = *declared;
    } else {
        refuse_unreadable_prj(path);
        t.source_lonlat = t.lonlat;
        t.note = "zones: '" + path + "' declares no CRS; its coordinates are taken to be in " +
                 t.name + " (if they are not, give their CRS with --zones-crs, config zonesCrs)";
        return;
    }
    source.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    t.source_lonlat = source.IsGeographic();
    if (same_crs(source, t.srs))
        return;
    t.transform.reset(OGRCreateCoordinateTransformation(&source, &t.srs));
    if (!t.transform)
        throw ConfigError("zones: cannot transform the CRS of '" + path + "' to " + t.name + ": " +
                          std::string(CPLGetLastErrorMsg()));
}

void check_lonlat(const OGRGeometry& geom, const Target& t, const std::string& who,
                  const std::string& path)
{
    double x = 0, y = 0;
    if (!t.source_lonlat || !invalid_vertex(geom, x, y))
        return;
    char where[96];
    std::snprintf(where, sizeof where, "(%.10g, %.10g)", x, y);
    throw ConfigError("zones: " + who + " in '" + path + "': coordinates " + where +
                      " are not valid longitude/latitude — is the .prj wrong? use --zones-crs "
                      "(config zonesCrs) to give the CRS they are in");
}

} // namespace sezu::detail
