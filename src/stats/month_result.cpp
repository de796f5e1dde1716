#include "sezu/stats/month_result.hpp"

#include "sezu/core/error.hpp"

#include <cstdint>
#include <cstring>
#include <type_traits>

namespace sezu {

std::string to_string(MonthStatus s)
{
    switch (s) {
    case MonthStatus::Ok: return "ok";
    case MonthStatus::Incomplete: return "incomplete";
    case MonthStatus::Failed: return "failed";
    case MonthStatus::NotPublished: return "not published";
    }
    return "unknown";
}

namespace {

// A tiny length-prefixed binary format; both ends are the same binary, so host byte order is fine.
static_assert(std::is_trivially_copyable_v<ZoneStats>, "ZoneStats travels as raw bytes");

class Writer {
public:
    template <class T> void pod(const T& v) { m_out.append(reinterpret_cast<const char*>(&v), sizeof v); }
    void str(const std::string& s)
    {
        pod<std::uint64_t>(s.size());
        m_out += s;
    }
    std::string take() { return std::move(m_out); }

private:
    std::string m_out;
};

class Reader {
public:
    explicit Reader(const std::string& in) : m_in(in) {}
    template <class T> T pod()
    {
        need(sizeof(T));
        T v;
        std::memcpy(&v, m_in.data() + m_pos, sizeof v);
        m_pos += sizeof v;
        return v;
    }
    std::string str()
    {
        const auto n = pod<std::uint64_t>();
        need(n);
        std::string s = m_in.substr(m_pos, n);
        m_pos += n;
        return s;
    }
    bool done() const { return m_pos == m_in.size(); }

private:
    void need(size_t n) const
    {
        if (m_pos + n > m_in.size())
            throw CommError("comm: truncated month results message");
    }
    const std::string& m_in;
    size_t m_pos = 0;
};

} // namespace

std::string serialize(const std::vector<MonthResult>& results)
{
    Writer w;
    w.pod<std::uint64_t>(results.size());
    for (const auto& r : results) {
        w.pod<int>(r.month.yyyymm());
        w.pod<int>(int(r.status));
        w.str(r.reason);
        w.pod<double>(r.seconds);
        w.pod<std::uint64_t>(r.stats.size());
        for (const auto& s : r.stats)
            w.pod(s);
        w.pod<std::uint64_t>(r.tiles.size());
        for (const auto& t : r.tiles) {
            w.str(t.tile);
            w.str(t.file_name);
            w.str(t.stamp);
            w.pod<long long>(t.bytes);
            w.str(t.sha256);
        }
    }
    return w.take();
}

std::vector<MonthResult> deserialize_results(const std::string& bytes)
{
    Reader rd(bytes);
    std::vector<MonthResult> results(rd.pod<std::uint64_t>());
    for (auto& r : results) {
        const int yyyymm = rd.pod<int>();
        r.month = YearMonth(yyyymm / 100, yyyymm % 100);
        r.status = MonthStatus(rd.pod<int>());
        r.reason = rd.str();
        r.seconds = rd.pod<double>();
        r.stats.resize(rd.pod<std::uint64_t>());
        for (auto& s : r.stats)
            s = rd.pod<ZoneStats>();
        r.tiles.resize(rd.pod<std::uint64_t>());
        for (auto& t : r.tiles) {
            t.tile = rd.str();
            t.file_name = rd.str();
            t.stamp = rd.str();
            t.bytes = rd.pod<long long>();
            t.sha256 = rd.str();
        }
    }
    if (!rd.done())
        throw CommError("comm: trailing bytes in month results message");
    return results;
}

} // namespace sezu
