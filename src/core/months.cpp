#include "sezu/core/months.hpp"

#include "sezu/core/error.hpp"

#include <cctype>
#include <cstdio>
#include <ctime>

namespace sezu {
namespace {

bool all_digits(const std::string& s)
{
    for (char c : s)
        if (!std::isdigit(static_cast<unsigned char>(c)))
            return false;
    return !s.empty();
}

bool is_leap(int year)
{
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

// Days from 1970-01-01 to the given civil date (proleptic Gregorian); Howard Hinnant's
// well-known algorithm, valid for every year sezu accepts.
long days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    const long era = (y >= 0 ? y : y - 399) / 400;
    const long yoe = y - era * 400;
    const long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

} // namespace

YearMonth::YearMonth(int year, int month) : m_year(year), m_month(month)
{
    if (month < 1 || month > 12)
        throw ConfigError("month: " + std::to_string(month) +
                          " is not a month (expected 01 to 12)");
    if (year < 1 || year > 9999)
        throw ConfigError("month: year " + std::to_string(year) + " is out of range");
}

YearMonth YearMonth::parse(const std::string& text)
{
    std::string digits = text;
    if (digits.size() == 7 && digits[4] == '-')
        digits.erase(4, 1);
    if (digits.size() != 6 || !all_digits(digits))
        throw ConfigError("month: '" + text + "' is not a month; write it as YYYYMM, e.g. 201505");
    const int year = std::stoi(digits.substr(0, 4));
    const int month = std::stoi(digits.substr(4, 2));
    if (month < 1 || month > 12)
        throw ConfigError("month: '" + text + "' has month " + digits.substr(4, 2) +
                          "; months run from 01 to 12");
    return YearMonth(year, month);
}

YearMonth YearMonth::from_index(int index)
{
    return YearMonth(index / 12, index % 12 + 1);
}

int YearMonth::days() const
{
    static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m_month == 2 && is_leap(m_year) ? 29 : kDays[m_month - 1];
}

std::string YearMonth::to_string() const
{
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d%02d", m_year, m_month);
    return buf;
}

std::string YearMonth::label() const
{
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d", m_year, m_month);
    return buf;
}

std::string YearMonth::first_day() const
{
    return to_string() + "01";
}

std::string YearMonth::last_day() const
{
    char buf[8];
    std::snprintf(buf, sizeof buf, "%02d", days());
    return to_string() + buf;
}

long YearMonth::days_since_epoch() const
{
    return days_from_civil(m_year, m_month, 1);
}

std::ostream& operator<<(std::ostream& os, const YearMonth& ym)
{
    return os << ym.to_string();
}

YearMonth first_published_month()
{
    return YearMonth(2012, 4);
}

YearMonth current_utc_month()
{
    const std::time_t now = std::time(nullptr);
    std::tm utc{};
    gmtime_r(&now, &utc);
    return YearMonth(utc.tm_year + 1900, utc.tm_mon + 1);
}

SpanUnit parse_span_unit(const std::string& text)
{
    if (text == "month")
        return SpanUnit::Month;
    if (text == "year")
        return SpanUnit::Year;
    throw ConfigError("span: spanUnit '" + text +
                      "' is not supported; use \"month\" (YYYYMM bounds) or \"year\" (YYYY bounds)");
}

std::vector<YearMonth> expand_span(const YearMonth& start, const YearMonth& end)
{
    if (end < start)
        throw ConfigError("span: spanEnd " + end.to_string() + " is before spanStart " +
                          start.to_string() + "; swap them");
    if (start < first_published_month())
        throw ConfigError("span: the VIIRS monthly composites start in " +
                          first_published_month().to_string() + "; there is no product for " +
                          start.to_string() + ". Set spanStart to " +
                          first_published_month().to_string() + " or later");
    // A span into the future is a typo (2099 for 2019) or a wish; either way every month after
    // now would be reported "not published" forever, which looks like a data problem.
    if (current_utc_month() < end)
        throw ConfigError("span: spanEnd " + end.to_string() + " is after the current month (" +
                          current_utc_month().to_string() + "); no composite exists for it. Set "
                          "spanEnd to a past month, or to `latest` (the newest month published)");
    std::vector<YearMonth> months;
    for (int i = start.index(); i <= end.index(); ++i)
        months.push_back(YearMonth::from_index(i));
    return months;
}

std::vector<YearMonth> expand_span(SpanUnit unit, const std::string& start, const std::string& end)
{
    if (start.empty() || end.empty())
        throw ConfigError("span: spanStart and spanEnd are both required (YYYYMM)");
    if (unit == SpanUnit::Month)
        return expand_span(YearMonth::parse(start), YearMonth::parse(end));
    auto year_bound = [](const std::string& text, bool is_start) {
        if (text.size() == 4 && all_digits(text))
            return YearMonth(std::stoi(text), is_start ? 1 : 12);
        if (text.size() == 6 || text.size() == 7)
            return YearMonth::parse(text);
        throw ConfigError("span: '" + text + "' is not a year; with spanUnit \"year\" write YYYY");
    };
    return expand_span(year_bound(start, true), year_bound(end, false));
}

std::vector<YearMonth> expand_years(const std::string& start, const std::string& end)
{
    if (start.empty() || end.empty())
        throw ConfigError("span: spanStart and spanEnd are both required (YYYY for an annual "
                          "product)");
    auto year_of = [](const std::string& text, const char* key) {
        if (text.size() == 4 && all_digits(text))
            return std::stoi(text);
        throw ConfigError(std::string("span: ") + key + " '" + text + "' is not a year; the " +
                          "product is annual (one value per calendar year): write YYYY, e.g. " +
                          "--span-start 2014 --span-end 2016");
    };
    const int first = year_of(start, "spanStart"), last = year_of(end, "spanEnd");
    const int first_year = 2012; // VIIRS DNB starts in 2012 (Suomi NPP)
    const int now = current_utc_month().year();
    if (last < first)
        throw ConfigError("span: spanEnd " + end + " is before spanStart " + start + "; swap them");
    if (first < first_year)
        throw ConfigError("span: VIIRS night lights start in " + std::to_string(first_year) +
                          "; there is no annual product for " + start + ". Set spanStart to " +
                          std::to_string(first_year) + " or later");
    if (last > now)
        throw ConfigError("span: spanEnd " + end + " is after the current year (" +
                          std::to_string(now) + "); no annual composite exists for it");
    std::vector<YearMonth> years;
    for (int y = first; y <= last; ++y)
        years.emplace_back(y, 1);
    return years;
}

} // namespace sezu
