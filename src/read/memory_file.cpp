#include "sezu/read/memory_file.hpp"

#include "sezu/core/error.hpp"

#include <cpl_vsi.h>

#include <atomic>

namespace sezu {

MemoryFile::MemoryFile(std::string path) : m_path(std::move(path)) {}

MemoryFile::MemoryFile(const std::string& stem, const std::string& suffix, const void* data,
                       std::size_t size)
    : m_path(unique_path(stem, suffix))
{
    // GDAL's signature takes a non-const buffer, but with bTakeOwnership FALSE and the file only
    // read, it never writes to it. The handle it returns only closes; the file lives until
    // VSIUnlink.
    VSILFILE* file = VSIFileFromMemBuffer(
        m_path.c_str(), static_cast<GByte*>(const_cast<void*>(data)), vsi_l_offset(size), FALSE);
    if (!file)
        throw GdalError("cannot make the in-memory file " + m_path);
    VSIFCloseL(file);
}

MemoryFile::~MemoryFile()
{
    VSIUnlink(m_path.c_str());
}

std::string MemoryFile::unique_path(const std::string& stem, const std::string& suffix)
{
    static std::atomic<unsigned long> counter{0};
    return "/vsimem/" + stem + "-" + std::to_string(counter++) + suffix;
}

} // namespace sezu
