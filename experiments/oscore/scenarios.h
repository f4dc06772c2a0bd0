// The scenario families of the oscore experiment (KBNets §3, Figs. 2-6), one function each.
// Every family reads the experiment's flags; the paper presets (experiments/presets/oscore-*.conf)
// only set flag values.
#pragma once

#include "experiments/common/experiment.h"
#include "hosts/os_core.h"

namespace corelink::oscore {

// Cycle counts a flag may give (extra, refill): at the slowest clock (0.1 GHz) a batch of the
// largest ring (1e6 packets) at this cost per packet stays far below SimTime's limit.
inline const Range kCycles = between(0, 1e7);

// The base configuration every family starts from: costs, scheduler, batch, arrivals.
struct Base {
    OsCoreConfig cfg;
    double offered_mpps = 0;  // total, split evenly
    SimTime warmup, duration;

    // P processes with an even split of the offered load and the same extra cost.
    OsCoreConfig even(int64_t processes, double extra_cycles) const;
};
Base read_base(const Experiment& ex);

void single(const Experiment& ex, const Base& base);      // one configuration, one row per process
void batch_cdf(const Experiment& ex, const Base& base);   // Fig. 2
void throughput(const Experiment& ex, const Base& base);  // Figs. 3 and 4
void pairs(const Experiment& ex, const Base& base);       // Fig. 5
void ping_latency(const Experiment& ex, const Base& base);  // Fig. 6

}  // namespace corelink::oscore
