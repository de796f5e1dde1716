#pragma once
// RAII and checked calls over the HDF5 C API, shared by the code that writes HDF5 files (the
// archive and its analysis products). Internal: not part of sezu's public headers.
#include "sezu/core/c_handle.hpp"
#include "sezu/core/error.hpp"

#include <hdf5.h>

#include <functional>
#include <initializer_list>
#include <string>
#include <vector>

namespace sezu::detail {

/// Move-only owner of an HDF5 identifier; closes it with the matching H5*close (the read stage
/// owns its granules' identifiers the same way: core/c_handle.hpp).
using H5Id = CId<hid_t, herr_t, H5I_INVALID_HID>;

/// An HDF5 call failed. `error_number()` is the errno the file driver reported deeper in HDF5's
/// error stack (0 when none), so that a full disk can be told from a bad file.
class H5Error : public ArchiveError {
public:
    H5Error(const std::string& what, int error_number)
        : ArchiveError(what), m_error_number(error_number)
    {
    }
    int error_number() const { return m_error_number; }

private:
    int m_error_number;
};

/// Throws H5Error "archive: WHAT failed for FILE: <HDF5's message>[: <errno text>]" from HDF5's
/// error stack, and clears the stack.
[[noreturn]] void throw_h5(const std::string& what, const std::string& file);

class ArchiveFile {
public:
    ArchiveFile(hid_t file, std::string path) : m_file(file, H5Fclose), m_path(std::move(path)) {}
    hid_t id() const { return m_file; }
    const std::string& path() const { return m_path; }

    hid_t check(hid_t id, const std::string& what) const
    {
        if (id < 0)
            throw_h5(what, m_path);
        return id;
    }
    void check(herr_t rc, const std::string& what, int) const
    {
        if (rc < 0)
            throw_h5(what, m_path);
    }

    /// A dataset of `dims` written whole from `data`. `creation` (a dataset creation property
    /// list: chunks, filters) defaults to HDF5's contiguous layout.
    H5Id dataset(const std::string& name, hid_t type, const std::vector<hsize_t>& dims,
                 const void* data, hid_t creation = H5P_DEFAULT)
    {
        H5Id space(
            check(H5Screate_simple(int(dims.size()), dims.data(), nullptr), "H5Screate " + name),
            H5Sclose);
        H5Id ds(check(H5Dcreate2(m_file, name.c_str(), type, space, H5P_DEFAULT, creation,
                                 H5P_DEFAULT),
                      "create dataset " + name),
                H5Dclose);
        bool empty = false;
        for (hsize_t d : dims)
            empty = empty || d == 0;
        if (!empty)
            check(H5Dwrite(ds, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data), "write " + name, 0);
        return ds;
    }

    void attr(hid_t obj, const std::string& name, const std::string& value)
    {
        H5Id type(H5Tcopy(H5T_C_S1), H5Tclose);
        H5Tset_size(type, value.empty() ? 1 : value.size());
        H5Tset_strpad(type, H5T_STR_NULLTERM);
        H5Tset_cset(type, H5T_CSET_UTF8);
        H5Id space(H5Screate(H5S_SCALAR), H5Sclose);
        H5Id a(check(H5Acreate2(obj, name.c_str(), type, space, H5P_DEFAULT, H5P_DEFAULT),
                     "create attribute " + name),
               H5Aclose);
        check(H5Awrite(a, type, value.c_str()), "write attribute " + name, 0);
    }

    template <class T>
    void attr(hid_t obj, const std::string& name, hid_t type, const std::vector<T>& values)
    {
        const hsize_t n = values.size();
        H5Id space(H5Screate_simple(1, &n, nullptr), H5Sclose);
        H5Id a(check(H5Acreate2(obj, name.c_str(), type, space, H5P_DEFAULT, H5P_DEFAULT),
                     "create attribute " + name),
               H5Aclose);
        check(H5Awrite(a, type, values.data()), "write attribute " + name, 0);
    }

