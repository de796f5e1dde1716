#pragma once
/// A file written under a temporary name beside its target (TARGET.tmp) and renamed over the
/// target by commit(); removed when destroyed uncommitted. A reader never sees half a file, and a
/// failed write leaves neither a half-written target nor the temporary behind. Sidecars that a
/// writer puts beside its file (GDAL's TARGET.tmp.aux.xml) go along with it.
#include <string>
#include <vector>

namespace sezu {

class TempFile {
public:
    /// `who` names the command in error messages ("export", "report"). `sidecar_suffixes`
    /// (e.g. ".aux.xml") name files the writer may add beside the temporary.
    TempFile(std::string target, std::string who, std::vector<std::string> sidecar_suffixes = {});
    ~TempFile();
    TempFile(const TempFile&) = delete;
    TempFile& operator=(const TempFile&) = delete;

    /// Where to write.
    const std::string& path() const { return m_temp; }
    /// Renames the temporary over the target, its sidecars first (so the target never appears
    /// without them); a target's sidecar the writer did not make again is removed, as it would
    /// describe the old file. Throws ConfigError naming the target.
    void commit();

private:
    void remove_temporaries() const;
    std::string m_target;
    std::string m_temp;
    std::string m_who;
    std::vector<std::string> m_sidecars;
    bool m_committed = false;
};

} // namespace sezu
