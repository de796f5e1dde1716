#pragma once
/// The one shape of an owner of a C library's handle: a std::unique_ptr whose deleter calls the
/// library's own free function, e.g. CHandle<CURL, curl_easy_cleanup>. Move-only; the function
/// is called once, on a handle that is not null.
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

} // namespace sezu
