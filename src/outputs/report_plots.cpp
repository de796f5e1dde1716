#include "report_plots.hpp"

#include "gnuplot.hpp"

#include "sezu/outputs/analysis.hpp"
#include "sezu/core/error.hpp"

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace sezu::detail {
namespace fs = std::filesystem;

namespace {

std::string day_of(const YearMonth& m, int day)
{
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", m.year(), m.month(), day);
    return buf;
}

// gnuplot reads "NaN" as an undefined point: lines break there instead of dropping to zero.
std::string value(double v)
{
    if (!std::isfinite(v))
        return "NaN";
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.10g", v);
    return buf;
}

// Month tics on the 1st, every 1, 3, 6, 12 or 24 months: at most 14 labels, always readable.
// The upper panel has the same tics without labels.
std::string month_tics(const YearMonth& first, const YearMonth& last, bool labelled)
{
    const int span = last.index() - first.index() + 1;
    int step = 24;
    for (const int s : {1, 3, 6, 12})
        if (span / s <= 14) {
            step = s;
            break;
        }
    std::string tics;
    for (int i = first.index(); i <= last.index() + 1; ++i) {
        const YearMonth m = YearMonth::from_index(i);
        if ((step >= 12 ? m.month() - 1 : i % step) != 0 || (step == 24 && m.year() % 2 != 0))
            continue;
        tics += (tics.empty() ? "" : ", ") + script_literal(labelled ? m.label() : "") + " " +
                script_literal(day_of(m, 1));
    }
    return "set xtics (" + tics + ")\n";
}

// Columns: mid-month date, sum_of_lights, radiance_mean (ok months), cloud-free share in %,
// sum_of_lights and radiance_mean again in gap months only (for their markers). The file stays
// next to the plot for anyone who wants the numbers behind it.
void write_zone_data(const std::string& path, const ArchiveData& archive, std::size_t zone,
                     const std::vector<MonthFlag>& flags)
{
    std::ofstream out(path);
    out << "# month\tsum_of_lights\tradiance_mean\tcloud_free_share_pct\tsum_of_lights_in_gap\t"
           "radiance_mean_in_gap\n";
    for (std::size_t m = 0; m < archive.months.size(); ++m) {
        const bool ok = archive.status[m] == MonthStatus::Ok;
        const double sum = ok ? archive.at("sum_of_lights", m, zone) : NAN;
        const double mean = ok ? archive.at("radiance_mean", m, zone) : NAN;
        const double share = ok ? 100.0 * (1.0 - archive.at("zero_cvg_fraction", m, zone)) : NAN;
        const bool gap = flags[m] == MonthFlag::Gap;
        out << day_of(archive.months[m], 15) << '\t' << value(sum) << '\t' << value(mean) << '\t'
            << value(share) << '\t' << value(gap ? sum : NAN) << '\t' << value(gap ? mean : NAN)
            << '\n';
    }
    if (!out)
        throw ConfigError("report: cannot write " + path + "; check the folder is writable");
}

// Failed, incomplete and unpublished months (and ok months without a value) as shaded bands.
std::string missing_bands(const ArchiveData& archive, const std::vector<MonthFlag>& flags)
{
    std::string s;
    for (std::size_t m = 0; m < flags.size(); ++m)
        if (flags[m] == MonthFlag::Missing)
            s += "set object rect from " + script_literal(day_of(archive.months[m], 1)) +
                 ", graph 0 to " + script_literal(day_of(archive.months[m].next(), 1)) +
                 ", graph 1 behind fillcolor rgb \"#f2b8b5\" fillstyle solid 0.6 noborder\n";
    return s;
}

// The label's text is the variable the script read from the zone's labels file.
std::string event_line(const ZonePlotSpec& spec, bool with_label)
{
    if (!spec.event)
        return "";
    const std::string at = script_literal(day_of(*spec.event, 1));
    std::string s = "set arrow from " + at + ", graph 0 to " + at +
                    ", graph 1 nohead front linecolor rgb \"#6a3d9a\" linewidth 2 dashtype 2\n";
    if (with_label)
        s += "set label 1 sezu_event at " + at +
             ", graph 0.96 offset character 0.6, 0 front textcolor rgb \"#6a3d9a\"\n";
    return s;
}

std::string zone_title(const ArchiveData& archive, std::size_t zone)
{
    const std::string& name = archive.zone_names[zone];
    return "zone " + archive.zone_ids[zone] + (name.empty() ? "" : " - " + name);
}

// The zone's title and event label: one line, one field each (gnuplot.hpp, label_field).
void write_zone_labels(const std::string& path, const std::string& title,
                       const ZonePlotSpec& spec)
{
    std::ofstream out(path);
    out << label_field(title);
    if (spec.event)
        out << '\t' << label_field(spec.event_label);
    out << '\n';
    if (!out.flush())
        throw ConfigError("report: cannot write " + path + "; check the folder is writable");
}

// Paths are relative to the report's folder, gnuplot's working folder (run_gnuplot).
std::string zone_script(const ArchiveData& archive, const ZonePlotSpec& spec,
                        const std::string& stem, const std::vector<MonthFlag>& flags,
                        double gap_threshold)
{
    const YearMonth first = archive.months.front(), last = archive.months.back();
    const std::string range = "set xrange [" + script_literal(day_of(first, 1)) + ":" +
                              script_literal(day_of(last.next(), 1)) + "]\n";
    const std::string d = script_literal("data/" + stem + ".tsv");
    // Labels are read as data (before "set xdata time": stats refuses time data) into
    // variables; the script itself never holds their text.
    const std::string labels =
        "stats " + script_literal("data/" + stem + ".labels") + " using (sezu_title = strcol(1), " +
        (spec.event ? "sezu_event = strcol(2), " : "") + "0) nooutput\n";
    // gnuplot refuses to autoscale an axis that has no point at all (a zone outside the grid,
    // or no month ok): such an axis gets a fixed range and the panel says why it is empty.
    bool any_sum = false, any_mean = false;
    for (std::size_t m = 0; m < archive.months.size(); ++m)
        if (archive.status[m] == MonthStatus::Ok) {
            any_sum = any_sum || std::isfinite(archive.at("sum_of_lights", m, spec.zone));
            any_mean = any_mean || std::isfinite(archive.at("radiance_mean", m, spec.zone));
        }
    const std::string empty_axes =
        std::string(any_sum ? "" : "set yrange [0:1]\n") + (any_mean ? "" : "set y2range [0:1]\n") +
        (any_sum || any_mean ? ""
                             : "set label 2 \"no value in any month (zone outside the grid, or no "
                               "month ok)\" at graph 0.5, graph 0.5 center front\n");
    std::ostringstream s;
    s << "set output " << script_literal("plots/" + stem + ".svg") << "\n"
      << "reset\nset encoding utf8\nset termoption noenhanced\n"
      << "set datafile separator \"\\t\"\nset datafile missing \"NaN\"\n" << labels
      << "set xdata time\nset timefmt \"%Y-%m-%d\"\n" << range
      << "set grid xtics ytics linecolor rgb \"#dddddd\"\n"
      << "set lmargin at screen 0.10\nset rmargin at screen 0.88\n"
      << "set multiplot title sezu_title\n"
      // Top: the series, sum on the left axis, mean radiance on the right.
      << "set tmargin at screen 0.87\nset bmargin at screen 0.42\n" << month_tics(first, last, false)
      << "set ylabel \"sum of lights (nW/cm²/sr × cells)\"\nset ytics nomirror\n"
      << "set y2label \"mean radiance (nW/cm²/sr)\"\nset y2tics\n"
      << "set key at screen 0.49, screen 0.925 center horizontal maxrows 1 samplen 2 font \",10\"\n"
      << empty_axes << missing_bands(archive, flags) << event_line(spec, true)
      << "plot " << d << " using 1:2 with linespoints pointtype 7 pointsize 0.5 "
      << "linecolor rgb \"#1f77b4\" linewidth 1.5 title \"sum of lights\", \\\n  "
      << d << " using 1:3 axes x1y2 with lines dashtype 3 linecolor rgb \"#ff7f0e\" "
      << "linewidth 1.5 title \"mean radiance (right axis)\", \\\n  "
      << d << " using 1:5 with points pointtype 6 pointsize 1.4 linecolor rgb \"#d62728\" "
      << "title \"gap: mostly no cloud-free night\", \\\n  "
      << "keyentry with boxes fillstyle solid 0.6 fillcolor rgb \"#f2b8b5\" "
      << "title \"failed, incomplete or not published\"\n"
      << "unset object\nunset arrow\nunset label\nset autoscale y\n"
      // Bottom: the share of the zone seen cloud-free at least one night of the month.
      << "set tmargin at screen 0.36\nset bmargin at screen 0.12\n" << month_tics(first, last, true)
      << "set xtics rotate by -40 nomirror\n"
      << "set ylabel \"cloud-free share (%)\"\nset yrange [0:105]\nset ytics 0, 25, 100 mirror\n"
      << "unset y2tics\nunset y2label\nset key off\n"
      << missing_bands(archive, flags) << event_line(spec, false)
      << "set arrow from graph 0, first " << 100.0 * (1.0 - gap_threshold)
      << " to graph 1, first " << 100.0 * (1.0 - gap_threshold)
      << " nohead linecolor rgb \"#d62728\" dashtype 3\n"
      << "set boxwidth 20*86400\n"
      << "plot " << d << " using 1:4 with boxes fillstyle solid 0.5 noborder "
      << "linecolor rgb \"#2ca02c\"\n"
      << "unset multiplot\nunset output\n";
    return s.str();
}

} // namespace

std::vector<std::string> draw_zone_plots(const ArchiveData& archive,
                                         const std::vector<ZonePlotSpec>& specs,
                                         const ReportOptions& options)
{
    std::vector<std::string> svgs;
    if (specs.empty() || archive.months.empty())
        return svgs;
    const fs::path dir(options.out_dir);
    fs::create_directories(dir / "plots");
    fs::create_directories(dir / "data");
    std::ostringstream script;
    script << "set terminal svg size 1000,520 font \"DejaVu Sans,12\" background rgb \"white\"\n";
    for (const auto& spec : specs) {
        const std::string stem = "zone-" + std::to_string(spec.zone + 1);
        const auto flags = flag_months(series_of(archive, spec.zone, "sum_of_lights"),
                                       options.usable.gap_threshold);
        write_zone_data((dir / "data" / (stem + ".tsv")).string(), archive, spec.zone, flags);
        write_zone_labels((dir / "data" / (stem + ".labels")).string(),
                          zone_title(archive, spec.zone), spec);
        script << zone_script(archive, spec, stem, flags, options.usable.gap_threshold);
        svgs.push_back("plots/" + stem + ".svg");
    }
    const std::string script_path = (dir / "data" / "plots.gp").string();
    std::ofstream out(script_path);
    out << script.str();
    if (!out.flush())
        throw ConfigError("report: cannot write " + script_path + "; check the folder is writable");
    run_gnuplot(options.gnuplot, dir.string(), "data/plots.gp",
                (dir / "data" / "gnuplot.log").string());
    return svgs;
}

} // namespace sezu::detail
