#pragma once
// What a run tells at its end: its exit code and the summary table. Internal to run/.
#include "sezu/products/product.hpp"
#include "sezu/stats/month_result.hpp"

#include <string>
#include <vector>

namespace sezu::detail {

/// kExitOk when every month of `span` is ok in `results`, else kExitSomeMonths. Months outside
/// the span (kept from the archive) do not count.
int exit_code_for(const std::vector<MonthResult>& results, const std::vector<YearMonth>& span);

/// Prints to stdout how many months of `span` are ok, the ones that are not and why, and per
/// zone the months, first and last sum of lights and mean radiance over the ok months; `unit`
/// says whether the periods are months or (annual products) years.
void print_summary(const std::vector<std::string>& zone_ids, std::vector<MonthResult> results,
                   const std::vector<YearMonth>& span, const std::string& archive,
                   PeriodUnit unit = PeriodUnit::Month);

} // namespace sezu::detail
