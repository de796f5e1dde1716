#include "sezu/run/rank_messages.hpp"

#include "message_bytes.hpp"

#include <type_traits>

namespace sezu {
using detail::MessageReader;
using detail::MessageWriter;

namespace {

// A zone's statistics: every field, then the quantiles computed (level, value) — as many as
// the run's selection asks for, so a run without quantiles sends none.
void write_stats(MessageWriter& w, const ZoneStats& s)
{
    for (const auto& f : ZoneStats::fields())
        w.pod<double>(s.*f.member);
    w.size(s.quantiles.size());
    for (const auto& [level, v] : s.quantiles) {
        w.pod<double>(level);
        w.pod<double>(v);
    }
}

ZoneStats read_stats(MessageReader& r)
{
    ZoneStats s;
    for (const auto& f : ZoneStats::fields())
        s.*f.member = r.pod<double>();
    s.quantiles.resize(r.size(2 * sizeof(double)));
    for (auto& [level, v] : s.quantiles) {
        level = r.pod<double>();
        v = r.pod<double>();
    }
    return s;
}

// The smallest encoded ZoneStats: its fields and the count of quantiles.
std::size_t min_stats_bytes()
{
    return ZoneStats::fields().size() * sizeof(double) + sizeof(std::uint64_t);
}

void write_months(MessageWriter& w, const std::vector<YearMonth>& months)
{
    w.size(months.size());
    for (const auto& m : months)
        w.month(m);
}

std::vector<YearMonth> read_months(MessageReader& r)
{
    std::vector<YearMonth> months(r.size(sizeof(std::int32_t)));
    for (auto& m : months)
        m = r.month();
    return months;
}

// A zone's chip: its shape, place and pixels (the pixels as one block of float32).
void write_chip(MessageWriter& w, const ZoneChip& c)
{
    w.pod<std::int64_t>(c.rows);
    w.pod<std::int64_t>(c.cols);
    w.pod<std::int64_t>(c.factor);
    for (double v : {c.west, c.north, c.east, c.south})
        w.pod<double>(v);
    w.pods(c.radiance);
}

constexpr std::size_t kMinChipBytes = 3 * sizeof(std::int64_t) + 4 * sizeof(double) +
                                      sizeof(std::uint64_t);

ZoneChip read_chip(MessageReader& r)
{
    ZoneChip c;
    c.rows = long(r.pod<std::int64_t>());
    c.cols = long(r.pod<std::int64_t>());
    c.factor = long(r.pod<std::int64_t>());
    for (double* v : {&c.west, &c.north, &c.east, &c.south})
        *v = r.pod<double>();
    c.radiance = r.pods<float>();
    if (c.rows < 0 || c.cols < 0 || c.radiance.size() != std::size_t(c.rows * c.cols))
        r.fail("a chip of " + std::to_string(c.cols) + " x " + std::to_string(c.rows) +
               " pixels with " + std::to_string(c.radiance.size()) + " values");
    return c;
}

void write_result(MessageWriter& w, const MonthResult& r)
{
    w.month(r.month);
    w.pod<std::int32_t>(std::int32_t(r.status));
    w.str(r.reason);
    w.pod<double>(r.seconds);
    w.str(r.satellite);
    w.pod<std::int32_t>(r.first_day);
    w.pod<std::int32_t>(r.last_day);
    w.size(r.stats.size());
    for (const auto& s : r.stats)
        write_stats(w, s);
    w.size(r.tiles.size());
    for (const auto& t : r.tiles) {
        w.str(t.tile);
        w.str(t.file_name);
        w.str(t.stamp);
        w.pod<long long>(t.bytes);
        w.str(t.sha256);
    }
    w.size(r.chips.size());
    for (const auto& c : r.chips)
        write_chip(w, c);
}

MonthStatus read_status(MessageReader& r)
{
    const auto status = r.pod<std::int32_t>();
    if (status < int(MonthStatus::Ok) || status > int(MonthStatus::NotPublished))
        r.fail("a month status of " + std::to_string(status));
    return MonthStatus(status);
}

MonthResult read_result(MessageReader& r)
{
    MonthResult out;
    out.month = r.month();
    out.status = read_status(r);
    out.reason = r.str();
    out.seconds = r.pod<double>();
    out.satellite = r.str();
    out.first_day = r.pod<std::int32_t>();
    out.last_day = r.pod<std::int32_t>();
    out.stats.resize(r.size(min_stats_bytes()));
    for (auto& s : out.stats)
        s = read_stats(r);
    out.tiles.resize(r.size(4 * sizeof(std::uint64_t) + sizeof(long long)));
    for (auto& t : out.tiles) {
        t.tile = r.str();
        t.file_name = r.str();
        t.stamp = r.str();
        t.bytes = r.pod<long long>();
        t.sha256 = r.str();
    }
    out.chips.resize(r.size(kMinChipBytes));
    for (auto& c : out.chips)
        c = read_chip(r);
    return out;
}

// The smallest encoded MonthResult: month, status, reason, seconds, satellite, its days and
// three list lengths.
constexpr std::size_t kMinResultBytes = 4 * sizeof(std::int32_t) + 5 * sizeof(std::uint64_t) +
                                        sizeof(double);

} // namespace

std::string encode(const SetupVerdict& m)
{
    MessageWriter w;
    w.optional_str(m.refusal);
    return w.take();
}

std::string encode(const MonthPlan& m)
{
    MessageWriter w;
    write_months(w, m.span);
    write_months(w, m.todo);
    return w.take();
}

std::string encode(const WorkRequest& m)
{
    MessageWriter w;
    w.size(m.finished.size());
    for (const auto& r : m.finished)
        write_result(w, r);
    return w.take();
}

std::string encode(const WorkAssignment& m)
{
    MessageWriter w;
    w.flag(m.month.has_value());
    if (m.month)
        w.month(*m.month);
    return w.take();
}

std::string encode(const JobVerdict& m)
{
    MessageWriter w;
    w.pod<std::int32_t>(m.exit_code);
    w.optional_str(m.error);
    return w.take();
}

template <> SetupVerdict decode<SetupVerdict>(const std::string& bytes)
{
    MessageReader r(bytes, "setup verdict");
    SetupVerdict m{r.optional_str()};
    r.finish();
    return m;
}

template <> MonthPlan decode<MonthPlan>(const std::string& bytes)
{
    MessageReader r(bytes, "month plan");
    MonthPlan m;
    m.span = read_months(r);
    m.todo = read_months(r);
    r.finish();
    return m;
}

template <> WorkRequest decode<WorkRequest>(const std::string& bytes)
{
    MessageReader r(bytes, "work request");
    WorkRequest m;
    m.finished.resize(r.size(kMinResultBytes));
    for (auto& result : m.finished)
        result = read_result(r);
    r.finish();
    return m;
}

template <> WorkAssignment decode<WorkAssignment>(const std::string& bytes)
{
    MessageReader r(bytes, "work assignment");
    WorkAssignment m;
    if (r.flag())
        m.month = r.month();
    r.finish();
    return m;
}

template <> JobVerdict decode<JobVerdict>(const std::string& bytes)
{
    MessageReader r(bytes, "job verdict");
    JobVerdict m;
    m.exit_code = r.pod<std::int32_t>();
    m.error = r.optional_str();
    r.finish();
    return m;
}

bool operator==(const SetupVerdict& a, const SetupVerdict& b)
{
    return a.refusal == b.refusal;
}

bool operator==(const MonthPlan& a, const MonthPlan& b)
{
    return a.span == b.span && a.todo == b.todo;
}

bool operator==(const WorkRequest& a, const WorkRequest& b)
{
    return a.finished == b.finished;
}

bool operator==(const WorkAssignment& a, const WorkAssignment& b)
{
    return a.month == b.month;
}

bool operator==(const JobVerdict& a, const JobVerdict& b)
{
    return a.exit_code == b.exit_code && a.error == b.error;
}

std::ostream& operator<<(std::ostream& os, const SetupVerdict& m)
{
    return os << "SetupVerdict{" << (m.refusal ? "refused: " + *m.refusal : "accepted") << '}';
}

std::ostream& operator<<(std::ostream& os, const MonthPlan& m)
{
    os << "MonthPlan{span";
    for (const auto& ym : m.span)
        os << ' ' << ym;
    os << ", todo";
    for (const auto& ym : m.todo)
        os << ' ' << ym;
    return os << '}';
}

std::ostream& operator<<(std::ostream& os, const WorkRequest& m)
{
    os << "WorkRequest{";
    for (const auto& r : m.finished)
        os << '\n' << r;
    return os << '}';
}

std::ostream& operator<<(std::ostream& os, const WorkAssignment& m)
{
    os << "WorkAssignment{";
    if (m.month)
        os << *m.month;
    else
        os << "no more";
    return os << '}';
}

std::ostream& operator<<(std::ostream& os, const JobVerdict& m)
{
    os << "JobVerdict{exit " << m.exit_code;
    if (m.error)
        os << ", error: " << *m.error;
    return os << '}';
}

} // namespace sezu
