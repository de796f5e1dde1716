#pragma once
/// The messages a run's ranks exchange, one small struct each, with an explicit byte layout
/// (encode / decode; both ends are the same binary, so host byte order is fine) and the Comm
/// calls that carry them. A message that does not decode whole throws CommError.
#include "sezu/core/months.hpp"
#include "sezu/run/comm.hpp"
#include "sezu/stats/month_result.hpp"

#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace sezu {

/// Rank 0 -> every rank, before any work: whether the job passed its checks (made on rank 0
/// only); when not, the message of the ConfigError every rank then throws.
struct SetupVerdict {
    std::optional<std::string> refusal;
};

/// Rank 0 -> every rank: the months of the span, and those of them still to do (resume).
struct MonthPlan {
    std::vector<YearMonth> span;
    std::vector<YearMonth> todo;
};

/// Worker -> rank 0: the results finished since the worker's last request, and a request for
/// its next month.
struct WorkRequest {
    static constexpr int kTag = 101;
    std::vector<MonthResult> finished;
};

/// Rank 0 -> one worker: the next month to do, or none when there are no more.
struct WorkAssignment {
    static constexpr int kTag = 102;
    std::optional<YearMonth> month;
};

/// Rank 0 -> every rank, at the end: the job's exit code, or the error that stopped rank 0 once
/// the work had begun (every rank then throws JobError with it).
struct JobVerdict {
    int exit_code = 0;
    std::optional<std::string> error;
};

std::string encode(const SetupVerdict& m);
std::string encode(const MonthPlan& m);
std::string encode(const WorkRequest& m);
std::string encode(const WorkAssignment& m);
std::string encode(const JobVerdict& m);

/// The message of type M from its bytes. Throws CommError when they are truncated, too long or
/// hold an impossible value (a month 13, a status 9).
template <class M> M decode(const std::string& bytes);
template <> SetupVerdict decode<SetupVerdict>(const std::string& bytes);
template <> MonthPlan decode<MonthPlan>(const std::string& bytes);
template <> WorkRequest decode<WorkRequest>(const std::string& bytes);
template <> WorkAssignment decode<WorkAssignment>(const std::string& bytes);
template <> JobVerdict decode<JobVerdict>(const std::string& bytes);

/// Every rank gets root's `message` (the other ranks' argument is ignored).
template <class M> M broadcast_message(Comm& comm, const M& message, int root)
{
    return decode<M>(comm.broadcast(encode(message), root));
}
/// Point to point, tagged by the message's type (M::kTag).
template <class M> void send_message(Comm& comm, const M& message, int dest)
{
    comm.send(encode(message), dest, M::kTag);
}
template <class M> M recv_message(Comm& comm, int source)
{
    return decode<M>(comm.recv(source, M::kTag));
}
/// The next message of type M from any rank; its sender in `source`.
template <class M> M recv_message_any(Comm& comm, int& source)
{
    return decode<M>(comm.recv_any(M::kTag, source));
}

bool operator==(const SetupVerdict& a, const SetupVerdict& b);
bool operator==(const MonthPlan& a, const MonthPlan& b);
bool operator==(const WorkRequest& a, const WorkRequest& b);
bool operator==(const WorkAssignment& a, const WorkAssignment& b);
bool operator==(const JobVerdict& a, const JobVerdict& b);
inline bool operator!=(const SetupVerdict& a, const SetupVerdict& b) { return !(a == b); }
inline bool operator!=(const MonthPlan& a, const MonthPlan& b) { return !(a == b); }
inline bool operator!=(const WorkRequest& a, const WorkRequest& b) { return !(a == b); }
inline bool operator!=(const WorkAssignment& a, const WorkAssignment& b) { return !(a == b); }
inline bool operator!=(const JobVerdict& a, const JobVerdict& b) { return !(a == b); }
std::ostream& operator<<(std::ostream& os, const SetupVerdict& m);
std::ostream& operator<<(std::ostream& os, const MonthPlan& m);
std::ostream& operator<<(std::ostream& os, const WorkRequest& m);
std::ostream& operator<<(std::ostream& os, const WorkAssignment& m);
std::ostream& operator<<(std::ostream& os, const JobVerdict& m);

} // namespace sezu
