#include "sezu/fetch/local_source.hpp"

#include "sezu/core/error.hpp"
#include "sezu/core/stdio_file.hpp"
#include "sezu/discover/url.hpp"

#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <sys/stat.h>

namespace sezu {

namespace {

std::string local_path_of(const std::string& url, const std::string& context)
{
    const auto origin = url_origin(url);
    const auto path = url_path(url);
    // curl's URL parser refuses a file:// URL naming another host; refuse it here as well.
    if (!origin || !path || path->empty() ||
        (!origin->host.empty() && origin->host != "localhost"))
        throw FetchError("fetch: " + url + " " + context + ": a file:// URL names a path on "
                         "this machine (file:///path or file://localhost/path); mount a remote "
                         "folder and give its local path");
    return *path;
}

} // namespace

CachedFile local_archive(const std::string& url, const std::string& context, FileFormat format)
{
    const std::string path = local_path_of(url, context);
    const std::string what = "fetch: " + path + " " + context;
    struct stat st{};
    if (::stat(path.c_str(), &st) != 0)
        throw FetchError(what + ": " + std::strerror(errno) +
                         " (was the source folder moved, or is a month half copied?)");
    if (!S_ISREG(st.st_mode))
        throw FetchError(what + " is not a regular file; the source's tiles must be .tgz files");
    if (st.st_size == 0)
        throw FetchError(what + " is empty: copy the publisher's archive again");
    StdioFile file(path, "rb");
    unsigned char head[kSignatureBytes] = {};
    const std::size_t got = file ? std::fread(head, 1, sizeof head, file.get()) : 0;
    if (!file || got < 2)
        throw FetchError(what + ": cannot read it (" + std::strerror(errno) +
                         "); check its permissions");
    if (format == FileFormat::Hdf5 && !has_signature(format, head, got)) {
        if (head[0] == '<' || (std::isspace(head[0]) && head[1] == '<'))
            throw FetchError(what + " is an HTML page, not an HDF5 granule (a login or licence "
                             "page saved under the granule's name?); download it again");
        throw FetchError(what + ": not HDF5 data (expected " + signature_hex(format) +
                         "); replace it with the publisher's granule");
    }
    if (format == FileFormat::Gzip && !has_signature(format, head, got)) {
        if (head[0] == '<' || (std::isspace(head[0]) && head[1] == '<'))
            throw FetchError(what + " is an HTML page, not a .tgz archive (a login or error "
                             "page saved under the archive's name?); download it again");
        char hex[16];
        std::snprintf(hex, sizeof hex, "%02x %02x", head[0], head[1]);
        throw FetchError(what + ": not gzip data (starts with " + hex +
                         ", expected 1f 8b); replace it with the publisher's .tgz");
    }
    CachedFile out;
    out.url = url;
    out.path = path;
    out.bytes = static_cast<long long>(st.st_size);
    out.from_cache = true; // nothing was transferred
    out.in_place = true;
    return out;
}

} // namespace sezu
