#pragma once
/// Text that reaches the archive, exports and reports must be UTF-8 (HDF5 strings are marked
/// UTF-8; netCDF4, GeoJSON and HTML readers reject anything else). Checks and helpers for text
/// from files that may hold another encoding. Pure: no GDAL, no I/O.
#include <string>
#include <string_view>

namespace sezu {

/// True when `text` is well-formed UTF-8 (RFC 3629): no stray continuation bytes, no truncated
/// or overlong sequences, no UTF-16 surrogates (U+D800..U+DFFF), nothing above U+10FFFF.
bool is_valid_utf8(std::string_view text);

/// `text` made safe to quote in a message: well-formed UTF-8 characters stay, every other byte
/// and every ASCII control character becomes \xHH, and at most `max_chars` characters are kept
/// (then "...").
std::string printable_text(std::string_view text, std::size_t max_chars = 60);

/// The encoding name (for iconv) meant by the text of a shapefile's .cpg file, for the forms
/// GDAL 3.6 does not understand by itself: ESRI's "ANSI 1252" (-> "CP1252"), "8859_1"
/// (-> "ISO-8859-1"), "LATIN-1" (-> "LATIN1"), "CP-1252" (-> "CP1252"). Any other text is
/// returned trimmed of surrounding white space; whether iconv knows it is for the caller to check.
std::string encoding_from_cpg(std::string_view cpg);

/// True for the names of UTF-8 ("UTF-8", "utf8", ...).
bool is_utf8_encoding_name(std::string_view name);

} // namespace sezu
