#include "h5.hpp"

#include <hdf5_hl.h>

#include <cstdio>
#include <filesystem>
#include <unistd.h>

namespace sezu::detail {
namespace fs = std::filesystem;

H5Id ArchiveFile::open(const std::string& name) const
{
    return H5Id(check(H5Dopen2(m_file, name.c_str(), H5P_DEFAULT), "open " + name), H5Dclose);
}

std::size_t ArchiveFile::element_count(hid_t ds) const
{
    H5Id space(H5Dget_space(ds), H5Sclose);
    const hssize_t n = H5Sget_simple_extent_npoints(space);
    return n < 0 ? std::size_t(0) : std::size_t(n);
}

H5Id ArchiveFile::index_dimension(const std::string& name, std::size_t n,
                                  const std::string& long_name)
{
    std::vector<int> index(n);
    for (std::size_t i = 0; i < n; ++i)
        index[i] = int(i);
    H5Id ds = dataset(name, H5T_NATIVE_INT, {hsize_t(n)}, index.data());
    check(H5DSset_scale(ds, name.c_str()), "set " + name + " scale", 0);
    attr(ds, "long_name", long_name);
    return ds;
}

void ArchiveFile::attach(hid_t ds, std::initializer_list<hid_t> scales)
{
    unsigned axis = 0;
    for (hid_t scale : scales) {
        if (scale >= 0)
            check(H5DSattach_scale(ds, scale, axis), "attach dimension", 0);
        ++axis;
    }
}

std::vector<long long> ArchiveFile::read_ints(const std::string& name) const
{
    H5Id ds = open(name);
    std::vector<long long> v(element_count(ds));
    if (!v.empty())
        check(H5Dread(ds, H5T_NATIVE_LLONG, H5S_ALL, H5S_ALL, H5P_DEFAULT, v.data()),
              "read " + name, 0);
    return v;
}

std::vector<double> ArchiveFile::read_doubles(const std::string& name) const
{
    H5Id ds = open(name);
    std::vector<double> v(element_count(ds));
    if (!v.empty())
        check(H5Dread(ds, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, v.data()),
              "read " + name, 0);
    return v;
}

std::vector<std::string> ArchiveFile::read_strings(const std::string& name) const
{
    H5Id ds = open(name);
    std::vector<char*> raw(element_count(ds), nullptr);
    H5Id type = vlen_string_type();
    if (!raw.empty())
        check(H5Dread(ds, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, raw.data()), "read " + name, 0);
    std::vector<std::string> v;
    for (char* s : raw) {
        v.emplace_back(s ? s : "");
        H5free_memory(s);
    }
    return v;
}

void write_atomically(const std::string& path, const std::function<void(ArchiveFile&)>& fill)
{
    const std::string tmp = path + ".tmp-" + std::to_string(getpid());
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr); // errors become exceptions, not stderr noise
    {
        const hid_t fid = H5Fcreate(tmp.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
        if (fid < 0)
            throw_h5("create", tmp);
        ArchiveFile f(fid, tmp);
        try {
            fill(f);
            f.check(H5Fflush(f.id(), H5F_SCOPE_GLOBAL), "flush", 0);
        } catch (...) {
            std::error_code ec;
            fs::remove(tmp, ec);
            throw;
        }
    }
    // fsync before rename so a crash cannot leave a renamed but empty file.
    if (FILE* fp = std::fopen(tmp.c_str(), "rb")) {
        fsync(fileno(fp));
        std::fclose(fp);
    }
    std::error_code ec;
    fs::rename(tmp, path, ec);
    if (ec) {
        fs::remove(tmp, ec);
        throw ArchiveError("archive: cannot move the finished file to " + path + ": " +
                           ec.message());
    }
}

ArchiveFile open_read_only(const std::string& path)
{
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
    if (!fs::exists(path))
        throw ArchiveError("archive: " + path + " does not exist");
    const hid_t fid = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
    if (fid < 0)
        throw_h5("open (is it a sezu HDF5 file?)", path);
    return ArchiveFile(fid, path);
}

} // namespace sezu::detail
