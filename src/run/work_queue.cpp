#include "work_queue.hpp"

#include "result_store.hpp"

#include "sezu/core/log.hpp"
#include "sezu/run/rank_messages.hpp"

#include <thread>

namespace sezu::detail {

namespace {

// Downloads the month a rank will do next in a background thread, with its own fetcher, while
// the rank processes the current one: download and inflate overlap. Waits for the download
// before the next one starts and when destroyed.
class FetchAhead {
public:
    FetchAhead(const Config& config, const FetchOptions& options)
        : m_config(config), m_fetcher(quiet(options))
    {
    }
    ~FetchAhead() { wait(); }
    FetchAhead(const FetchAhead&) = delete;
    FetchAhead& operator=(const FetchAhead&) = delete;

    void start(const std::optional<YearMonth>& month)
    {
        wait();
        if (month)
            m_task = std::thread([this, m = *month] { prefetch_month(m_config, m_fetcher, m); });
    }
    void wait()
    {
        if (m_task.joinable())
            m_task.join();
    }

private:
    // The month ahead downloads as the month in hand does: its progress lines only under -v.
    static FetchOptions quiet(FetchOptions options)
    {
        if (log::level() != log::Level::Verbose) {
            options.progress = false;
            options.quiet = true;
        }
        return options;
    }
    const Config& m_config;
    Fetcher m_fetcher;
    std::thread m_task;
};

// Rank 0's service loop: answers every worker's request with its next month until the queue is
// empty. A worker asks for one month more than it is doing (the one it fetches ahead), so it is
// done only once it has been told "no more" and has reported every month it was given. The only
// thread that calls MPI meanwhile.
void serve_workers(Comm& comm, MonthQueue& queue, ResultStore& store)
{
    std::vector<int> given(std::size_t(comm.size()), 0); // months a worker has not reported yet
    int running = comm.size() - 1;
    while (running > 0) {
        int source = 0;
        WorkRequest request = recv_message_any<WorkRequest>(comm, source);
        given[std::size_t(source)] -= int(request.finished.size());
        store.add(std::move(request.finished));
        const WorkAssignment next{queue.take()};
        send_message(comm, next, source);
        if (next.month)
            ++given[std::size_t(source)];
        else if (given[std::size_t(source)] == 0)
            --running;
    }
}

// Rank 0's own months, taken from the queue like any rank's.
void process_on_rank0(MonthQueue& queue, ResultStore& store, MonthProcessor& processor,
                      const Config& config, const FetchOptions& fetch_options)
{
    FetchAhead ahead(config, fetch_options);
    for (auto month = queue.take(); month;) {
        const auto next = queue.take();
        ahead.start(next);
        store.add({processor.process(*month)});
        ahead.wait();
        month = next;
    }
}

} // namespace

std::optional<YearMonth> MonthQueue::take()
{
    std::lock_guard<std::mutex> lock(m_mutex);
    if (m_next >= m_months.size())
        return std::nullopt;
    return m_months[m_next++];
}

void lead_months(Comm& comm, MonthQueue& queue, ResultStore& store, MonthProcessor& processor,
                 const Config& config, const FetchOptions& fetch_options)
{
    // Rank 0 works too, while a second thread answers the other ranks; where MPI cannot allow
    // that thread, rank 0 only coordinates.
    const bool rank0_works = comm.size() == 1 || comm.serialized_threads();
    std::thread server;
    if (comm.size() > 1) {
        if (rank0_works)
            server = std::thread([&] { serve_workers(comm, queue, store); });
        else
            serve_workers(comm, queue, store);
    }
    if (rank0_works)
        process_on_rank0(queue, store, processor, config, fetch_options);
    if (server.joinable())
        server.join();
}

void work_for_rank0(Comm& comm, MonthProcessor& processor, const Config& config,
                    const FetchOptions& fetch_options)
{
    // Each request reports what was finished since the last one and brings the month after the
    // one in hand, which is fetched while the one in hand is processed.
    FetchAhead ahead(config, fetch_options);
    WorkRequest request;
    std::optional<YearMonth> current;
    while (true) {
        send_message(comm, request, 0);
        request.finished.clear();
        const std::optional<YearMonth> next = recv_message<WorkAssignment>(comm, 0).month;
        if (!current) {
            if (!next)
                break;
            current = next; // the first month: ask for the one to fetch ahead
            continue;
        }
        ahead.start(next);
        request.finished.push_back(processor.process(*current));
        ahead.wait();
        current = next;
    }
}

} // namespace sezu::detail
