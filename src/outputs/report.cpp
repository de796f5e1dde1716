#include "sezu/outputs/report.hpp"

#include "chip_image.hpp"
#include "report_data.hpp"
#include "report_files.hpp"

#include "sezu/core/error.hpp"
#include "sezu/core/html.hpp"
#include "sezu/core/redact.hpp"
#include "sezu/products/product.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <sstream>

namespace sezu {
namespace fs = std::filesystem;

namespace {

using html::escape;

// Numbers for people: 4 significant digits; a dash where undefined.
std::string figure(double v, const char* format = "%.4g")
{
    if (!std::isfinite(v))
        return "&ndash;";
    char buf[32];
    std::snprintf(buf, sizeof buf, format, v);
    return buf;
}

std::string cell(const std::string& text, bool number = false)
{
    return std::string(number ? "<td class=\"n\">" : "<td>") + text + "</td>";
}

std::string header_row(const std::vector<std::string>& names)
{
    std::string s = "<tr>";
    for (const auto& n : names)
        s += "<th>" + n + "</th>";
    return s + "</tr>\n";
}

// The zone attribute the events came from, as the run's configuration names it.
std::string event_field_of(const RunProvenance& provenance)
{
    const auto json = nlohmann::json::parse(provenance.config_json, nullptr, false);
    if (json.is_object() && json.contains("eventField") && json["eventField"].is_string())
        return json["eventField"].get<std::string>();
    return "event";
}

// Which product the numbers are from, as the publisher and the user know it: "vnp46a3: NASA
// Black Marble monthly, ... (collection 5200, NearNadir_Composite_Snow_Free)". Archives from
// before products existed are EOG's monthly tiles; a name this sezu does not know is shown as is.
std::string product_line(const RunProvenance& p)
{
    const std::string name = p.product_name.empty() ? kDefaultProduct : p.product_name;
    std::string line = name;
    for (const Product& known : products())
        if (known.name == name)
            line += ": " + known.description;
    if (!p.collection.empty() || !p.variable.empty())
        line += " (collection " + (p.collection.empty() ? "?" : p.collection) + ", layer " +
                (p.variable.empty() ? "?" : p.variable) + ")";
    return line;
}

std::string summary_section(const ArchiveData& a, const std::string& archive_path,
                            const ReportOptions& options)
{
    std::size_t ok = 0;
    for (const auto s : a.status)
        ok += s == MonthStatus::Ok ? 1 : 0;
    const std::string periods = a.period_word() + "s"; // "months", or "years" (annual)
    std::ostringstream s;
    s << "<p class=\"lead\">" << a.zone_ids.size() << " zones &times; " << a.months.size()
      << " " << periods;
    if (!a.months.empty())
        s << " (" << a.label(0) << " to " << a.label(a.months.size() - 1) << ")";
    s << ": <b>" << ok << " " << periods << " ok</b>, " << a.months.size() - ok
      << " not ok. Archive <code>" << escape(archive_path) << "</code>.</p>\n"
      << "<p>Product <b>" << escape(product_line(a.provenance)) << "</b>.</p>\n"
      << "<p>Radiance is the VIIRS Day/Night Band " << a.period_word() << "ly average in "
      << "nW/cm²/sr. <i>Sum of lights</i> adds it over the zone's cells, each weighted by the "
         "share of the cell inside the zone. The <i>cloud-free share</i> is the part of the zone "
         "seen cloud-free on at least one night of the " << a.period_word() << "; a "
      << a.period_word() << " where it is below "
      << figure(100.0 * (1.0 - options.usable.gap_threshold), "%.0f")
      << "% is a <i>gap</i> (its value is mostly made of nights that saw nothing), marked with "
         "a red circle. Shaded " << periods << " failed, were incomplete or were not published. "
         "A dashed violet line is the zone's event.</p>\n";
    return s.str();
}

std::string months_not_ok_section(const ArchiveData& a)
{
    std::ostringstream s;
    const std::string word = a.period_word();
    s << "<h2 id=\"months\">" << (word == "year" ? "Years" : "Months") << " not ok</h2>\n";
    std::string rows;
    for (std::size_t m = 0; m < a.months.size(); ++m)
        if (a.status[m] != MonthStatus::Ok)
            rows += "<tr>" + cell(a.label(m)) + cell(to_string(a.status[m])) +
                    cell(escape(a.reasons[m])) + "</tr>\n";
    if (rows.empty())
        s << "<p>Every " << word << " is ok.</p>\n";
    else
        s << "<table>\n" << header_row({word, "status", "reason"}) << rows << "</table>\n";
    return s.str();
}

// The interactive views: empty frames the page's script (report_web/report.js) fills from the
// data. Every label the script writes there is set as text (textContent), never as markup.
std::string views_section(const std::string& event_field)
{
    std::ostringstream s;
    s << "<h2 id=\"map\">Map</h2>\n<div class=\"controls\"><label>colour by <select "
         "id=\"map-figure\"><option value=\"sol\">newest ok month: sum of lights</option>"
         "<option value=\"growth\">growth: mean after / mean before the "
      << escape(event_field)
      << "</option></select></label> <span class=\"hint\">click a zone for its series</span>"
         "</div>\n<div id=\"map-frame\"><div id=\"zone-map\"></div><div id=\"map-bar\"></div>"
         "<div id=\"map-lights-bar\"></div></div>\n<p id=\"map-note\" class=\"hint\"></p>\n"
      << "<h2 id=\"zone\">Series of one zone</h2>\n<div class=\"controls\"><label>zone "
         "<select id=\"zone-pick\"></select></label> <label>statistic <select id=\"zone-stat\">"
         "</select></label> <label>scale <select id=\"zone-scale\"><option value=\"linear\">"
         "linear</option><option value=\"log\">log</option></select></label> <span "
         "class=\"hint\">drag to zoom, shift-drag to pan, double-click to reset</span></div>\n"
      << "<h3 id=\"zone-title\"></h3>\n<div id=\"zone-chart\" class=\"chart\"></div>\n"
         "<div id=\"zone-readout\" class=\"readout\"></div>\n<ul id=\"zone-legend\" "
         "class=\"legend\"></ul>\n<div id=\"zone-chip\"></div>\n"
      << "<h2 id=\"compare\">Zones compared</h2>\n<div class=\"controls\"><label>statistic "
         "<select id=\"compare-stat\"></select></label> <label>scale <select "
         "id=\"compare-scale\"><option value=\"linear\">linear</option><option value=\"log\">"
         "log</option></select></label> <span class=\"hint\">each zone indexed to its first "
         "year's usable months = 100; tick zones in the table to add them</span></div>\n"
      << "<div id=\"compare-chart\" class=\"chart\"></div>\n<div id=\"compare-readout\" "
         "class=\"readout\"></div>\n<ul id=\"compare-legend\" class=\"legend\"></ul>\n"
      << "<h2 id=\"table\">All zones</h2>\n<div class=\"controls\"><label>find <input "
         "id=\"table-filter\" type=\"search\" placeholder=\"id or name\"></label> <span "
         "id=\"table-note\" class=\"hint\"></span></div>\n<div class=\"table-frame\"><table "
         "id=\"zone-table\" class=\"sortable\"><thead></thead><tbody></tbody></table></div>\n";
    return s.str();
}

// Quicklook maps (sezu quicklook) saved in the report's folder as quicklook*.png are shown too:
// the report links them, it does not make them (it reads no raster).
std::string maps_section(const std::string& out_dir)
{
    std::vector<std::string> maps;
    std::error_code ec;
    for (fs::directory_iterator it(out_dir, ec), end; !ec && it != end; it.increment(ec)) {
        const std::string name = it->path().filename().string();
        if (name.rfind("quicklook", 0) == 0 && it->path().extension() == ".png")
            maps.push_back(name);
    }
    if (maps.empty())
        return "";
    std::sort(maps.begin(), maps.end());
    std::string s = "<h2 id=\"maps\">Maps</h2>\n<p>Radiance of the month around the zones "
                    "(log scale; zone outlines in cyan; cells never seen cloud-free in dark "
                    "blue-grey), from <code>sezu quicklook</code>.</p>\n";
    for (const auto& m : maps)
        s += "<figure><img src=\"" + escape(html::url_path(m)) + "\" alt=\"" + escape(m) +
             "\"><figcaption>" + escape(m) + "</figcaption></figure>\n";
    return s;
}

std::string provenance_section(const ArchiveData& a)
{
    const RunProvenance& p = a.provenance;
    std::ostringstream s;
    s << "<h2 id=\"provenance\">Provenance</h2>\n<table class=\"kv\">\n";
    const std::vector<std::pair<std::string, std::string>> rows = {
        {"source", redact_url(p.source)}, // an archive from before sources were redacted
        {"zones", p.zones_source + (p.zones_id_field.empty() ? "" : " (id field " + p.zones_id_field + ")")},
        {"pixel rule", p.pixel_rule},
        {"statistics options", p.stats_options},
        {"sezu version", p.sezu_version},
        {"archive written", p.created},
    };
    for (const auto& [k, v] : rows)
        s << "<tr><th>" << k << "</th><td><code>" << escape(v) << "</code></td></tr>\n";
    s << "</table>\n";
    if (const auto m = a.newest_ok_month()) {
        s << "<p>Tiles of " << a.label(*m) << ":</p>\n<table>\n"
          << header_row({"tile", "file", "bytes", "SHA-256"});
        for (const auto& t : a.tiles[*m])
            s << "<tr>" << cell(escape(t.tile)) << cell("<code>" + escape(t.file_name) + "</code>")
              << cell(std::to_string(t.bytes), true)
              << cell("<code class=\"hash\">" + escape(t.sha256) + "</code>") << "</tr>\n";
        s << "</table>\n";
    }
    s << "<details><summary>configuration</summary><pre>" << escape(p.config_json)
      << "</pre></details>\n";
    return s.str();
}

// Runs first: records script errors, failed loads (capture phase: an <img> or <script> that
// did not load) and console.error calls, and on load writes them on <body> for a reader or a
// test (data-errors, data-failed-resources, data-loaded).
const char* kLoadCheck = R"(<script>
window.sezuErrors = [];
window.addEventListener("error", function (e) {
  var src = e.target && (e.target.src || e.target.href);
  window.sezuErrors.push(src ? "failed to load " + src : String(e.message) + " at " + e.filename + ":" + e.lineno);
}, true);
(function () {
  var error = console.error;
  console.error = function () {
    window.sezuErrors.push(Array.prototype.join.call(arguments, " "));
    return error.apply(console, arguments);
  };
})();
window.addEventListener("load", function () {
  var bad = [];
  for (var i = 0; i < document.images.length; ++i) {
    var img = document.images[i];
    if (!img.complete || img.naturalWidth === 0) bad.push(img.getAttribute("src"));
  }
  document.body.setAttribute("data-failed-resources", bad.join(" "));
  document.body.setAttribute("data-errors", window.sezuErrors.join("\n"));
  document.body.setAttribute("data-loaded", "yes");
});
</script>)";

std::string page_head(const std::string& archive_path)
{
    return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<meta name=\""
           "viewport\" content=\"width=device-width\">\n<title>sezu report: " +
           escape(fs::path(archive_path).filename().string()) + "</title>\n" + kLoadCheck +
           "\n<link rel=\"stylesheet\" href=\"lib/dygraph.min.css\">\n<link rel=\"stylesheet\" "
           "href=\"lib/leaflet.css\">\n<link rel=\"stylesheet\" href=\"lib/sezu-report.css\">\n"
           "</head><body>\n<h1>Night lights per zone</h1>\n<nav><a href=\"#map\">map</a>"
           "<a href=\"#zone\">one zone</a><a href=\"#compare\">compared</a><a href=\"#table\">"
           "all zones</a><a href=\"#months\">months not ok</a><a href=\"#provenance\">"
           "provenance</a></nav>\n";
}

// The numbers as data: JSON, never run (type application/json), escaped so that no text in it
// can end the element.
std::string data_elements(const detail::ReportData& data)
{
    const auto element = [](const std::string& id, const std::string& json) {
        return "<script type=\"application/json\" id=\"" + id + "\">" + html::script_json(json) +
               "</script>\n";
    };
    // The sum of lights is drawn first; the other statistics are loaded when first asked for
    // (data/series-KEY.js, written by write_report): a page of 5,000 zones x 180 months holds
    // a third of the numbers and becomes usable three times sooner.
    return element("sezu-data", data.meta) + element("sezu-geometry", data.geometry) +
           element("sezu-series-sol", data.series.front().second);
}

// Each zone's chip as chips/Z.png (Z its index: no text from the archive in a file name), on
// the same fixed ramp as the page's colour bars and the quicklook.
void write_chips(const detail::ReportFolder& folder, const ArchiveData& a)
{
    for (std::size_t z = 0; z < a.chips.size(); ++z)
        if (!a.chips[z].empty())
            detail::write_chip_png(a.chips[z],
                                   folder.path_of("chips/" + std::to_string(z) + ".png"));
}

} // namespace

