#pragma once
/// A file in GDAL's in-memory file system (/vsimem/), removed when its owner goes away: the one
/// owner of such files, for bytes sezu holds that GDAL must read as a file (a TIFF header, a
/// colour table) and for outputs GDAL writes into memory before TempFile writes them out.
#include <cstddef>
#include <string>

namespace sezu {

class MemoryFile {
public:
    /// Owns `path`, a /vsimem/ file someone else creates (e.g. a GDAL driver's Create target);
    /// unique_path() gives one no other owner in this process uses.
    explicit MemoryFile(std::string path);
    /// A /vsimem/ file at unique_path(stem, suffix) whose contents are the `size` bytes at
    /// `data`, read in place (not copied): they must outlive this object. Throws GdalError when
    /// GDAL cannot make it.
    MemoryFile(const std::string& stem, const std::string& suffix, const void* data,
               std::size_t size);
    ~MemoryFile();
    MemoryFile(const MemoryFile&) = delete;
    MemoryFile& operator=(const MemoryFile&) = delete;

    const std::string& path() const { return m_path; }

    /// "/vsimem/STEM-N SUFFIX" with N counted up in this process (/vsimem/ is per process), so
    /// threads and nested users never share a file.
    static std::string unique_path(const std::string& stem, const std::string& suffix);

private:
    std::string m_path;
};

} // namespace sezu
