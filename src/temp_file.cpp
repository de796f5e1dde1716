#include "sezu/temp_file.hpp"

#include "sezu/error.hpp"

#include <filesystem>

namespace sezu {
namespace fs = std::filesystem;

TempFile::TempFile(std::string target, std::string who, std::vector<std::string> sidecar_suffixes)
    : m_target(std::move(target)), m_temp(m_target + ".tmp"), m_who(std::move(who)),
      m_sidecars(std::move(sidecar_suffixes))
{
    remove_temporaries(); // leftovers of a killed run; some writers refuse to overwrite
}

TempFile::~TempFile()
{
    if (!m_committed)
        remove_temporaries();
}

void TempFile::remove_temporaries() const
{
    std::error_code ec;
    fs::remove(m_temp, ec);
    for (const auto& suffix : m_sidecars)
        fs::remove(m_temp + suffix, ec);
}

void TempFile::commit()
{
    std::error_code ec;
    for (const auto& suffix : m_sidecars) {
        if (fs::exists(m_temp + suffix))
            fs::rename(m_temp + suffix, m_target + suffix, ec);
        else
            fs::remove(m_target + suffix, ec);
        if (ec)
            break;
    }
    if (!ec)
        fs::rename(m_temp, m_target, ec);
    if (ec)
        throw ConfigError(m_who + ": cannot move the finished file to '" + m_target + "': " +
                          ec.message());
    m_committed = true;
}

} // namespace sezu
