#pragma once
/// Downloads in progress: "<entry>.part.<pid>" files in the cache, and what becomes of the ones
/// a killed run leaves behind. While a part is written, its owner records on it now and then
/// (an extended attribute, like digest.hpp's) which URL it holds, how long the whole file is
/// and the SHA-256 of the bytes so far. A later run, holding the entry's CacheLock (so no live
/// owner is writing), takes over the longest part whose recorded prefix still hashes right,
/// cuts it to that prefix and resumes the download from there; every other part of the entry
/// is removed. Where the file system keeps no extended attributes parts cannot be verified,
/// and are removed.
#include "sezu/core/stdio_file.hpp"
#include "sezu/core/temp_file.hpp"
#include "sezu/fetch/digest.hpp"

#include <cstdio>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace sezu {

/// A download target, the TempFile of its cache entry: removed on destruction unless committed,
/// so a failed transfer never leaves a half file that could pass for data. Between attempts of
/// one fetch it is kept, so that a cut-off transfer can resume where it stopped.
class PartFile {
public:
    /// The part `part_path` ("<final_path>.part.<pid>") of the cache entry `final_path`.
    PartFile(std::string final_path, std::string part_path);
    ~PartFile();
    PartFile(const PartFile&) = delete;
    PartFile& operator=(const PartFile&) = delete;

    /// Opens for an attempt: appending to what is there (a resume), or empty.
    void open(bool append);
    std::FILE* get() const { return m_file.get(); }
    /// Empties the open file (the server sent the whole file where a resume was asked for).
    bool truncate();
    /// Bytes on disk (0 when the file does not exist).
    long long size() const;
    /// Flushes and closes; a failure here (disk full) throws FetchError and removes the part.
    void close();
    /// Drops the content, so that the next attempt starts from byte 0.
    void discard();
    /// Closes, then moves the finished file to its final name durably (TempFile::commit).
    /// Throws FetchError.
    void commit();
    /// Flushes, then records that the first digest.bytes() bytes of the file are those of
    /// `url`'s file of `total` bytes (-1: unknown) and hash to `digest` (see recover_part).
    void checkpoint(const std::string& url, long long total, const Sha256& digest);

    const std::string& path() const { return m_temp.path(); }

private:
    TempFile m_temp;
    StdioFile m_file; // after m_temp: closed before the temporary goes
};

/// What a part's owner last recorded on it.
struct PartCheckpoint {
    std::string url_sha256; ///< SHA-256 of the URL (not the URL: it may hold credentials)
    long long total = -1;   ///< size of the whole file, -1 when the server did not say
    long long bytes = 0;    ///< length of the recorded prefix
    std::string sha256;     ///< of the prefix
};
bool operator==(const PartCheckpoint& a, const PartCheckpoint& b);
std::ostream& operator<<(std::ostream& os, const PartCheckpoint& c);

/// Records a checkpoint on `part_path` (silently nothing where extended attributes are not
/// kept: the part will then not be resumed by another run).
void write_part_checkpoint(const std::string& part_path, const std::string& url, long long total,
                           long long bytes, const std::string& sha256_hex);
std::optional<PartCheckpoint> read_part_checkpoint(const std::string& part_path);

/// Every "<final name>.part.*" file beside `final_path`, sorted.
std::vector<std::string> part_files_of(const std::string& final_path);

/// A prefix of the file taken over from an interrupted download.
struct RecoveredPart {
    long long bytes = 0;  ///< 0: nothing was taken over
    long long total = -1; ///< size of the whole file the prefix belongs to, if known
};

/// Call holding the CacheLock of `final_path`. Takes over the longest part of `final_path`
/// whose checkpoint is for `url` and whose recorded prefix still hashes to it: renames it to
/// `own_part`, cuts it to the prefix and leaves `digest` holding the prefix's bytes. Removes
/// every other part (garbage, other URLs, unverifiable). Returns what was taken over.
RecoveredPart recover_part(const std::string& final_path, const std::string& url,
                           const std::string& own_part, Sha256& digest);

/// Call holding the CacheLock of `final_path`: removes all its parts (it is complete).
/// Returns how many were removed.
int remove_parts(const std::string& final_path);

} // namespace sezu
