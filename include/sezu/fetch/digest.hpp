#pragma once
/// SHA-256 of the archives, for provenance: taken while the bytes stream by (as they download, or
/// as they inflate), and remembered on the cached file so that a file is hashed once, not on
/// every run that reads it.
#include <cstddef>
#include <optional>
#include <string>

struct evp_md_ctx_st;

namespace sezu {

/// An incremental SHA-256 (OpenSSL EVP).
class Sha256 {
public:
    Sha256();
    ~Sha256();
    Sha256(const Sha256&) = delete;
    Sha256& operator=(const Sha256&) = delete;
    void update(const void* data, std::size_t n);
    /// Starts again from no bytes.
    void reset();
    /// Lowercase hex of the digest of the bytes so far (ends this digest: reset() to reuse).
    std::string hex();
    /// The same for the bytes so far, while this digest goes on (for checkpoints of a download).
    std::string hex_so_far() const;
    /// Bytes fed since the start.
    long long bytes() const { return m_bytes; }

private:
    evp_md_ctx_st* m_ctx;
    long long m_bytes = 0;
};

/// The SHA-256 remembered on a file: an extended attribute (user.sezu.sha256) holding the digest
/// with the file's size and modification time when it was taken. Nothing when there is none,
/// when the file changed since, or where the file system keeps no extended attributes.
std::optional<std::string> remembered_sha256(const std::string& path);

/// Remembers `hex` as the SHA-256 of the file as it is now. Does nothing where the file system
/// keeps no extended attributes (the file is then hashed again when next read).
void remember_sha256(const std::string& path, const std::string& hex);

} // namespace sezu
