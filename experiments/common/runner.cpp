#include "runner.h"

namespace corelink {

Run::Run(const Experiment& ex, Simulation& sim, std::string label, SimTime total)
    : ex_(ex), sim_(sim), progress_(std::move(label), total), total_(total) {
    ex_.check_trace_length(total);
}

Run::~Run() {
    BenchTotals& b = ex_.bench_totals();
    ++b.runs;
    b.events += sim_.events().dispatched();
    b.packets +=
        packets_ ? *packets_ : sim_.pool().released() + sim_.pool().in_use() + extra_packets_;
}

void Run::to(SimTime until) {
    // Chunks of 1/1000 of the run keep the per-event loop free of progress checks.
    const SimTime chunk = max(total_ / 1000, SimTime::from_ps(1));
    while (sim_.now() < until) {
        sim_.events().run_until(min(until, sim_.now() + chunk));
        progress_.update(sim_.now());
    }
}

void Run::windows(SimTime until, SimTime window,
                  const std::function<void(SimTime)>& at_window_end) {
    while (sim_.now() < until) {
        const SimTime next = min(until, sim_.now() + window);
        to(next);
        at_window_end(next);
    }
}

}  // namespace corelink
