#pragma once
/// The one shape of an owner of a C library's handle: a std::unique_ptr whose deleter calls the
/// library's own free function, e.g. CHandle<CURL, curl_easy_cleanup>. Move-only; the function
/// is called once, on a handle that is not null. Libraries whose handles are integers (HDF5's
/// hid_t) get CId, the same idea for a number, whose close status can be checked.
#include <memory>

namespace sezu {

/// A deleter calling `Free` (a C function, not a function pointer variable) on the handle.
template <auto Free>
struct FreeWith {
    template <class T>
    void operator()(T* handle) const noexcept
    {
        Free(handle);
    }
};

/// Owns a `T*` freed by `Free`.
template <class T, auto Free>
using CHandle = std::unique_ptr<T, FreeWith<Free>>;

/// Move-only owner of an integer handle `Id` (invalid: `Invalid`), closed once by the closer it
/// was given, e.g. CId<hid_t, herr_t, H5I_INVALID_HID>(H5Fopen(...), H5Fclose). Converts to the
/// handle for the library's calls. The destructor ignores the closer's status; close() returns
/// it, for writers that must know their file was flushed.
template <class Id, class Status, Id Invalid>
class CId {
public:
    using Closer = Status (*)(Id);
    CId() = default;
    CId(Id id, Closer closer) : m_id(id), m_closer(closer) {}
    ~CId() { close(); }
    CId(CId&& o) noexcept : m_id(o.m_id), m_closer(o.m_closer) { o.m_id = Invalid; }
    CId& operator=(CId&& o) noexcept
    {
        if (this != &o) {
            close();
            m_id = o.m_id;
            m_closer = o.m_closer;
            o.m_id = Invalid;
        }
        return *this;
    }
    CId(const CId&) = delete;
    CId& operator=(const CId&) = delete;
    operator Id() const { return m_id; }
    bool valid() const { return m_id != Invalid && m_id >= 0; }
    void reset() { close(); }
    /// Closes the handle now; returns what the closer returned (0 when there was none).
    Status close()
    {
        Status rc = 0;
        if (valid() && m_closer)
            rc = m_closer(m_id);
        m_id = Invalid;
        return rc;
    }

private:
    Id m_id = Invalid;
    Closer m_closer = nullptr;
};

} // namespace sezu
