// Progress of a long run on stderr, only when stderr is a terminal. It reads the wall clock to
// decide when to redraw, but never writes anything that reaches a result.
#pragma once

#include <chrono>
#include <string>

#include "sim_time.h"

namespace corelink {

class Progress {
public:
    Progress(std::string label, SimTime end);
    ~Progress();
    // Cheap to call often: redraws at most a few times a second.
    void update(SimTime now) {
        if (enabled_) redraw(now);
    }
    void finish();

private:
    void redraw(SimTime now);

    std::string label_;
    SimTime end_;
    bool enabled_;
    bool drawn_ = false;
    std::chrono::steady_clock::time_point start_, last_;
};

}  // namespace corelink
