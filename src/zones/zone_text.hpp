#pragma once
/// Internal to the zones module: the text of a zones layer (field names and values) as UTF-8,
/// decoded with the encoding the source declares, or refused naming the feature and field.
#include <string>

class GDALDataset;
class OGRFeature;
class OGRLayer;

namespace sezu::detail {

class LayerText {
public:
    /// Works out how the layer's text is encoded: OGR's own recoding (a shapefile's .cpg or DBF
    /// language id, SHAPE_ENCODING; drivers that report OLCStringsAsUTF8), else a .cpg naming
    /// an encoding GDAL does not understand (e.g. ESRI's "ANSI 1252"), which is decoded here.
    LayerText(GDALDataset& ds, OGRLayer& layer, std::string path);

    /// Field `field`'s name as UTF-8; throws ConfigError when it cannot be decoded.
    std::string field_name(int field) const;
    /// Field `field` of `feature` (the `index`-th of the layer) as UTF-8 text; throws
    /// ConfigError naming the layer, the feature (index and FID) and the field when its bytes
    /// are not text in the declared encoding.
    std::string field_value(OGRFeature& feature, long index, int field) const;

private:
    template <class Where> std::string decode(const char* raw, Where where) const;

    OGRLayer& m_layer;
    std::string m_path;
    std::string m_recode_from; ///< empty: the text is meant to be UTF-8 already
    std::string m_declared;    ///< how the encoding was declared, for messages
    std::string m_hint;        ///< what the user can do about undecodable text
};

} // namespace sezu::detail
