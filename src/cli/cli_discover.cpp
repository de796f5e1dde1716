// The discover command: per month, what the source publishes, checked with the run's own
// settings and messages before any listing is read.
#include "cli_common.hpp"

#include "sezu/core/error.hpp"
#include "sezu/core/exit_code.hpp"
#include "sezu/discover/laads.hpp"
#include "sezu/discover/discover_report.hpp"
#include "sezu/fetch/fetch.hpp"
#include "sezu/run/fetch_config.hpp"
#include "sezu/run/pipeline.hpp"

#include <iostream>

namespace sezu::cli {

namespace {

// A Black Marble product: per period, the granules of the tiles the zones touch, the tiles
// holding the zones' cells that the period lacks (gaps), and those only the zones' boxes reach
// (ocean: no gap). Needs the zones: the tiles are theirs.
std::vector<DiscoveredMonth> discover_blackmarble_periods(const Config& c, Fetcher& fetcher,
                                                          int& needed_count)
{
    const ZoneSet zones = load_run_zones(c, true);
    std::vector<BBox> boxes;
    std::vector<std::string> ids;
    for (const auto& zone : zones.zones) {
        boxes.push_back(zone.geometry.bbox());
        ids.push_back(zone.id);
    }
    const std::vector<BlackMarbleTile> needed = blackmarble_tiles_touching(boxes);
    const auto zone_tiles = blackmarble_tiles_with_cells(zones);
    const BBox box = zones_box(zones);
    needed_count = int(needed.size());
    std::vector<DiscoveredMonth> out;
    for (const YearMonth& month : c.months()) {
        try {
            out.push_back(discover_blackmarble(fetcher, c, month, needed, box));
        } catch (const ConfigError&) {
            throw; // the user's setup: no period can work
        } catch (const Error& e) { // this period's listing or CMR page: the others still show
            out.emplace_back();
            out.back().month = month;
            out.back().error = e.what();
        }
        mark_blackmarble_gaps(out.back(), ids, zone_tiles);
    }
    return out;
}

} // namespace

int cmd_discover(const Args& args, Comm& comm)
{
    po::options_description desc("sezu discover options");
    desc.add(span_options()).add(source_options());
    desc.add_options()
        ("json", "print JSON instead of a table")
        ("cache-dir", po::value<std::string>(), "unused by discover; accepted for configs")
        ("zones,z", po::value<std::string>(),
         "zones file: for Black Marble, only the tiles the zones touch are looked for "
         "(required there; unused for eog-monthly)")
        ("id-field", po::value<std::string>(), "zone id attribute (default: feature index)")
        ("zones-layer", po::value<std::string>(), "layer of the zones source")
        ("zones-crs", po::value<std::string>(), "CRS of the zones' coordinates (as for run)")
        ("help,h", "this help");
    const auto vm = parse("discover", desc, args);
    if (help_asked(vm, comm, "usage: sezu discover (-c CONFIG | --span-start YYYYMM --span-end YYYYMM) "
                         "[--source ...] [--product ... --zones FILE] [--json]\n\nLists, per "
                         "month, whether the source has all 6 tiles (eog-monthly), or, for Black "
                         "Marble, the tiles the zones touch and which of them holding the "
                         "zones' cells are missing (ocean tiles absent are no gap).\n", desc))
        return kExitOk;
    Config c = config_from(vm);
    // The run's checks and messages (span, product, variable, satellite, source), on every rank.
    c.validate_source_before_latest();
    const bool black_marble = c.data_product().family == ProductFamily::BlackMarble;
    if (black_marble && c.span_end == "latest")
        require_eog_tiles(c, "--span-end latest"); // else give the month as YYYYMM
    if (black_marble && c.zones.empty())
        throw ConfigError("discover: " + c.product_name + " is published as 10-degree tiles "
                          "and discover looks only for those your zones touch: give --zones "
                          "FILE (or \"zones\" in the config)");
    if (comm.rank() != 0)
        return kExitOk;
    FetchOptions options = fetch_options_for(c);
    options.quiet = true;
    Fetcher fetcher(options);
    if (c.span_end == "latest")
        c.span_end = resolve_latest(c.source, c.product, fetcher).to_string();
    int needed = kTileCount;
    const auto found = black_marble ? discover_blackmarble_periods(c, fetcher, needed)
                                    : discover_months(fetcher, c.source, c.product, c.months());
    print_discovery(std::cout, found, vm.count("json") > 0, needed);
    std::cout.flush();
    for (const auto& m : found)
        if (m.availability != Availability::Complete)
            return kExitSomeMonths;
    return kExitOk;
}

} // namespace sezu::cli
