#include "sezu/run/parallel.hpp"

#include <sched.h>

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace sezu {

int available_cores()
{
    cpu_set_t set;
    CPU_ZERO(&set);
    if (sched_getaffinity(0, sizeof set, &set) == 0)
        return std::max(1, CPU_COUNT(&set));
    return int(std::max(1U, std::thread::hardware_concurrency()));
}

void parallel_for(std::size_t n, int threads, const std::function<void(std::size_t, int)>& work)
{
    std::atomic<std::size_t> next{0};
    std::atomic<bool> failed{false};
    std::mutex mutex;
    std::size_t failed_item = n;
    std::exception_ptr error;
    auto loop = [&](int thread) {
        for (std::size_t i = next++; i < n && !failed; i = next++) {
            try {
                work(i, thread);
            } catch (...) {
                const std::lock_guard<std::mutex> lock(mutex);
                if (i < failed_item) {
                    failed_item = i;
                    error = std::current_exception();
                }
                failed = true;
            }
        }
    };
    const std::size_t count = std::min<std::size_t>(std::size_t(std::max(1, threads)), n);
    std::vector<std::thread> helpers;
    for (std::size_t t = 1; t < count; ++t)
        helpers.emplace_back(loop, int(t));
    loop(0);
    for (auto& h : helpers)
        h.join();
    if (error)
        std::rethrow_exception(error);
}

} // namespace sezu
