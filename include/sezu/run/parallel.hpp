#pragma once
/// Threads inside one rank (`--threads N`): a month's tiles, `sezu stats`'s zones. Work items are
/// handed out in ascending order, so a caller that merges their results in item order gets the
/// same numbers with any number of threads.
#include <cstddef>
#include <functional>

namespace sezu {

/// The cores this process may run on (its CPU affinity mask, as taskset, cgroups' cpusets and
/// MPI launchers' binding set it; never less than 1).
int available_cores();

/// Runs work(i, t) for every item i in [0, n) on min(threads, n) threads t = 0, 1, ... (the
/// calling thread is t = 0; threads < 1 counts as 1; t picks per-thread state). Items are taken in ascending order; once an item has thrown,
/// no further item starts. After every thread has stopped, rethrows the exception of the lowest
/// item that threw, which is the one a single thread would have met first.
void parallel_for(std::size_t n, int threads, const std::function<void(std::size_t, int)>& work);

} // namespace sezu
