#include "sezu/fetch/part_file.hpp"

#include "sezu/core/error.hpp"
#include "sezu/core/log.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <sstream>
#include <sys/xattr.h>
#include <unistd.h>

namespace fs = std::filesystem;

namespace sezu {

namespace {

const char* kAttribute = "user.sezu.part";
const char* kVersion = "sezu-part-1";

std::string sha256_of(const std::string& text)
{
    Sha256 d;
    d.update(text.data(), text.size());
    return d.hex();
}

/// Feeds the first `bytes` bytes of `path` to `digest` (reset first); false when the file is
/// shorter or unreadable.
bool hash_prefix(const std::string& path, long long bytes, Sha256& digest)
{
    digest.reset();
    StdioFile f(path, "rb");
    if (!f)
        return false;
    std::vector<char> buf(1 << 20);
    while (digest.bytes() < bytes) {
        const auto want = static_cast<size_t>(
            std::min<long long>(static_cast<long long>(buf.size()), bytes - digest.bytes()));
        const size_t got = std::fread(buf.data(), 1, want, f.get());
        if (got == 0)
            return false;
        digest.update(buf.data(), got);
    }
    return true;
}

void remove_quietly(const std::string& path)
{
    std::error_code ec;
    if (fs::remove(path, ec))
        log::debug("fetch: removed " + path + ", a part left by an interrupted download");
}

} // namespace

// ---------------------------------------------------------------------------------------------
// PartFile

PartFile::PartFile(std::string final_path, std::string part_path)
    : m_temp(std::move(final_path),
             TempFileSpec{"fetch", "file", raise_error<FetchError>, std::move(part_path), {}, true})
{
}

PartFile::~PartFile() = default;

void PartFile::open(bool append)
{
    m_file = StdioFile(path(), append ? "ab" : "wb");
    if (!m_file)
        throw FetchError("fetch: cannot create " + path() + ": " + std::strerror(errno) +
                         " (is the cache directory writable?)");
}

bool PartFile::truncate()
{
    // In append mode the next write lands at the new end, i.e. at byte 0.
    return m_file && std::fflush(m_file.get()) == 0 && ::ftruncate(::fileno(m_file.get()), 0) == 0;
}

long long PartFile::size() const
{
    std::error_code ec;
    const auto n = fs::file_size(path(), ec);
    return ec ? 0 : static_cast<long long>(n);
}

void PartFile::close()
{
    if (m_file.close())
        return;
    const int error_number = errno;
    m_temp.fail(error_number, "writing " + path() + " failed: " + std::strerror(error_number));
}

void PartFile::discard()
{
    m_file.close();
    std::error_code ec;
    fs::remove(path(), ec);
}

void PartFile::commit()
{
    close();
    // The checkpoint is of no use on a complete file.
    (void)::removexattr(path().c_str(), kAttribute);
    m_temp.commit();
}

void PartFile::checkpoint(const std::string& url, long long total, const Sha256& digest)
{
    // The bytes must be on disk before the record says they are.
    if (m_file && std::fflush(m_file.get()) != 0)
        return;
    write_part_checkpoint(path(), url, total, digest.bytes(), digest.hex_so_far());
}

// ---------------------------------------------------------------------------------------------
// Checkpoints

bool operator==(const PartCheckpoint& a, const PartCheckpoint& b)
{
    return a.url_sha256 == b.url_sha256 && a.total == b.total && a.bytes == b.bytes &&
           a.sha256 == b.sha256;
}

std::ostream& operator<<(std::ostream& os, const PartCheckpoint& c)
{
    return os << "{url " << c.url_sha256.substr(0, 12) << ".., " << c.bytes << " of " << c.total
              << " bytes, sha256 " << c.sha256.substr(0, 12) << "..}";
}

void write_part_checkpoint(const std::string& part_path, const std::string& url, long long total,
                           long long bytes, const std::string& sha256_hex)
{
    std::ostringstream v;
    v << kVersion << ' ' << sha256_of(url) << ' ' << total << ' ' << bytes << ' ' << sha256_hex;
    const std::string value = v.str();
    // Not supported (ENOTSUP) or not allowed: the part is then simply not resumed by others.
    (void)::setxattr(part_path.c_str(), kAttribute, value.data(), value.size(), 0);
}

std::optional<PartCheckpoint> read_part_checkpoint(const std::string& part_path)
{
    char value[512];
    const ssize_t n = ::getxattr(part_path.c_str(), kAttribute, value, sizeof value - 1);
    if (n <= 0)
        return std::nullopt;
    std::istringstream in(std::string(value, static_cast<size_t>(n)));
    std::string version;
    PartCheckpoint c;
    if (!(in >> version >> c.url_sha256 >> c.total >> c.bytes >> c.sha256) || version != kVersion ||
        c.url_sha256.size() != 64 || c.sha256.size() != 64 || c.bytes < 0)
        return std::nullopt;
    return c;
}

// ---------------------------------------------------------------------------------------------
// Recovery

std::vector<std::string> part_files_of(const std::string& final_path)
{
    const fs::path final_file(final_path);
    const std::string prefix = final_file.filename().string() + ".part.";
    std::vector<std::string> parts;
    std::error_code ec;
    for (fs::directory_iterator it(final_file.parent_path(), ec), end; !ec && it != end;
         it.increment(ec)) {
        const std::string name = it->path().filename().string();
        if (name.size() > prefix.size() && name.compare(0, prefix.size(), prefix) == 0)
            parts.push_back(it->path().string());
    }
    std::sort(parts.begin(), parts.end());
    return parts;
}

RecoveredPart recover_part(const std::string& final_path, const std::string& url,
                           const std::string& own_part, Sha256& digest)
{
    struct Candidate {
        std::string path;
        PartCheckpoint checkpoint;
    };
    const std::string url_hash = sha256_of(url);
    const std::vector<std::string> parts = part_files_of(final_path);
    std::vector<Candidate> candidates;
    for (const auto& p : parts) {
        const auto c = read_part_checkpoint(p);
        std::error_code ec;
        const auto size = static_cast<long long>(fs::file_size(p, ec));
        if (c && !ec && c->url_sha256 == url_hash && c->bytes > 0 && c->bytes <= size &&
            (c->total < 0 || c->bytes <= c->total))
            candidates.push_back({p, *c});
    }
    std::stable_sort(candidates.begin(), candidates.end(), [](const auto& a, const auto& b) {
        return a.checkpoint.bytes > b.checkpoint.bytes;
    });
    RecoveredPart taken;
    std::string taken_path;
    for (const auto& c : candidates) {
        // The bytes before the checkpoint must be what was recorded (a disk error, or someone
        // else's file by that name, is caught here); bytes after it were never vouched for.
        if (!hash_prefix(c.path, c.checkpoint.bytes, digest) ||
            digest.hex_so_far() != c.checkpoint.sha256) {
            log::warn("fetch: " + c.path + " does not hash to what its download recorded; " +
                      "removing it and fetching the file again");
            continue;
        }
        std::error_code ec;
        if (c.path != own_part)
            fs::rename(c.path, own_part, ec);
        if (!ec)
            fs::resize_file(own_part, static_cast<std::uintmax_t>(c.checkpoint.bytes), ec);
        if (ec)
            continue;
        taken = {c.checkpoint.bytes, c.checkpoint.total};
        taken_path = c.path;
        log::info("fetch: resuming " + fs::path(final_path).filename().string() + " at byte " +
                  std::to_string(taken.bytes) + ", where an interrupted download stopped");
        break;
    }
    if (taken.bytes == 0)
        digest.reset();
    for (const auto& p : parts)
        if (p != taken_path && p != own_part)
            remove_quietly(p);
    if (taken.bytes == 0)
        remove_quietly(own_part);
    return taken;
}

int remove_parts(const std::string& final_path)
{
    int removed = 0;
    for (const auto& p : part_files_of(final_path)) {
        std::error_code ec;
        removed += fs::remove(p, ec) ? 1 : 0;
    }
    return removed;
}

} // namespace sezu
