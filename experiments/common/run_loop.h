// Runs a simulation to a time, redrawing progress on stderr (only when it is a terminal).
#pragma once

#include <string>

#include "src/progress.h"
#include "src/simulation.h"

namespace corelink {

// Runs `sim` until `until`; progress is shown as a fraction of `total` (the whole run).
inline void run_with_progress(Simulation& sim, SimTime until, const std::string& label,
                              SimTime total) {
    Progress progress(label, total);
    // Chunks of 1/1000 of the run keep the per-event loop free of progress checks.
    const SimTime chunk = max(total / 1000, SimTime::from_ps(1));
    while (sim.now() < until) {
        sim.events().run_until(min(until, sim.now() + chunk));
        progress.update(sim.now());
    }
}

}  // namespace corelink
