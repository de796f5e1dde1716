#pragma once
/// A file written under a temporary name beside its target (TARGET.tmp) and renamed over the
/// target by commit(); removed when destroyed uncommitted. A reader never sees half a file, and a
/// failed write leaves neither a half-written target nor the temporary behind.
#include <string>

namespace sezu {

class TempFile {
public:
    /// `who` names the command in error messages ("export", "report").
    TempFile(std::string target, std::string who);
    ~TempFile();
    TempFile(const TempFile&) = delete;
    TempFile& operator=(const TempFile&) = delete;

    /// Where to write.
    const std::string& path() const { return m_temp; }
    /// Renames the temporary over the target. Throws ConfigError naming the target.
    void commit();

private:
    std::string m_target;
    std::string m_temp;
    std::string m_who;
    bool m_committed = false;
};

} // namespace sezu
