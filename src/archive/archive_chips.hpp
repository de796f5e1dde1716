#pragma once
// The archive's /chips group: one small radiance image per zone of the newest ok month (layout:
// docs/archive.md). A group of its own, apart from the month x zone tables. Internal to archive/.
#include "sezu/archive/archive.hpp"

#include "h5.hpp"

#include <vector>

namespace sezu::detail {

/// Writes /chips from the newest ok result that has one chip per zone (`zones` is the zone
/// dimension scale); nothing when none has. `deflate` 0 stores the pixels uncompressed.
void write_chips(ArchiveFile& f, hid_t zones, const std::vector<MonthResult>& results,
                 std::size_t zone_count, int deflate);

/// Reads /chips into `out.chips` and `out.chips_month` (left empty when the archive has none:
/// from before chips, or no month ok). Needs out.zone_ids read first.
void read_chips(const ArchiveFile& f, ArchiveData& out);

} // namespace sezu::detail
