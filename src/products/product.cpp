#include "sezu/products/product.hpp"

#include "sezu/core/error.hpp"

namespace sezu {

const char* const kDefaultProduct = "eog-monthly";

std::string to_string(PeriodUnit unit)
{
    return unit == PeriodUnit::Month ? "month" : "year";
}

std::string to_string(ProductFamily family)
{
    return family == ProductFamily::EogTiles ? "eog-tiles" : "black-marble";
}

PeriodUnit parse_period_unit(const std::string& text)
{
    if (text.empty() || text == "month")
        return PeriodUnit::Month;
    if (text == "year")
        return PeriodUnit::Year;
    throw DataError("period unit '" + text + "' is neither month nor year (a newer sezu's "
                    "archive?)");
}

YearMonth next_period(const YearMonth& first, PeriodUnit unit)
{
    return unit == PeriodUnit::Month ? first.next() : YearMonth(first.year() + 1, 1);
}

std::string period_label(const YearMonth& first, PeriodUnit unit)
{
    return unit == PeriodUnit::Month ? first.label() : std::to_string(first.year());
}

std::string period_text(const YearMonth& first, PeriodUnit unit)
{
    return unit == PeriodUnit::Month ? first.to_string() : std::to_string(first.year());
}

std::string period_last_day(const YearMonth& first, PeriodUnit unit)
{
    return unit == PeriodUnit::Month ? first.last_day() : YearMonth(first.year(), 12).last_day();
}

bool operator==(const Product& a, const Product& b)
{
    return a.name == b.name && a.family == b.family && a.period == b.period &&
           a.short_name == b.short_name && a.collection == b.collection &&
           a.satellite == b.satellite && a.default_variable == b.default_variable &&
           a.data_group == b.data_group && a.parallel_downloads == b.parallel_downloads &&
           a.description == b.description && a.variables == b.variables &&
           a.first_month == b.first_month;
}

bool operator!=(const Product& a, const Product& b)
{
    return !(a == b);
}

std::ostream& operator<<(std::ostream& os, const Product& p)
{
    return os << p.name;
}

namespace {

// The HDF-EOS5 group of every Black Marble level-3 granule (shared/viirs.md); the space in
// "Data Fields" is part of the name.
const char* const kBlackMarbleGroup = "HDFEOS/GRIDS/VIIRS_Grid_DNB_2d/Data Fields";

// The radiance layers of every Black Marble granule: {AllAngle,NearNadir,OffNadir} x
// Snow_{Free,Covered} (shared/viirs.md).
std::vector<std::string> blackmarble_variables()
{
    std::vector<std::string> out;
    for (const char* angle : {"AllAngle", "NearNadir", "OffNadir"})
        for (const char* snow : {"Free", "Covered"})
            out.push_back(std::string(angle) + "_Composite_Snow_" + snow);
    return out;
}

Product black_marble(const char* name, const char* short_name, const char* satellite,
                     PeriodUnit period, const char* description)
{
    // NOAA-20's products begin with its first full month, Suomi NPP's with 2012.
    const YearMonth first = std::string(satellite) == "j01" ? YearMonth(2018, 1)
                                                            : YearMonth(2012, 1);
    return Product{name, ProductFamily::BlackMarble, period, short_name, "5200", satellite,
                   "NearNadir_Composite_Snow_Free", kBlackMarbleGroup, 3, description,
                   blackmarble_variables(), first};
}

} // namespace

const std::vector<Product>& products()
{
    static const std::vector<Product> kProducts = {
        {kDefaultProduct, ProductFamily::EogTiles, PeriodUnit::Month, "SVDNB", "v10", "npp",
         "avg_rade9h", "", 6,
         "EOG/NOAA VIIRS DNB monthly composites v10, 6 tiles of 15\" (from 2012-04)",
         {"avg_rade9h"}, first_published_month()},
        black_marble("vnp46a3", "VNP46A3", "npp", PeriodUnit::Month,
                     "NASA Black Marble monthly, Suomi NPP, 10-degree HDF5 tiles (from 2012-01)"),
        black_marble("vj146a3", "VJ146A3", "j01", PeriodUnit::Month,
                     "NASA Black Marble monthly, NOAA-20, 10-degree HDF5 tiles (from 2018-01)"),
        black_marble("vnp46a4", "VNP46A4", "npp", PeriodUnit::Year,
                     "NASA Black Marble annual, Suomi NPP, 10-degree HDF5 tiles (from 2012)"),
        black_marble("vj146a4", "VJ146A4", "j01", PeriodUnit::Year,
                     "NASA Black Marble annual, NOAA-20, 10-degree HDF5 tiles (from 2018)"),
    };
    return kProducts;
}

std::string Product::variable_list() const
{
    std::string out;
    for (const auto& v : variables)
        out += (out.empty() ? "" : ", ") + v;
    return out;
}

std::string product_names()
{
    std::string out;
    for (const auto& p : products())
        out += (out.empty() ? "" : ", ") + p.name;
    return out;
}

const Product& find_product(const std::string& name)
{
    for (const auto& p : products())
        if (p.name == name)
            return p;
    throw ConfigError("product: '" + name + "' is not a product sezu knows; choose one of " +
                      product_names() + " (docs/usage.md says which to choose)");
}

std::string collection_of_version(const std::string& ccc)
{
    if (ccc == "002")
        return "5200";
    if (ccc == "001")
        return "5000";
    return "";
}

} // namespace sezu
