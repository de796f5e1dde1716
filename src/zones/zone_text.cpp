#include "zone_text.hpp"

#include "sezu/core/error.hpp"
#include "sezu/core/text_encoding.hpp"

#include <cpl_conv.h>
#include <cpl_string.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

namespace sezu::detail {

namespace {

std::string layer_item(OGRLayer& layer, const char* key)
{
    const char* value = layer.GetMetadataItem(key, "SHAPEFILE");
    return value ? value : "";
}

std::string trimmed(const std::string& text)
{
    const auto first = text.find_first_not_of(" \t\r\n");
    return first == std::string::npos
               ? ""
               : text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

// The text of the layer's .cpg file as written (GDAL's ENCODING_FROM_CPG holds its own
// rewriting, e.g. "ISO-8859-_1" for ESRI's "8859_1"); `fallback` when it cannot be read.
std::string cpg_text(GDALDataset& ds, OGRLayer& layer, const std::string& fallback)
{
    const CPLStringList files(ds.GetFileList());
    const std::string wanted = std::string(layer.GetName()) + ".cpg";
    for (int i = 0; i < files.size(); ++i) {
        if (!EQUAL(CPLGetFilename(files[i]), wanted.c_str()))
            continue;
        const char* quiet[] = {"EMIT_ERROR_IF_CANNOT_OPEN_FILE=NO", nullptr};
        const CPLStringList lines(CSLLoad2(files[i], 1, 256, quiet));
        return lines.size() > 0 ? std::string(lines[0]) : fallback;
    }
    return fallback;
}

constexpr const char* kShapefileHint =
    "put the encoding the text is really in into the .cpg file beside the .shp (one line, e.g. "
    "ISO-8859-1 or CP1252), or convert the file to UTF-8";

} // namespace

LayerText::LayerText(GDALDataset& ds, OGRLayer& layer, std::string path)
    : m_layer(layer), m_path(std::move(path))
{
    const std::string driver = ds.GetDriver() ? ds.GetDriver()->GetDescription() : "";
    if (driver != "ESRI Shapefile") {
        // GeoJSON, GeoPackage and most others are UTF-8 by definition; OGR passes their bytes on
        // as they are, so a file written in another encoding arrives here undecoded.
        m_declared = layer.TestCapability(OLCStringsAsUTF8)
                         ? "the " + driver + " format is UTF-8 by definition"
                         : "the " + driver + " file declares no encoding";
        m_hint = "save it as UTF-8 (e.g. ogr2ogr, or your GIS's export with encoding UTF-8)";
        return;
    }
    // OGR recodes a shapefile's text to UTF-8 when it understands the encoding its .cpg file or
    // DBF language id declares (or SHAPE_ENCODING sets), and reports that as SOURCE_ENCODING.
    const std::string source = layer_item(layer, "SOURCE_ENCODING");
    const std::string cpg = layer_item(layer, "ENCODING_FROM_CPG");
    const std::string ldid = layer_item(layer, "ENCODING_FROM_LDID");
    m_hint = kShapefileHint;
    if (!source.empty()) {
        m_declared = "its encoding is " + source +
                     (!cpg.empty()    ? " (from its .cpg file)"
                      : !ldid.empty() ? " (from its DBF language id)"
                                      : " (SHAPE_ENCODING)");
        return;
    }
    if (cpg.empty()) {
        m_declared = "the file declares no encoding (no .cpg file, no DBF language id)";
        m_hint = "add a .cpg file beside the .shp naming the encoding (one line, e.g. ISO-8859-1 "
                 "or CP1252), or set SHAPE_ENCODING";
        return;
    }
    // A .cpg GDAL did not understand (ESRI's "ANSI 1252", "8859_1"): decoded here.
    const std::string written = cpg_text(ds, layer, cpg);
    const std::string encoding = encoding_from_cpg(written);
    if (!is_utf8_encoding_name(encoding) && CPLCanRecode("sezu", encoding.c_str(), CPL_ENC_UTF8)) {
        m_recode_from = encoding;
        m_declared =
            "its .cpg file says '" + printable_text(trimmed(written)) + "' (" + encoding + ")";
    } else {
        m_declared = "its .cpg file says '" + printable_text(trimmed(written)) +
                     "', an encoding not known here";
    }
}

// `where` names the text in messages; made only when one is needed (every field of every
// feature passes here).
template <class Where> std::string LayerText::decode(const char* raw, Where where) const
{
    std::string text = raw ? raw : "";
    if (!m_recode_from.empty()) {
        if (!CPLCanRecode(text.c_str(), m_recode_from.c_str(), CPL_ENC_UTF8))
            throw ConfigError("zones: " + where() + " holds bytes that are not " + m_recode_from +
                              " text (\"" + printable_text(text) + "\"); " + m_declared + ": " +
                              m_hint);
        char* recoded = CPLRecode(text.c_str(), m_recode_from.c_str(), CPL_ENC_UTF8);
        text = recoded ? recoded : "";
        CPLFree(recoded);
    }
    if (!is_valid_utf8(text))
        throw ConfigError("zones: " + where() + " is not valid UTF-8 text (\"" +
                          printable_text(text) + "\"); " + m_declared + ": " + m_hint);
    return text;
}

std::string LayerText::field_name(int field) const
{
    OGRFeatureDefn* defn = m_layer.GetLayerDefn();
    return decode(defn->GetFieldDefn(field)->GetNameRef(), [&] {
        return "layer '" + printable_text(m_layer.GetName()) + "' in '" + m_path +
               "': the name of field " + std::to_string(field + 1);
    });
}

std::string LayerText::field_value(OGRFeature& feature, long index, int field) const
{
    const char* raw = feature.GetFieldAsString(field);
    // Numbers and dates are ASCII: only text fields can hold bytes of another encoding.
    const OGRFieldType type = feature.GetFieldDefnRef(field)->GetType();
    if (type != OFTString && type != OFTStringList && type != OFTWideString &&
        type != OFTWideStringList)
        return raw;
    return decode(raw, [&] {
        return "feature " + std::to_string(index) + " (FID " + std::to_string(feature.GetFID()) +
               ") of layer '" + printable_text(m_layer.GetName()) + "' in '" + m_path +
               "': field '" + printable_text(field_name(field)) + "'";
    });
}

} // namespace sezu::detail
