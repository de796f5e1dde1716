#include "sezu/fetch/digest.hpp"

#include "sezu/core/error.hpp"

#include <openssl/evp.h>

#include <memory>
#include <sstream>
#include <sys/stat.h>
#include <sys/xattr.h>

namespace sezu {

namespace {

const char* kAttribute = "user.sezu.sha256";

// "size mtime_ns": what must not have changed for a remembered digest to hold.
std::optional<std::string> file_state(const std::string& path)
{
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0)
        return std::nullopt;
    std::ostringstream s;
    s << st.st_size << ' ' << st.st_mtim.tv_sec << '.' << st.st_mtim.tv_nsec;
    return s.str();
}

} // namespace

Sha256::Sha256() : m_ctx(EVP_MD_CTX_new())
{
    reset();
}

Sha256::~Sha256()
{
    EVP_MD_CTX_free(m_ctx);
}

void Sha256::reset()
{
    if (!m_ctx || EVP_DigestInit_ex(m_ctx, EVP_sha256(), nullptr) != 1)
        throw DataError("sha256: cannot initialise OpenSSL's SHA-256");
    m_bytes = 0;
}

void Sha256::update(const void* data, std::size_t n)
{
    EVP_DigestUpdate(m_ctx, data, n);
    m_bytes += static_cast<long long>(n);
}

namespace {

std::string final_hex(EVP_MD_CTX* ctx)
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    EVP_DigestFinal_ex(ctx, md, &len);
    static const char* digits = "0123456789abcdef";
    std::string out;
    for (unsigned int i = 0; i < len; ++i) {
        out += digits[md[i] >> 4];
        out += digits[md[i] & 15];
    }
    return out;
}

} // namespace

std::string Sha256::hex()
{
    return final_hex(m_ctx);
}

std::string Sha256::hex_so_far() const
{
    std::unique_ptr<EVP_MD_CTX, void (*)(EVP_MD_CTX*)> copy(EVP_MD_CTX_new(), EVP_MD_CTX_free);
    if (!copy || EVP_MD_CTX_copy_ex(copy.get(), m_ctx) != 1)
        throw DataError("sha256: cannot copy OpenSSL's SHA-256 state (out of memory?)");
    return final_hex(copy.get());
}

std::optional<std::string> remembered_sha256(const std::string& path)
{
    char value[256];
    const ssize_t n = ::getxattr(path.c_str(), kAttribute, value, sizeof value - 1);
    if (n <= 0)
        return std::nullopt;
    const std::string text(value, std::size_t(n));
    const auto space = text.find(' ');
    const auto state = file_state(path);
    if (space != 64 || !state || text.substr(space + 1) != *state)
        return std::nullopt;
    return text.substr(0, space);
}

void remember_sha256(const std::string& path, const std::string& hex)
{
    const auto state = file_state(path);
    if (!state || hex.size() != 64)
        return;
    const std::string value = hex + ' ' + *state;
    // Not supported (ENOTSUP) or not allowed: the digest is simply taken again next time.
    (void)::setxattr(path.c_str(), kAttribute, value.data(), value.size(), 0);
}

} // namespace sezu