// The statistics the report shows: an archive made with --stats without them cannot be
// reported on (said before any file is written).
void check_report_statistics(const ArchiveData& a, const std::string& archive_path)
{
    std::string missing;
    const auto needed = detail::ReportStatNames::all();
    for (const auto& name : needed)
        if (!a.stats.count(name))
            missing += (missing.empty() ? "" : ",") + name;
    if (missing.empty())
        return;
    std::string all;
    for (const auto& name : needed)
        all += (all.empty() ? "" : ", ") + name;
    throw ConfigError("report: " + archive_path + " does not hold " + missing +
                      " (it was made with --stats " + a.provenance.statistics +
                      "); the report needs " + all + ": make the archive with them");
}

std::string write_report(const std::string& archive_path, const ReportOptions& options)
{
    const ArchiveData a = read_archive(archive_path);
    check_report_statistics(a, archive_path);
    detail::ReportFolder folder(options.out_dir);
    folder.copy_libraries(options.js_dir);
    folder.write("lib/sezu-report.js", detail::kReportScript);
    folder.write("lib/sezu-report-map.js", detail::kReportMapScript);
    folder.write("lib/sezu-report-chip.js", detail::kReportChipScript);
    folder.write("lib/sezu-report-text.js", detail::kReportTextScript);
    folder.write("lib/sezu-report.css", detail::kReportStyle);

    const std::string event_field = event_field_of(a.provenance);
    const detail::ReportData data = detail::report_data(
        a, fs::path(archive_path).filename().string(), event_field, options);
    // Numbers only (no text from outside), as a script the page adds when it needs it: file://
    // pages may not fetch() files, but they may load scripts.
    for (std::size_t i = 1; i < data.series.size(); ++i)
        folder.write("data/series-" + data.series[i].first + ".js",
                     "sezuSeriesLoaded(\"" + data.series[i].first + "\"," +
                         html::script_json(data.series[i].second) + ");\n");
    write_chips(folder, a);
    std::ostringstream page;
    page << page_head(archive_path) << summary_section(a, archive_path, options)
         << views_section(event_field) << maps_section(options.out_dir)
         << months_not_ok_section(a) << provenance_section(a)
         << "<p class=\"name\">Made by sezu " << escape(SEZU_VERSION)
         << " from the archive alone.</p>\n"
         << data_elements(data)
         << "<script src=\"lib/dygraph.min.js\"></script>\n<script src=\"lib/leaflet.js\">"
            "</script>\n<script src=\"lib/sezu-report-map.js\"></script>\n<script "
            "src=\"lib/sezu-report-chip.js\"></script>\n<script "
            "src=\"lib/sezu-report-text.js\"></script>\n<script "
            "src=\"lib/sezu-report.js\"></script>\n</body></html>\n";
    folder.write("index.html", page.str());
    folder.commit();
    return (fs::path(options.out_dir) / "index.html").string();
}

} // namespace sezu
