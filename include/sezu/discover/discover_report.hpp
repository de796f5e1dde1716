#pragma once
/// What `sezu discover` prints: per month whether the source has it (complete / incomplete /
/// not published / error), as a table for people or JSON for machines. Pure text work on what
/// discovery found (discover_months in fetch.hpp reads the listings).
#include "sezu/core/months.hpp"
#include "sezu/discover/catalog.hpp"

#include <ostream>
#include <string>
#include <vector>

namespace sezu {

/// The status word of a month: "complete", "incomplete", "not published", or "error" when the
/// listing could not be read (DiscoveredMonth::error is set).
std::string discovery_status(const DiscoveredMonth& month);

/// Prints one row per month. Table columns: month, status, tiles (found of `tiles_needed`: the
/// EOG product's 6, or the Black Marble tiles the zones touch), missing (tile names), reason
/// (for a complete month what sets it apart: "partial: 20220701-20220726", "from j01
/// (NOAA-20)"). JSON: an array of objects with month, status, tiles_found, tiles_needed,
/// missing, reason, listing_url, satellite (of the tiles found; "" when none), first_day and
/// last_day (the days every tile covers), partial and, per found tile, tile / file / stamp /
/// url. URLs are shown without credentials.
void print_discovery(std::ostream& out, const std::vector<DiscoveredMonth>& months, bool json,
                     int tiles_needed = kTileCount);

} // namespace sezu
