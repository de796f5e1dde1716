#pragma once
/// What `sezu discover` prints: per month whether the source has it (complete / incomplete /
/// not published / error), as a table for people or JSON for machines.
#include "sezu/discover/catalog.hpp"
#include "sezu/core/months.hpp"

#include <ostream>
#include <string>
#include <vector>

namespace sezu {

class Fetcher;

/// The status word of a month: "complete", "incomplete", "not published", or "error" when the
/// listing could not be read (DiscoveredMonth::error is set).
std::string discovery_status(const DiscoveredMonth& month);

/// Prints one row per month. Table columns: month, status, tiles (found of 6), missing (tile
/// names), reason. JSON: an array of objects with month, status, tiles_found, missing, reason,
/// listing_url and, per found tile, tile / file / stamp / url. URLs are shown without
/// credentials.
void print_discovery(std::ostream& out, const std::vector<DiscoveredMonth>& months, bool json);

/// Discovers each month in turn (discover_month). A month whose listing cannot be read (a
/// FetchError after the retries) does not stop the others: it comes back with `error` set.
std::vector<DiscoveredMonth> discover_months(Fetcher& fetcher, const std::string& source_template,
                                             const ProductSpec& product,
                                             const std::vector<YearMonth>& months);

} // namespace sezu
