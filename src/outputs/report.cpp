#include "sezu/outputs/report.hpp"

#include "report_plots.hpp"

#include "sezu/core/error.hpp"
#include "sezu/core/html.hpp"
#include "sezu/core/redact.hpp"
#include "sezu/core/temp_file.hpp"

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

std::string zone_label(const ArchiveData& a, std::size_t z)
{
    return escape(a.zone_ids[z]) + (a.zone_names[z].empty()
                                         ? ""
                                         : " <span class=\"name\">" + escape(a.zone_names[z]) +
                                               "</span>");
}

std::string summary_section(const ArchiveData& a, const std::string& archive_path,
                            const ReportOptions& options)
{
    std::size_t ok = 0;
    for (const auto s : a.status)
        ok += s == MonthStatus::Ok ? 1 : 0;
    std::ostringstream s;
    s << "<p class=\"lead\">" << a.zone_ids.size() << " zones &times; " << a.months.size()
      << " months";
    if (!a.months.empty())
        s << " (" << a.months.front().label() << " to " << a.months.back().label() << ")";
    s << ": <b>" << ok << " months ok</b>, " << a.months.size() - ok
      << " not ok. Archive <code>" << escape(archive_path) << "</code>.</p>\n"
      << "<p>Radiance is the VIIRS Day/Night Band monthly average in nW/cm²/sr. <i>Sum of "
         "lights</i> adds it over the zone's cells, each weighted by the share of the cell inside "
         "the zone. The <i>cloud-free share</i> is the part of the zone seen cloud-free on at "
         "least one night of the month; a month where it is below "
      << figure(100.0 * (1.0 - options.usable.gap_threshold), "%.0f")
      << "% is a <i>gap</i> (its value is mostly made of nights that saw nothing), marked with "
         "a red circle. Shaded months failed, were incomplete or were not published. A dashed "
         "violet line is the zone's event.</p>\n";
    return s.str();
}

std::string months_not_ok_section(const ArchiveData& a)
{
    std::ostringstream s;
    s << "<h2 id=\"months\">Months not ok</h2>\n";
    std::string rows;
    for (std::size_t m = 0; m < a.months.size(); ++m)
        if (a.status[m] != MonthStatus::Ok)
            rows += "<tr>" + cell(a.months[m].label()) + cell(to_string(a.status[m])) +
                    cell(escape(a.reasons[m])) + "</tr>\n";
    if (rows.empty())
        s << "<p>Every month is ok.</p>\n";
    else
        s << "<table>\n" << header_row({"month", "status", "reason"}) << rows << "</table>\n";
    return s.str();
}

std::string latest_section(const ArchiveData& a)
{
    std::ostringstream s;
    s << "<h2 id=\"latest\">Newest ok month</h2>\n";
    const auto m = a.newest_ok_month();
    if (!m)
        return s.str() + "<p>No month is ok yet.</p>\n";
    s << "<p>" << a.months[*m].label() << ", per zone.</p>\n<table>\n"
      << header_row({"zone", "sum of lights", "mean radiance (nW/cm²/sr)", "max", "lit share",
                     "cloud-free share", "area (km²)"});
    for (std::size_t z = 0; z < a.zone_ids.size(); ++z)
        s << "<tr>" << cell(zone_label(a, z))
          << cell(figure(a.at("sum_of_lights", *m, z)), true)
          << cell(figure(a.at("radiance_mean", *m, z)), true)
          << cell(figure(a.at("radiance_max", *m, z)), true)
          << cell(figure(100.0 * a.at("lit_fraction", *m, z), "%.1f%%"), true)
          << cell(figure(100.0 * (1.0 - a.at("zero_cvg_fraction", *m, z)), "%.1f%%"), true)
          << cell(figure(a.at("area_km2", *m, z), "%.1f"), true) << "</tr>\n";
    return s.str() + "</table>\n";
}

std::string before_after_section(const ArchiveData& a, const ReportOptions& options,
                                 const std::string& event_field)
{
    std::string rows;
    for (std::size_t z = 0; z < a.zone_ids.size(); ++z) {
        if (a.zone_events[z].empty())
            continue;
        std::string error;
        const auto event = parse_event(a.zone_events[z], &error);
        const BeforeAfter ba =
            before_after(series_of(a, z, "sum_of_lights"), event, options.usable);
        const std::string note = !error.empty() ? error : ba.reason;
        rows += "<tr>" + cell(zone_label(a, z)) + cell(escape(a.zone_events[z])) +
                cell(std::to_string(ba.months_before) + " / " + std::to_string(ba.months_after),
                     true) +
                cell(figure(ba.mean_before), true) + cell(figure(ba.mean_after), true) +
                cell(figure(ba.ratio, "%.3f"), true) + cell(figure(ba.slope_before), true) +
                cell(figure(ba.slope_after), true) + cell(escape(note)) + "</tr>\n";
    }
    if (rows.empty())
        return "";
    return "<h2 id=\"before-after\">Before and after each zone's " + escape(event_field) +
           "</h2>\n<p>Sum of lights, usable months only (docs/analysis.md): mean per month "
           "before and from the event month on, their ratio, and the least-squares trend per "
           "year on each side.</p>\n<table>\n" +
           header_row({"zone", escape(event_field), "months before / after", "mean before",
                       "mean after", "ratio after/before", "trend before (/yr)",
                       "trend after (/yr)", "note"}) +
           rows + "</table>\n";
}

