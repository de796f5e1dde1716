#pragma once
/// The one owner of a C stdio stream (FILE*): the gunzip, the tar extractor and the tgz writer
/// read and write through it, and a download's part file is one.
#include <cstdio>
#include <string>

namespace sezu {

/// Owns a FILE*, move-only. The destructor closes without reporting: call close() to learn
/// whether everything written reached the OS (a full disk may only show there).
class StdioFile {
public:
    StdioFile() = default;
    /// fopen(path, mode); test with operator bool (errno tells why it failed).
    StdioFile(const std::string& path, const char* mode) : m_fp(std::fopen(path.c_str(), mode)) {}
    ~StdioFile()
    {
        if (m_fp)
            std::fclose(m_fp);
    }
    StdioFile(const StdioFile&) = delete;
    StdioFile& operator=(const StdioFile&) = delete;
    StdioFile(StdioFile&& o) noexcept : m_fp(o.m_fp) { o.m_fp = nullptr; }
    StdioFile& operator=(StdioFile&& o) noexcept
    {
        if (this != &o) {
            if (m_fp)
                std::fclose(m_fp);
            m_fp = o.m_fp;
            o.m_fp = nullptr;
        }
        return *this;
    }
    explicit operator bool() const { return m_fp != nullptr; }
    std::FILE* get() const { return m_fp; }
    /// Closes (nothing when none is open) and returns whether everything written reached the
    /// OS; errno tells why not.
    bool close()
    {
        if (!m_fp)
            return true;
        const int rc = std::fclose(m_fp);
        m_fp = nullptr;
        return rc == 0;
    }

private:
    std::FILE* m_fp = nullptr;
};

} // namespace sezu
