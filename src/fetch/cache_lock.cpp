#include "sezu/fetch/cache_lock.hpp"

#include "sezu/core/error.hpp"

#include <system_error>

namespace sezu {

namespace {

constexpr auto kRemove = FileLock::OnRelease::remove_file;

[[noreturn]] void fail(const std::system_error& e)
{
    throw FetchError(std::string("fetch: ") + e.what() + " (is the cache directory writable?)");
}

FileLock wait_for(const std::string& path)
{
    try {
        return FileLock(path, kRemove);
    } catch (const std::system_error& e) {
        fail(e);
    }
}

} // namespace

CacheLock::CacheLock(const std::string& path) : m_lock(wait_for(path)) {}

std::optional<CacheLock> CacheLock::try_acquire(const std::string& path)
{
    try {
        std::optional<FileLock> lock = FileLock::try_lock(path, kRemove);
        if (!lock)
            return std::nullopt;
        return CacheLock(std::move(*lock));
    } catch (const std::system_error& e) {
        fail(e);
    }
}

} // namespace sezu
