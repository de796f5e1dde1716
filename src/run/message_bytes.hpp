#pragma once
// The byte layout of the ranks' messages (rank_messages.hpp): fixed-size values as their bytes,
// texts and lists with a 64-bit length first. Both ends are the same binary, so host byte order
// and layout are fine. Internal to run/.
#include "sezu/core/error.hpp"
#include "sezu/core/months.hpp"

#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

namespace sezu::detail {

class MessageWriter {
public:
    template <class T> void pod(const T& v)
    {
        static_assert(std::is_trivially_copyable_v<T>, "only plain values travel as bytes");
        m_out.append(reinterpret_cast<const char*>(&v), sizeof v);
    }
    void size(std::size_t n) { pod<std::uint64_t>(n); }
    void flag(bool b) { pod<std::uint8_t>(b ? 1 : 0); }
    void str(const std::string& s)
    {
        size(s.size());
        m_out += s;
    }
    void month(const YearMonth& m) { pod<std::int32_t>(m.yyyymm()); }
    /// A list of plain values as one block (its length first): a chip's pixels in one append.
    template <class T> void pods(const std::vector<T>& values)
    {
        static_assert(std::is_trivially_copyable_v<T>, "only plain values travel as bytes");
        size(values.size());
        m_out.append(reinterpret_cast<const char*>(values.data()), values.size() * sizeof(T));
    }
    void optional_str(const std::optional<std::string>& s)
    {
        flag(s.has_value());
        if (s)
            str(*s);
    }
    std::string take() { return std::move(m_out); }

private:
    std::string m_out;
};

/// Reads what a MessageWriter wrote, in the same order. Throws CommError naming `what` (the
/// message) when the bytes run out, are left over (finish) or hold an impossible value.
class MessageReader {
public:
    MessageReader(const std::string& in, const char* what) : m_in(in), m_what(what) {}
    template <class T> T pod()
    {
        need(sizeof(T));
        T v;
        std::memcpy(&v, m_in.data() + m_pos, sizeof v);
        m_pos += sizeof v;
        return v;
    }
    /// A count of things still to read, each at least `min_bytes` long: a count the remaining
    /// bytes cannot hold is corruption, not a reason to allocate.
    std::size_t size(std::size_t min_bytes = 1)
    {
        const auto n = pod<std::uint64_t>();
        if (min_bytes > 0 && n > (m_in.size() - m_pos) / min_bytes)
            fail("a count of " + std::to_string(n) + " past its end");
        return std::size_t(n);
    }
    bool flag()
    {
        const auto b = pod<std::uint8_t>();
        if (b > 1)
            fail("a flag of " + std::to_string(b));
        return b == 1;
    }
    std::string str()
    {
        const std::size_t n = size(1);
        std::string s = m_in.substr(m_pos, n);
        m_pos += n;
        return s;
    }
    YearMonth month()
    {
        const auto yyyymm = pod<std::int32_t>();
        try {
            return YearMonth(yyyymm / 100, yyyymm % 100);
        } catch (const Error&) {
            fail("the month " + std::to_string(yyyymm));
        }
    }
    /// What MessageWriter::pods wrote.
    template <class T> std::vector<T> pods()
    {
        std::vector<T> values(size(sizeof(T)));
        need(values.size() * sizeof(T));
        std::memcpy(values.data(), m_in.data() + m_pos, values.size() * sizeof(T));
        m_pos += values.size() * sizeof(T);
        return values;
    }
    std::optional<std::string> optional_str()
    {
        if (!flag())
            return std::nullopt;
        return str();
    }
    void finish() const
    {
        if (m_pos != m_in.size())
            fail(std::to_string(m_in.size() - m_pos) + " trailing bytes");
    }
    [[noreturn]] void fail(const std::string& problem) const
    {
        throw CommError(std::string("comm: bad ") + m_what + " message: " + problem);
    }

private:
    void need(std::size_t n) const
    {
        if (n > m_in.size() - m_pos)
            fail("truncated");
    }
    const std::string& m_in;
    const char* m_what;
    std::size_t m_pos = 0;
};

} // namespace sezu::detail
