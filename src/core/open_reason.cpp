#include "sezu/core/open_reason.hpp"

#include <cctype>
#include <cerrno>
#include <cstring>
#include <sys/stat.h>
#include <unistd.h>

namespace sezu {

namespace {

std::string errno_reason(int error)
{
    std::string text = std::strerror(error);
    if (!text.empty())
        text[0] = char(std::tolower(static_cast<unsigned char>(text[0])));
    return text;
}

} // namespace

std::string open_failure_reason(const std::string& path, const std::string& library_message,
                                const std::string& fallback)
{
    // GDAL's virtual file systems (/vsizip/, /vsicurl/, ...) are no paths the system knows.
    if (path.rfind("/vsi", 0) != 0) {
        struct stat st {};
        if (::stat(path.c_str(), &st) != 0)
            return errno_reason(errno);
        if (::access(path.c_str(), R_OK) != 0)
            return errno_reason(errno);
    }
    return library_message.empty() ? fallback : library_message;
}

} // namespace sezu
