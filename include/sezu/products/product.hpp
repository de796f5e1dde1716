#pragma once
/// A data product as one value: which publisher's files, on which tile grid, named how, read how
/// and over what period. Every stage asks the run's Product instead of assuming the EOG tiles;
/// a new product is one more entry in products() (and, for a new family, its own files under
/// products/: grid, names, reader), not an `if` in every stage. Pure: no I/O, no C libraries.
/// Facts: shared/viirs.md (EOG monthly tiles; NASA Black Marble VNP46A3/VJ146A3/VNP46A4/VJ146A4).
#include "sezu/core/months.hpp"

#include <ostream>
#include <string>
#include <vector>

namespace sezu {

/// How long one of the product's periods is: a calendar month or a calendar year.
enum class PeriodUnit { Month, Year };
/// "month" or "year".
std::string to_string(PeriodUnit unit);
/// Parses "month" or "year" (an archive's `period_unit`; "" is "month": archives from before
/// annual products). Throws DataError for anything else.
PeriodUnit parse_period_unit(const std::string& text);

// A period is held as its first month everywhere (YearMonth): a year as its January, whose
// first day is the year's first day, the day annual granules are named after (AYYYY001).

/// The period after the one starting with `first`: the next month, or next year's January.
YearMonth next_period(const YearMonth& first, PeriodUnit unit);
/// A period for people (reports, CSV, maps): "YYYY-MM" for a month, "YYYY" for a year.
std::string period_label(const YearMonth& first, PeriodUnit unit);
/// A period as sezu's messages and flags write it: "YYYYMM" for a month, "YYYY" for a year.
std::string period_text(const YearMonth& first, PeriodUnit unit);
/// The last day of the period, "YYYYMMDD" (a year's is its 31 December).
std::string period_last_day(const YearMonth& first, PeriodUnit unit);

/// The families of products, each with its own grid, names and file format.
enum class ProductFamily {
    EogTiles,     ///< EOG/NOAA VIIRS DNB monthly tiles: 6 tiles, .tgz of GeoTIFFs (tile_grid.hpp)
    BlackMarble,  ///< NASA Black Marble: 10-degree h/v tiles, HDF5 (HDF-EOS5) granules
};
/// "eog-tiles" or "black-marble".
std::string to_string(ProductFamily family);

/// One product sezu can read.
struct Product {
    std::string name;           ///< what --product takes, e.g. "eog-monthly", "vnp46a3"
    ProductFamily family = ProductFamily::EogTiles;
    PeriodUnit period = PeriodUnit::Month;
    /// The publisher's name of the product: "SVDNB" (EOG file prefix), "VNP46A3", "VJ146A4".
    std::string short_name;
    /// The collection as the publisher numbers it: "v10" (EOG), "5200" (Black Marble current;
    /// file names carry "002"), "5000" (old, "001").
    std::string collection;
    /// The satellite whose files these are: "npp" (Suomi NPP) or "j01" (NOAA-20). For EOG the
    /// run's --satellite chooses instead (ProductSpec); here it is the product's own.
    std::string satellite;
    /// The layer read when the user names none (--variable): "avg_rade9h" for EOG (its member
    /// suffix), "NearNadir_Composite_Snow_Free" for Black Marble (the peers' default).
    std::string default_variable;
    /// Where the variables live inside a granule; "" when the file has no groups (EOG TIFFs).
    std::string data_group;
    /// Concurrent downloads when the user sets none: the Black Marble servers throttle (2-4).
    int parallel_downloads = 6;
    /// One line for `sezu run --help` and docs: what it is and from when.
    std::string description;
    /// The layers --variable may choose, the default among them. EOG's tiles have one
    /// (avg_rade9h); a Black Marble granule six radiance layers (each with _Num, _Quality and
    /// _Std beside it, which are not radiance and not choosable).
    std::vector<std::string> variables;
    /// The satellite's first period: NOAA-20 (VJ146*) from 2018-01, Suomi NPP's Black Marble
    /// from 2012-01, EOG's tiles from 2012-04. A span starting earlier is refused for Black Marble.
    YearMonth first_month;
    /// The variables, comma-separated (for messages).
    std::string variable_list() const;
};
bool operator==(const Product& a, const Product& b);
bool operator!=(const Product& a, const Product& b);
/// The product's name, e.g. "vnp46a3".
std::ostream& operator<<(std::ostream& os, const Product& p);

/// The name of the product a run uses when none is given: today's behaviour (EOG monthly tiles).
extern const char* const kDefaultProduct;

/// Every product sezu knows, the default first.
const std::vector<Product>& products();

/// The product called `name` (case as listed). Throws ConfigError naming the known products.
const Product& find_product(const std::string& name);

/// The known names, comma-separated (for help texts and messages).
std::string product_names();

/// The collection of a Black Marble file name's "CCC" field ("002" -> "5200", "001" -> "5000");
/// empty for anything else.
std::string collection_of_version(const std::string& ccc);

} // namespace sezu
