// parallel_for: every item once, on the threads asked for, and the error a single thread meets.
#include "sezu/run/parallel.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <mutex>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

using namespace sezu;

TEST(ParallelFor, EveryItemRunsOnceOnAtMostTheThreadsAsked)
{
    for (int threads : {0, 1, 2, 5}) {
        std::vector<std::atomic<int>> runs(50);
        std::mutex mutex;
        std::set<std::thread::id> ids;
        std::set<int> slots;
        parallel_for(runs.size(), threads, [&](std::size_t i, int t) {
            ++runs[i];
            const std::lock_guard<std::mutex> lock(mutex);
            ids.insert(std::this_thread::get_id());
            slots.insert(t);
        });
        for (std::size_t i = 0; i < runs.size(); ++i)
            EXPECT_EQ(runs[i], 1) << "item " << i << ", " << threads << " threads";
        const std::size_t most = std::size_t(std::max(1, threads));
        EXPECT_LE(ids.size(), most);
        EXPECT_LE(slots.size(), most);
        EXPECT_LT(*slots.rbegin(), int(most));
    }
    parallel_for(0, 3, [](std::size_t, int) { FAIL() << "no item"; });
}

TEST(ParallelFor, TheLowestFailingItemsErrorIsRethrown)
{
    for (int threads : {1, 2, 4}) {
        std::atomic<int> started{0};
        try {
            parallel_for(100, threads, [&](std::size_t i, int) {
                ++started;
                // Item 7 fails after item 9 has failed (on another thread, when there is one).
                if (i == 9)
                    throw std::runtime_error("nine");
                if (i == 7) {
                    std::this_thread::sleep_for(std::chrono::milliseconds(threads > 1 ? 50 : 0));
                    throw std::runtime_error("seven");
                }
            });
            FAIL() << "no exception on " << threads << " threads";
        } catch (const std::runtime_error& e) {
            EXPECT_EQ(std::string(e.what()), "seven") << threads << " threads";
        }
        // With one thread, exactly a plain loop's items 0..7; with more, how many later items
        // start before the failure is seen depends on the scheduler.
        if (threads == 1) {
            EXPECT_EQ(started, 8);
        }
    }
}
