// Writing an HDF5 file whole or not at all, whatever fails on the way: a full disk, a quota, a
// failing server. Every write, the fsync, the close and the rename are checked, and no HDF5
// identifier outlives a failure (the library would crash on it when MPI_Finalize ends it).
#include "h5.hpp"

#include "sezu/core/log.hpp"
#include "sezu/core/temp_file.hpp"

#include <cerrno>
#include <filesystem>
#include <functional>
#include <system_error>
#include <vector>

#include <unistd.h>

namespace sezu::detail {
namespace fs = std::filesystem;

std::string temp_path_for(const std::string& path)
{
    return path + ".tmp-" + std::to_string(getpid());
}

namespace {

// HDF5 builds the file in memory (its core driver) and sezu writes it to the disk itself. HDF5
// must never see a write fail: in HDF5 1.10 a failed flush leaves the file's metadata cache
// unable to flush again, so the file can never be closed (H5Fclose fails and keeps the
// identifier, and the library's cleanup in MPI_Finalize crashes on it: exit 139). sezu's own
// writes, fsync and close are each checked, and a failure just removes the temporary. The cost
// is the file's size in memory, twice, while it is written.
constexpr std::size_t kCoreIncrement = std::size_t(1) << 20;

std::vector<unsigned char> build_image(const std::string& name,
                                       const std::function<void(ArchiveFile&)>& fill)
{
    H5Id fapl(H5Pcreate(H5P_FILE_ACCESS), H5Pclose);
    // In memory only (no backing store); closing the file closes anything still open in it.
    if (fapl < 0 || H5Pset_fapl_core(fapl, kCoreIncrement, false) < 0 ||
        H5Pset_fclose_degree(fapl, H5F_CLOSE_STRONG) < 0)
        throw_h5("set up the file access of", name);
    const hid_t fid = H5Fcreate(name.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, fapl);
    if (fid < 0)
        throw_h5("create", name);
    ArchiveFile f(fid, name);
    fill(f); // its objects are closed when it returns or throws: the file is closed last
    // Flushed (to memory), the image is the file as H5Fclose would leave it on a disk, byte for
    // byte; without the flush its superblock would not yet know the file's end.
    f.check(H5Fflush(f.id(), H5F_SCOPE_GLOBAL), "flush", 0);
    const ssize_t size = H5Fget_file_image(f.id(), nullptr, 0);
    if (size < 0)
        throw_h5("finish", name);
    std::vector<unsigned char> image(static_cast<std::size_t>(size));
    if (H5Fget_file_image(f.id(), image.data(), image.size()) != size)
        throw_h5("finish", name);
    if (f.close() < 0)
        throw_h5("close", name);
    return image;
}

std::string without_prefix(const std::string& text, const std::string& prefix)
{
    return text.rfind(prefix, 0) == 0 ? text.substr(prefix.size()) : text;
}

} // namespace

void write_atomically(const std::string& requested, const std::function<void(ArchiveFile&)>& fill,
                      const std::string& kind)
{
    const std::string path = resolve_output_path(requested);
    const std::string tmp = temp_path_for(path);
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr); // errors become exceptions, not stderr noise
    std::error_code ec;
    const bool had_previous = fs::exists(path, ec);
    auto failure = [&](int error_number, const std::string& reason) {
        fs::remove(tmp, ec);
        return ArchiveError("archive: " + write_failure_message(kind, path, error_number,
                                                                 without_prefix(reason, "archive: "),
                                                                 had_previous));
    };
    try {
        const std::vector<unsigned char> image = build_image(tmp, fill);
        write_whole_file(tmp, image.data(), image.size());
    } catch (const H5Error& e) {
        throw failure(e.error_number(), e.what());
    } catch (const std::system_error& e) {
        throw failure(e.code().value(), e.what());
    } catch (...) {
        fs::remove(tmp, ec);
        throw;
    }
    fs::rename(tmp, path, ec);
    if (ec)
        throw failure(ec.value(), "cannot move " + tmp + " over it: " + ec.message());
    const fs::path target(path);
    try {
        sync_folder(target.has_parent_path() ? target.parent_path().string() : ".");
    } catch (const std::system_error& e) {
        log::warn("archive: " + path + " is written, but a crash of the machine now could lose "
                  "it (" + e.what() + ")");
    }
}

} // namespace sezu::detail
