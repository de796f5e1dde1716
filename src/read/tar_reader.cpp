#include "sezu/read/tar_reader.hpp"

#include "sezu/core/error.hpp"
#include "sezu/core/stdio_file.hpp"
#include "sezu/core/temp_file.hpp"
#include "sezu/fetch/digest.hpp"

#include "tar_stream.hpp"

#include <atomic>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <memory>
#include <system_error>
#include <unistd.h>

namespace sezu {

namespace {

namespace fs = std::filesystem;
using detail::TarEntry;
using detail::TarEntryType;

void remove_quietly(const std::string& path)
{
    std::error_code ec;
    fs::remove(path, ec);
}

// Hands the members a MemberSink wants to it, after the same checks extraction makes.
class Streamer : public detail::TarHandler {
public:
    Streamer(MemberSink& sink, std::string archive) : m_sink(sink), m_archive(std::move(archive)) {}
    bool begin(const TarEntry& entry) override
    {
        // The sink decides by name; safety is checked before it sees a byte.
        if (entry.type == TarEntryType::Directory || !m_sink.begin(entry.name, entry.size))
            return false;
        detail::check_member_safe(entry, m_archive);
        return true;
    }
    void data(const unsigned char* p, std::size_t n) override { m_sink.data(p, n); }
    void end() override { m_sink.end(); }

private:
    MemberSink& m_sink;
    std::string m_archive;
};

class Lister : public detail::TarHandler {
public:
    bool begin(const TarEntry& entry) override
    {
        names.push_back(entry.name);
        return false;
    }
    void data(const unsigned char*, std::size_t) override {}
    void end() override {}
    std::vector<std::string> names;
};

std::atomic<unsigned> g_temp_counter{0};

/// Writes selected members to temporary files; they are renamed into place only after the
/// whole archive (including the gzip CRC, which covers every member) has been verified. The
/// members are scratch for one month (read and removed in the run), so nothing is fsync'ed:
/// a crash loses nothing that is not fetched again.
class Extractor : public detail::TarHandler {
public:
    Extractor(const MemberSelector& select, std::string out_dir, std::string archive)
        : m_select(select), m_out_dir(std::move(out_dir)), m_archive(std::move(archive))
    {
    }

    bool begin(const TarEntry& entry) override
    {
        const std::optional<std::string> target = m_select(entry.name);
        if (!target)
            return false;
        detail::check_member_safe(entry, m_archive);
        if (target->empty() || target->find('/') != std::string::npos || *target == "." ||
            *target == "..")
            throw DataError("extract: output name '" + *target + "' for member " + entry.name +
                            " is not a plain file name");
        const std::string path = m_out_dir + "/" + *target;
        for (const auto& p : m_pending)
            if (p.info.path == path)
                throw DataError("extract: members " + p.info.member_name + " and " + entry.name +
                                " of " + m_archive + " both map to " + *target +
                                "; the archive is ambiguous");
        TempFileSpec spec{"extract", "file", raise_error<DataError>,
                          path + ".part-" + std::to_string(::getpid()) + "-" +
                              std::to_string(g_temp_counter++),
                          {}, false};
        m_pending.push_back({{entry.name, path, entry.size},
                             std::make_unique<TempFile>(path, std::move(spec))});
        m_file = StdioFile(temp().path(), "wb");
        if (!m_file)
            fail("cannot create " + temp().path());
        // Writes come in the inflater's 4 MiB chunks already; stdio buffering would only copy.
        std::setvbuf(m_file.get(), nullptr, _IONBF, 0);
        return true;
    }

    void data(const unsigned char* p, std::size_t n) override
    {
        if (std::fwrite(p, 1, n, m_file.get()) != n)
            fail("cannot write " + temp().path());
    }

    void end() override
    {
        if (!m_file.close())
            fail("cannot write " + temp().path());
    }

    /// The archive verified: move every member to its final name.
    std::vector<ExtractedMember> commit()
    {
        m_file.close();
        std::vector<ExtractedMember> out;
        try {
            for (auto& p : m_pending) {
                p.temp->commit();
                out.push_back(p.info);
            }
        } catch (...) {
            // All or nothing: take back the members already moved into place.
            for (const auto& done : out)
                remove_quietly(done.path);
            throw;
        }
        m_pending.clear();
        return out;
    }

private:
    struct Pending {
        ExtractedMember info;
        std::unique_ptr<TempFile> temp; // removed with it unless committed
    };
    const TempFile& temp() const { return *m_pending.back().temp; }
    [[noreturn]] void fail(const std::string& what) const
    {
        const int error_number = errno;
        temp().fail(error_number, what + ": " + std::strerror(error_number));
    }

    const MemberSelector& m_select;
    std::string m_out_dir;
    std::string m_archive;
    std::vector<Pending> m_pending;
    StdioFile m_file; // after m_pending: closed before the temporaries go
};

} // namespace

void stream_members(const std::string& tgz_path, MemberSink& sink, std::string* sha256)
{
    Streamer streamer(sink, tgz_path);
    Sha256 digest;
    detail::read_tgz(tgz_path, streamer, sha256 ? &digest : nullptr);
    if (sha256)
        *sha256 = digest.hex();
}

std::vector<ExtractedMember> extract_members(const std::string& tgz_path,
                                             const MemberSelector& select,
                                             const std::string& out_dir, std::string* sha256)
{
    std::error_code ec;
    fs::create_directories(out_dir, ec);
    if (ec)
        throw DataError("extract: cannot create " + out_dir + ": " + ec.message());
    Extractor extractor(select, out_dir, tgz_path);
    Sha256 digest;
    detail::read_tgz(tgz_path, extractor, sha256 ? &digest : nullptr);
    if (sha256)
        *sha256 = digest.hex();
    return extractor.commit();
}

std::vector<std::string> list_members(const std::string& tgz_path)
{
    Lister lister;
    detail::read_tgz(tgz_path, lister);
    return lister.names;
}

} // namespace sezu
