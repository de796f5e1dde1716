#pragma once
/// Internal to the zones module: which layer of a zones source is read, the CRS its coordinates
/// are in (declared, assigned with --zones-crs, or assumed), and the transformation to the CRS
/// the caller wants.
#include <ogr_spatialref.h>

#include <memory>
#include <string>
#include <vector>

class GDALDataset;
class OGRGeometry;
class OGRLayer;

namespace sezu::detail {

struct TransformDeleter {
    void operator()(OGRCoordinateTransformation* ct) const
    {
        OGRCoordinateTransformation::DestroyCT(ct);
    }
};
using TransformPtr = std::unique_ptr<OGRCoordinateTransformation, TransformDeleter>;

/// The layer called `name` of `ds`, or its only layer when `name` is empty. Throws ConfigError
/// listing the layers when `name` is not one of them, or when it is empty and there are several.
OGRLayer& choose_layer(GDALDataset& ds, const std::string& name, const std::string& path);

/// Where the zones go: the CRS, and the transformation from the layer's CRS (none when they are
/// the same, or the layer has none).
struct Target {
    OGRSpatialReference srs;
    bool lonlat = true;
    double unit_m = 1.0;          ///< metres per linear unit (projected CRSs)
    std::string name;             ///< for messages
    TransformPtr transform;
    bool source_lonlat = false;   ///< the zones' own coordinates are longitude/latitude
    std::string note;             ///< a warning about the CRS (assumed), empty when none
};

/// Sets up `t` for zones from `layer` of `path` going to `target_crs`. `assigned_crs`, when not
/// empty, replaces the CRS the layer declares (ogr2ogr -a_srs). Throws ConfigError for a CRS
/// GDAL does not understand or a transformation PROJ cannot make.
void set_up_target(Target& t, const std::string& target_crs, const std::string& assigned_crs,
                   OGRLayer& layer, const std::string& path);

/// Throws ConfigError naming `who` when `geom`, in the zones' own CRS, is in longitude/latitude
/// but has a coordinate no longitude/latitude can be (|lat| > 90 or |lon| > 360): the usual sign
/// of a .prj that says WGS 84 over coordinates in metres.
void check_lonlat(const OGRGeometry& geom, const Target& t, const std::string& who,
                  const std::string& path);

} // namespace sezu::detail
