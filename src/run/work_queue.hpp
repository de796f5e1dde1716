#pragma once
// Handing a run's months out to the ranks one at a time (they differ in cost), while each rank
// fetches the month after the one in hand. Internal to run/.
#include "sezu/core/months.hpp"
#include "sezu/fetch/fetch.hpp"
#include "sezu/run/comm.hpp"
#include "sezu/run/config.hpp"
#include "sezu/run/pipeline.hpp"

#include <mutex>
#include <optional>
#include <vector>

namespace sezu::detail {

class ResultStore;

/// The months still to hand out, oldest first (rank 0 only). Thread-safe.
class MonthQueue {
public:
    explicit MonthQueue(std::vector<YearMonth> months) : m_months(std::move(months)) {}
    std::optional<YearMonth> take();

private:
    std::vector<YearMonth> m_months;
    std::size_t m_next = 0;
    std::mutex m_mutex;
};

/// Rank 0's part: answers the other ranks' requests (in a second thread where MPI allows one,
/// while rank 0 processes months too; else rank 0 only coordinates) until every month of
/// `queue` is done and its result is in `store`.
void lead_months(Comm& comm, MonthQueue& queue, ResultStore& store, MonthProcessor& processor,
                 const Config& config, const FetchOptions& fetch_options);

/// The part of every other rank: asks rank 0 for months, processes them and reports their
/// results, until rank 0 has no more.
void work_for_rank0(Comm& comm, MonthProcessor& processor, const Config& config,
                    const FetchOptions& fetch_options);

} // namespace sezu::detail