    /// A dimension scale `name` of UTF-8 variable-length texts (a text coordinate variable,
    /// which xarray can select by: ds.sel(name="...")).
    H5Id text_dimension(const std::string& name, const std::vector<std::string>& values,
                        const std::string& long_name);
    /// An int coordinate variable 0..n-1 that is also an HDF5 dimension scale (what netCDF-4
    /// and xarray see as a dimension).
    H5Id index_dimension(const std::string& name, std::size_t n, const std::string& long_name);
    /// Attaches dimension scales to the axes of `ds`, in order; a scale < 0 skips its axis.
    void attach(hid_t ds, std::initializer_list<hid_t> scales);

    /// True when the file has a dataset (or group) with this name.
    bool has(const std::string& name) const
    {
        return H5Lexists(m_file, name.c_str(), H5P_DEFAULT) > 0;
    }
    /// A whole dataset, converted to the type asked for. Throws ArchiveError naming it.
    std::vector<long long> read_ints(const std::string& name) const;
    std::vector<double> read_doubles(const std::string& name) const;
    std::vector<std::string> read_strings(const std::string& name) const;
    /// The names of the datasets at the file's root, in name order.
    std::vector<std::string> dataset_names() const;
    /// Closes the file now; returns what its closer returned (later calls return 0).
    herr_t close() { return m_file.close(); }

private:
    H5Id open(const std::string& name) const;
    std::size_t element_count(hid_t ds) const;

    H5Id m_file;
    std::string m_path;
};

/// The temporary file write_atomically writes `path` through (PATH.tmp-<pid>): created by
/// check_output_writable before any work, so that a name the file system refuses fails first.
std::string temp_path_for(const std::string& path);

/// Creates `path` (a symlink is followed: its target is replaced, the link kept) through
/// temp_path_for(path): `fill` writes the contents (HDF5 builds the file in memory), then a
/// TempFile writes, fsyncs, closes and renames it over `path`, each step checked. On any failure
/// the temporary is removed, `path` is untouched and no HDF5 identifier is left open. Throws ArchiveError whose message names the
/// `kind` of file and `path`, and, when the disk is full, the file system (write_failure_message).
void write_atomically(const std::string& path, const std::function<void(ArchiveFile&)>& fill,
                      const std::string& kind = "archive");

/// Opens an existing HDF5 file read-only: `kind` says what the user gave ("an archive"),
/// `marker` (when not null) a dataset every such file has. A missing, unreadable or non-HDF5
/// file, or one without `marker`, is bad input: throws ConfigError (exit 2) naming it.
ArchiveFile open_read_only(const std::string& path, const char* kind = "a file",
                           const char* marker = nullptr);

inline H5Id vlen_string_type()
{
    H5Id type(H5Tcopy(H5T_C_S1), H5Tclose);
    H5Tset_size(type, H5T_VARIABLE);
    H5Tset_cset(type, H5T_CSET_UTF8);
    return type;
}

inline std::vector<const char*> c_strings(const std::vector<std::string>& strings)
{
    std::vector<const char*> out;
    for (const auto& s : strings)
        out.push_back(s.c_str());
    return out;
}

inline std::string read_string_attr(hid_t obj, const char* name)
{
    if (H5Aexists(obj, name) <= 0)
        return {};
    H5Id a(H5Aopen(obj, name, H5P_DEFAULT), H5Aclose);
    H5Id type(H5Aget_type(a), H5Tclose);
    if (H5Tis_variable_str(type) > 0) {
        char* value = nullptr;
        H5Id mem = vlen_string_type();
        if (H5Aread(a, mem, &value) < 0 || !value)
            return {};
        std::string out(value);
        H5free_memory(value);
        return out;
    }
    std::string out(H5Tget_size(type), '\0');
    H5Id mem(H5Tcopy(type), H5Tclose);
    H5Aread(a, mem, out.data());
    return out.substr(0, out.find('\0'));
}

} // namespace sezu::detail
