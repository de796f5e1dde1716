#include "h5.hpp"

#include <hdf5_hl.h>

#include "sezu/core/error.hpp"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <unistd.h>

namespace sezu::detail {
namespace fs = std::filesystem;

namespace {

struct H5ErrorText {
    std::string outermost;   // what the API call says ("unable to flush mounted file hierarchy")
    int error_number = 0;    // the file driver's errno, from deeper in the stack
};

herr_t collect_error(unsigned n, const H5E_error2_t* err, void* data)
{
    auto* out = static_cast<H5ErrorText*>(data);
    if (!err || !err->desc)
        return 0;
    if (n == 0)
        out->outermost = err->desc;
    // The POSIX file driver reports "... errno = 28, error message = 'No space left on device'".
    if (const char* e = std::strstr(err->desc, "errno = "); e && out->error_number == 0)
        out->error_number = std::atoi(e + std::strlen("errno = "));
    return 0;
}

} // namespace

void throw_h5(const std::string& what, const std::string& file)
{
    H5ErrorText text;
    H5Ewalk2(H5E_DEFAULT, H5E_WALK_DOWNWARD, collect_error, &text);
    H5Eclear2(H5E_DEFAULT);
    std::string message = "archive: " + what + " failed for " + file;
    if (!text.outermost.empty())
        message += ": " + text.outermost;
    if (text.error_number != 0)
        message += ": " + std::string(std::strerror(text.error_number));
    throw H5Error(message, text.error_number);
}

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

H5Id ArchiveFile::text_dimension(const std::string& name, const std::vector<std::string>& values,
                                 const std::string& long_name)
{
    const H5Id type = vlen_string_type();
    const auto ptrs = c_strings(values);
    H5Id ds = dataset(name, type, {hsize_t(values.size())}, ptrs.data());
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

std::vector<std::string> ArchiveFile::dataset_names() const
{
    H5G_info_t group{};
    check(H5Gget_info(m_file, &group), "list", 0);
    std::vector<std::string> names;
    for (hsize_t i = 0; i < group.nlinks; ++i) {
        char name[256] = {};
        if (H5Lget_name_by_idx(m_file, ".", H5_INDEX_NAME, H5_ITER_INC, i, name, sizeof name,
                               H5P_DEFAULT) < 0)
            continue;
        const hid_t object = H5Oopen(m_file, name, H5P_DEFAULT);
        if (object < 0)
            continue;
        if (H5Iget_type(object) == H5I_DATASET)
            names.emplace_back(name);
        H5Oclose(object);
    }
    return names;
}

ArchiveFile open_read_only(const std::string& path, const char* kind, const char* marker)
{
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
    // The user named a file that cannot be what they think it is: bad input (exit 2), with what
    // is wrong and what to give instead.
    const std::string named = "'" + path + "'";
    std::error_code ec;
    if (!fs::exists(path, ec))
        throw ConfigError(named + " does not exist; give the path of " + kind +
                          " sezu wrote (a .h5 file)");
    if (fs::is_directory(path, ec))
        throw ConfigError(named + " is a folder; give the path of " + kind + " sezu wrote");
    if (::access(path.c_str(), R_OK) != 0)
        throw ConfigError(named + " cannot be read: " + std::strerror(errno) +
                          "; check its permissions");
    if (H5Fis_hdf5(path.c_str()) <= 0) // H5Fis_accessible from HDF5 1.12 on
        throw ConfigError(named + " is not an HDF5 file, so not " + kind +
                          " sezu wrote (truncated, or another kind of file?)");
    const hid_t fid = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
    if (fid < 0) {
        H5Eclear2(H5E_DEFAULT);
        throw ConfigError(named + " is an HDF5 file that cannot be opened (damaged, or still "
                          "being written?); " + kind + " sezu wrote opens read-only");
    }
    ArchiveFile file(fid, path);
    if (marker && !file.has(marker)) {
        // The other kind of file sezu writes, given in the wrong place: say which it is.
        if (file.has("period_label"))
            throw ConfigError(named + " is an aggregate file (written by sezu aggregate), not " +
                              kind + "; give " + kind + " sezu wrote");
        if (file.has("yyyymm"))
            throw ConfigError(named + " is an archive (written by sezu run), not " + kind +
                              "; give " + kind + " sezu wrote");
        throw ConfigError(named + " is an HDF5 file but not " + kind + " sezu wrote (it has no '" +
                          marker + "'); `sezu info " + path + "` tells what it holds");
    }
    return file;
}

} // namespace sezu::detail
