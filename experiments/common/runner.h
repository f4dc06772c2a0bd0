// The measurement runner every experiment uses: advances a simulation to a time with progress on
// stderr (only when it is a terminal), cuts a run into windows for time series, and, when the
// run ends, adds its events and packets to the experiment's --bench totals.
//
//   Simulation sim(ex.seed());
//   Dumbbell net(sim, cfg);
//   const FlowRates r = measure(ex, sim, net, "label", warmup, end);  // warm-up, snapshot, run
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "experiments/common/experiment.h"
#include "src/progress.h"
#include "src/simulation.h"

namespace corelink {

class Run {
public:
    // `total`: the simulated time the progress line counts to.
    Run(const Experiment& ex, Simulation& sim, std::string label, SimTime total);
    Run(const Run&) = delete;
    Run& operator=(const Run&) = delete;
    ~Run();  // adds this run's events and packets to --bench

    // Runs the simulation until `until`.
    void to(SimTime until);
    // Runs to `until` in windows of `window` (the last may be shorter), calling `at_window_end`
    // with the window's end after each.
    void windows(SimTime until, SimTime window, const std::function<void(SimTime)>& at_window_end);
    // Packets the simulation handled outside the packet pool (models that count packets
    // abstractly); added to the --bench packet count.
    void add_packets(uint64_t n) { extra_packets_ += n; }
    // What this experiment counts as its packets for --bench, instead of every pool packet
    // (the dumbbell counts data packets its bottleneck served, as the htsim comparison does).
    void set_packets(uint64_t n) { packets_ = n; }

    Simulation& sim() { return sim_; }

private:
    const Experiment& ex_;
    Simulation& sim_;
    Progress progress_;
    SimTime total_;
    uint64_t extra_packets_ = 0;
    std::optional<uint64_t> packets_;
};

// Warm-up -> snapshot -> run -> rates, for any scenario with `snapshot()` and a static
// `rates_between(from, to)`: rates over [warmup, end].
template <typename Net>
auto measure(const Experiment& ex, Simulation& sim, Net& net, const std::string& label,
             SimTime warmup, SimTime end) {
    ex.trace(sim, net, label);  // --pcap / --sample-us; nothing when not asked for
    Run run(ex, sim, label, end);
    run.to(warmup);
    const auto from = net.snapshot();
    run.to(end);
    return Net::rates_between(from, net.snapshot());
}

}  // namespace corelink
