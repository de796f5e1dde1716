#pragma once
/// What a file sezu wrote holds, for `sezu info`: which kind of file it is and its variables
/// (HDF5 datasets) with their dimensions and CF attributes.
#include <cstddef>
#include <iosfwd>
#include <string>
#include <vector>

namespace sezu {

/// The HDF5 files sezu writes: a run's archive (`sezu run`) and an aggregate table file
/// (`sezu aggregate`).
enum class SezuFileKind { Archive, PeriodTables };
std::ostream& operator<<(std::ostream& os, SezuFileKind kind);

/// One variable (HDF5 dataset) of the file.
struct VariableInfo {
    std::string name;
    std::vector<std::string> dimensions;   ///< dimension scale names, "" where none is attached
    std::vector<std::size_t> shape;        ///< sizes, same order
    std::string long_name;                 ///< CF long_name, "" when none
    std::string units;                     ///< CF units, "" when none
};
bool operator==(const VariableInfo& a, const VariableInfo& b);
/// "name(dim1=n1, dim2=n2) units: long_name".
std::ostream& operator<<(std::ostream& os, const VariableInfo& v);

/// Kind and variables (in name order) of a file sezu wrote. Throws ConfigError (bad input) when
/// `path` is missing, unreadable, not HDF5, or an HDF5 file sezu did not write.
struct SezuFileInfo {
    SezuFileKind kind = SezuFileKind::Archive;
    std::vector<VariableInfo> variables;
};
SezuFileInfo describe_sezu_file(const std::string& path);

} // namespace sezu
