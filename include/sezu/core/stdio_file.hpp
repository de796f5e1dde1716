#pragma once
// An owned C stdio stream, shared by the gunzip, the tar extractor and the tgz writer (internal).
#include <cstdio>
#include <string>

namespace sezu::detail {

/// Owns a FILE*; the destructor closes without reporting (use close() to check the writes).
class StdioFile {
public:
    StdioFile() = default;
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
    /// Closes and returns whether everything written reached the OS.
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

} // namespace sezu::detail
