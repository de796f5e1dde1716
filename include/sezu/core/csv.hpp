#pragma once
/// Text output shared by every command that writes CSV: numbers that round-trip exactly and
/// fields quoted as RFC 4180 asks. Pure.
#include <string>
#include <vector>

namespace sezu::csv {

/// %.17g (reads back to the same double), "nan" for NaN, "inf"/"-inf" for infinities.
std::string number(double v);
/// The field as is, or in double quotes (inner quotes doubled) when it holds , " or a newline.
std::string field(const std::string& text);
/// Fields joined by commas, each passed through field(), ending in a newline.
std::string row(const std::vector<std::string>& fields);

} // namespace sezu::csv
