// Writing an HDF5 file whole or not at all, whatever fails on the way: a full disk, a quota, a
// failing server. Every write, the fsync, the close and the rename are checked, and no HDF5
// identifier outlives a failure (the library would crash on it when MPI_Finalize ends it).
#include "h5.hpp"

#include "sezu/core/temp_file.hpp"

#include <functional>
#include <vector>

#include <unistd.h>

namespace sezu::detail {

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
    TempFile temp(path, TempFileSpec{"archive", kind, raise_error<ArchiveError>,
                                     temp_path_for(path), {}, true});
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr); // errors become exceptions, not stderr noise
    std::vector<unsigned char> image;
    try {
        image = build_image(temp.path(), fill);
    } catch (const H5Error& e) {
        temp.fail(e.error_number(), without_prefix(e.what(), "archive: "));
    }
    temp.write(image.data(), image.size());
    temp.commit();
}

} // namespace sezu::detail