std::string zones_section(const ArchiveData& a, const std::vector<detail::ZonePlotSpec>& specs,
                          const std::vector<std::string>& svgs)
{
    std::ostringstream s;
    s << "<h2 id=\"zones\">Series per zone</h2>\n";
    if (specs.size() < a.zone_ids.size())
        s << "<p>Plots for the first " << specs.size() << " of " << a.zone_ids.size()
          << " zones (sezu report --max-plots).</p>\n";
    for (std::size_t i = 0; i < specs.size(); ++i) {
        const std::size_t z = specs[i].zone;
        s << "<figure id=\"zone-" << z + 1 << "\"><img src=\"" << escape(svgs[i])
          << "\" width=\"1000\" height=\"520\" alt=\"sum of lights and mean radiance of zone "
          << escape(a.zone_ids[z]) << " per month\"><figcaption>" << zone_label(a, z)
          << (specs[i].event ? " &middot; " + escape(specs[i].event_label) : "")
          << " &middot; <a href=\"data/zone-" << z + 1 << ".tsv\">numbers</a></figcaption></figure>\n";
    }
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
        s << "<p>Tiles of " << a.months[*m].label() << ":</p>\n<table>\n"
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

// Everything the page needs is in it or beside it: no script, font or style from elsewhere.
const char* kStyle = R"(body{font-family:"DejaVu Sans",sans-serif;margin:1.5em auto;max-width:1060px;color:#222;padding:0 1em}
h1{font-size:1.5em;margin-bottom:.2em}h2{font-size:1.2em;margin-top:1.6em;border-bottom:1px solid #ccc}
table{border-collapse:collapse;font-size:.9em;margin:.5em 0}th,td{padding:.25em .6em;border-bottom:1px solid #e4e4e4;text-align:left}
td.n{text-align:right;font-variant-numeric:tabular-nums}.name{color:#666}.lead{font-size:1.05em}
figure{margin:1em 0}img{max-width:100%;height:auto;border:1px solid #eee}figcaption{font-size:.9em;color:#444}
code.hash{font-size:.75em}nav a{margin-right:1em}table.kv th{width:12em})";

// Tells a test (or a curious reader) whether every picture loaded: the page's title says so.
const char* kLoadCheck = R"(<script>
window.addEventListener("load", function () {
  var bad = [];
  for (var i = 0; i < document.images.length; ++i) {
    var img = document.images[i];
    if (!img.complete || img.naturalWidth === 0) bad.push(img.getAttribute("src"));
  }
  document.body.setAttribute("data-failed-resources", bad.join(" "));
  document.body.setAttribute("data-loaded", "yes");
});
</script>)";

} // namespace

// The statistics the report's tables and plots show: an archive made with --stats without
// them cannot be reported on (said before any file is written).
void check_report_statistics(const ArchiveData& a, const std::string& archive_path)
{
    std::string missing;
    for (const char* name : {"sum_of_lights", "radiance_mean", "radiance_max", "lit_fraction",
                             "zero_cvg_fraction", "area_km2"})
        if (!a.stats.count(name))
            missing += std::string(missing.empty() ? "" : ",") + name;
    if (!missing.empty())
        throw ConfigError("report: " + archive_path + " does not hold " + missing +
                          " (it was made with --stats " + a.provenance.statistics +
                          "); the report needs sum_of_lights, radiance_mean, radiance_max, "
                          "lit_fraction, zero_cvg_fraction and area_km2: make the archive with "
                          "them");
}

std::string write_report(const std::string& archive_path, const ReportOptions& options)
{
    const ArchiveData a = read_archive(archive_path);
    check_report_statistics(a, archive_path);
    std::error_code ec;
    fs::create_directories(options.out_dir, ec);
    if (ec || !fs::is_directory(options.out_dir))
        throw ConfigError("report: cannot create the folder " + options.out_dir + ": " +
                          (ec ? ec.message() : "a file is in the way"));

    const std::string event_field = event_field_of(a.provenance);
    std::vector<detail::ZonePlotSpec> specs;
    for (std::size_t z = 0; z < a.zone_ids.size() && specs.size() < options.max_plots; ++z) {
        detail::ZonePlotSpec spec;
        spec.zone = z;
        spec.event = parse_event(a.zone_events[z]);
        if (spec.event)
            spec.event_label = event_field + " " + spec.event->label();
        specs.push_back(spec);
    }
    const std::vector<std::string> svgs = detail::draw_zone_plots(a, specs, options);

    std::ostringstream page;
    page << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>sezu "
            "report: "
         << escape(fs::path(archive_path).filename().string()) << "</title>\n<style>" << kStyle
         << "</style>\n" << kLoadCheck << "\n</head><body>\n<h1>Night lights per zone</h1>\n"
         << "<nav><a href=\"#latest\">newest month</a><a href=\"#before-after\">before/after</a>"
            "<a href=\"#zones\">series</a><a href=\"#months\">months not ok</a>"
            "<a href=\"#provenance\">provenance</a></nav>\n"
         << summary_section(a, archive_path, options) << latest_section(a)
         << before_after_section(a, options, event_field) << zones_section(a, specs, svgs)
         << maps_section(options.out_dir) << months_not_ok_section(a) << provenance_section(a)
         << "<p class=\"name\">Made by sezu " << escape(SEZU_VERSION) << " from the archive alone.</p>\n"
         << "</body></html>\n";
    const std::string index = (fs::path(options.out_dir) / "index.html").string();
    TempFile file(index, "report");
    const std::string text = page.str();
    file.write(text.data(), text.size());
    file.commit();
    return index;
}

} // namespace sezu
