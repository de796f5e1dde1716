#include "sezu/temp_file.hpp"

#include "sezu/error.hpp"

#include <filesystem>

namespace sezu {
namespace fs = std::filesystem;

TempFile::TempFile(std::string target, std::string who)
    : m_target(std::move(target)), m_temp(m_target + ".tmp"), m_who(std::move(who))
{
    std::error_code ec;
    fs::remove(m_temp, ec); // a leftover of a killed run; some writers refuse to overwrite
}

TempFile::~TempFile()
{
    if (!m_committed) {
        std::error_code ec;
        fs::remove(m_temp, ec);
    }
}

void TempFile::commit()
{
    std::error_code ec;
    fs::rename(m_temp, m_target, ec);
    if (ec)
        throw ConfigError(m_who + ": cannot move the finished file to '" + m_target + "': " +
                          ec.message());
    m_committed = true;
}

} // namespace sezu
