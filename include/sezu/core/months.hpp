#pragma once
/// Months of the VIIRS monthly product and the inclusive spans a user asks for.
/// Pure: no I/O, no C libraries.
#include <ostream>
#include <string>
#include <vector>

namespace sezu {

/// A calendar month, e.g. 2015-01. Value type; parses and prints as "YYYYMM".
class YearMonth {
public:
    YearMonth() = default;
    /// Throws ConfigError unless 1 <= month <= 12 and 1 <= year <= 9999.
    YearMonth(int year, int month);

    /// Parses exactly six digits "YYYYMM" (also accepts "YYYY-MM").
    /// Throws ConfigError naming the text and the expected form.
    static YearMonth parse(const std::string& text);
    /// Months since year 0: handy for differences and ordering.
    static YearMonth from_index(int index);

    int year() const { return m_year; }
    int month() const { return m_month; }
    int index() const { return m_year * 12 + (m_month - 1); }
    int days() const;          ///< days in this month (Gregorian leap years)
    int yyyymm() const { return m_year * 100 + m_month; }

    std::string to_string() const;   ///< "YYYYMM"
    std::string label() const;       ///< "YYYY-MM", for people (reports, CSV, maps)
    std::string first_day() const;   ///< "YYYYMMDD" of day 1
    std::string last_day() const;    ///< "YYYYMMDD" of the last day
    /// Days from 1970-01-01 to the first day of the month (CF time coordinate).
    long days_since_epoch() const;

    YearMonth next() const { return from_index(index() + 1); }

    friend bool operator==(const YearMonth& a, const YearMonth& b) { return a.index() == b.index(); }
    friend bool operator!=(const YearMonth& a, const YearMonth& b) { return !(a == b); }
    friend bool operator<(const YearMonth& a, const YearMonth& b) { return a.index() < b.index(); }
    friend bool operator<=(const YearMonth& a, const YearMonth& b) { return !(b < a); }

private:
    int m_year = 2012;
    int m_month = 4;
};

std::ostream& operator<<(std::ostream& os, const YearMonth& ym);

/// The first month the VIIRS DNB monthly composites exist for (Suomi-NPP, 2012-04).
YearMonth first_published_month();

/// The current month in UTC: no composite exists for a later month (a month's composite is
/// published weeks after it ends, so the current month is at most not yet published).
YearMonth current_utc_month();

/// Unit of a span: "month" (spanStart/spanEnd are YYYYMM) or "year" (YYYY, all months of the
/// years; YYYYMM is accepted too and then used as is).
enum class SpanUnit { Month, Year };
SpanUnit parse_span_unit(const std::string& text);

/// Expands an inclusive span into its months, oldest first. Throws ConfigError for an end before
/// the start, or a start before the product exists (2012-04).
std::vector<YearMonth> expand_span(const YearMonth& start, const YearMonth& end);

/// Expands the textual span of the config file / CLI, honouring the unit.
std::vector<YearMonth> expand_span(SpanUnit unit, const std::string& start, const std::string& end);

/// The years of an annual product's inclusive span, each as its January (the period's first
/// month). Bounds are YYYY whatever the span unit; a YYYYMM bound is refused (a year is the
/// smallest period of an annual product, so 201403 would silently mean all of 2014). Throws
/// ConfigError for an end before the start, a year before 2012 (the first of VIIRS DNB) or
/// after the current one.
std::vector<YearMonth> expand_years(const std::string& start, const std::string& end);

} // namespace sezu
