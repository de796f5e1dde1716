#pragma once
// The numbers the report's page draws, as one compact JSON document (docs/report.md, "Data"):
// months and their status, per zone its id, name, event, series and outline, and the
// before/after figures. The page's script reads it; nothing in it is ever markup or code.
#include "sezu/archive/archive.hpp"
#include "sezu/outputs/report_options.hpp"

#include <string>
#include <vector>

namespace sezu::detail {

/// The archive statistics the report reads, by their archive (dataset) names. The one place
/// that names them: a renamed statistic is one edit here.
struct ReportStatNames {
    static constexpr const char* sum_of_lights = "sum_of_lights";
    static constexpr const char* radiance_mean = "radiance_mean";
    static constexpr const char* radiance_max = "radiance_max";
    static constexpr const char* lit_share = "lit_fraction";
    static constexpr const char* unobserved_share = "zero_cvg_fraction";
    static constexpr const char* area_km2 = "area_km2";
    /// All of the above: the archive must hold each.
    static std::vector<std::string> all();
};

/// Values kept in the page: 6 significant digits (shares in percent, 4), enough for every
/// figure the page shows and a third of the size of full precision. Non-finite: JSON null.
std::string compact_number(double v, int digits = 6);

/// A zone's WKT (lon lat, WGS 84) as a GeoJSON geometry with coordinates rounded to 1e-5°
/// (about a metre); "null" when the WKT is empty or not a geometry OGR reads.
std::string geojson_of_wkt(const std::string& wkt);

/// The page's data as JSON documents, each for its own `<script type="application/json">`
/// element, before script escaping (html::script_json). Apart so that the page parses only what
/// it draws first (5,000 zones x 180 months: tens of MB): `meta` (months, zones, flags, the
/// newest month's figures, before/after), `geometry` (outlines) and one `series` per statistic.
struct ReportData {
    std::string meta;
    std::string geometry;
    std::vector<std::pair<std::string, std::string>> series; ///< (sol, mean, lit, cf; JSON)
};
ReportData report_data(const ArchiveData& archive, const std::string& archive_name,
                       const std::string& event_field, const ReportOptions& options);

} // namespace sezu::detail
