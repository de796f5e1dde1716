#pragma once
// The report's folder: built whole in a temporary folder beside the target and moved into place
// at the end, so a report that failed leaves the previous one (or nothing) and never half of one.
#include <string>

namespace sezu::detail {

/// The report's own script and style (src/outputs/report_web/, compiled in by CMake).
extern const char* const kReportScript;
extern const char* const kReportMapScript;
extern const char* const kReportChipScript;
extern const char* const kReportTextScript;
extern const char* const kReportStyle;

/// A report folder under construction. The constructor creates `.NAME.tmp-XXXXXX` beside
/// `target` (ConfigError when it cannot: a missing or read-only parent folder); the destructor
/// removes it unless commit() moved its content into `target`.
class ReportFolder {
public:
    explicit ReportFolder(const std::string& target);
    ~ReportFolder();
    ReportFolder(const ReportFolder&) = delete;
    ReportFolder& operator=(const ReportFolder&) = delete;

    /// Writes `text` as the file `relative` (under the temporary folder). Throws ConfigError
    /// naming the file when the write fails (a full disk).
    void write(const std::string& relative, const std::string& text) const;
    /// Where the file `relative` goes (its folder made), for writers that take a path (GDAL).
    std::string path_of(const std::string& relative) const;
    /// Copies the Debian JavaScript libraries (libjs-dygraphs, libjs-leaflet) from `js_dir`
    /// (normally /usr/share/javascript) into lib/. Throws ConfigError saying which package to
    /// install when one is missing.
    void copy_libraries(const std::string& js_dir) const;
    /// Moves lib/, data/, chips/ (when made) and then index.html into `target` (created when missing), each replacing the
    /// one of a previous report; other files in `target` (quicklook maps) stay.
    void commit();

private:
    std::string m_target, m_temp;
};

} // namespace sezu::detail
