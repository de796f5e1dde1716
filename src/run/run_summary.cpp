#include "run_summary.hpp"

#include "sezu/core/exit_code.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace sezu::detail {

namespace {

bool in_span(const std::vector<YearMonth>& span, const YearMonth& month)
{
    return std::find(span.begin(), span.end(), month) != span.end();
}

} // namespace

int exit_code_for(const std::vector<MonthResult>& results, const std::vector<YearMonth>& span)
{
    for (const auto& r : results)
        if (r.status != MonthStatus::Ok && in_span(span, r.month))
            return kExitSomeMonths;
    return kExitOk;
}

void print_summary(const std::vector<std::string>& zone_ids, std::vector<MonthResult> results,
                   const std::vector<YearMonth>& span, const std::string& archive,
                   PeriodUnit unit)
{
    const std::string periods = to_string(unit) + "s"; // "months" or "years"
    std::sort(results.begin(), results.end(),
              [](const MonthResult& a, const MonthResult& b) { return a.month < b.month; });
    int ok = 0, months_in_span = 0;
    for (const auto& r : results)
        if (in_span(span, r.month)) {
            ++months_in_span;
            ok += r.status == MonthStatus::Ok;
        }
    std::printf("\nsezu: %d of %d %s ok\n", ok, months_in_span, periods.c_str());
    for (const auto& r : results)
        if (r.status != MonthStatus::Ok)
            std::printf("  %s  %-13s %s\n", period_text(r.month, unit).c_str(),
                        to_string(r.status).c_str(), r.reason.c_str());
    std::printf("\n%-28s %6s %16s %16s %12s\n", "zone", periods.c_str(), "first SOL", "last SOL",
                "mean rad.");
    for (size_t z = 0; z < zone_ids.size(); ++z) {
        int n = 0;
        double first = NAN, last = NAN, mean_total = 0;
        for (const auto& r : results) {
            if (r.status != MonthStatus::Ok)
                continue;
            const ZoneStats& s = r.stats[z];
            // A zone without numbers in an ok month (Black Marble: its tile is missing) is
            // left out, so one such month does not turn the zone's whole line into NaN.
            if (!std::isfinite(s.sum) || !std::isfinite(s.mean))
                continue;
            if (n == 0)
                first = s.sum;
            last = s.sum;
            mean_total += s.mean;
            ++n;
        }
        std::printf("%-28s %6d %16.6g %16.6g %12.4g\n", zone_ids[z].c_str(), n, first, last,
                    n ? mean_total / n : NAN);
    }
    std::printf("\nSOL = sum of lights (nW/cm2/sr x cells); mean rad. = mean radiance over "
                "ok %s; %s = ok %s with numbers for the zone\narchive: %s\n",
                periods.c_str(), periods.c_str(), periods.c_str(), archive.c_str());
    std::fflush(stdout);
}

} // namespace sezu::detail
