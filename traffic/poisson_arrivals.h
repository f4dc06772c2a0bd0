// Open-loop flow arrivals for finite-flow workloads (docs/nfv-pool.md, "Finite flows"): every
// host starts flows as a Poisson process whose rate gives a target load on its access link,
//   lambda = load * host_rate_bps / (8 * mean flow size in bytes),
// each to a destination drawn uniformly from the other hosts, with a size drawn from a flow-size
// CDF. One pending event per host; the arrival handler decides what a flow is (a TCP connection,
// an MPTCP one, or only a record in a test).
#pragma once

#include <cstdint>
#include <functional>

#include "src/event_list.h"
#include "src/rng.h"
#include "traffic/flow_size_cdf.h"

namespace corelink {

struct FlowArrival {
    uint32_t src = 0;
    uint32_t dst = 0;
    uint64_t size_bytes = 0;
    SimTime at;
};

struct PoissonConfig {
    uint32_t hosts = 2;               // >= 2
    double host_rate_bps = 1e9;       // access-link rate the load refers to
    double load = 0.5;                // offered load per host link, in (0, 1]
    SimTime stop = SimTime::never();  // no arrival at or after this time
};

class PoissonArrivals final : private EventHandler {
public:
    using Handler = std::function<void(const FlowArrival&)>;

    PoissonArrivals(EventList& events, Rng rng, const FlowSizeCdf& sizes, PoissonConfig cfg,
                    Handler on_arrival);
    PoissonArrivals(const PoissonArrivals&) = delete;
    PoissonArrivals& operator=(const PoissonArrivals&) = delete;

    // Schedules every host's first arrival after `from`.
    void start(SimTime from);

    // Flows per second each host starts on average.
    double rate_per_host() const { return rate_per_host_; }
    uint64_t arrivals() const { return arrivals_; }
    uint64_t bytes_offered() const { return bytes_offered_; }

private:
    void handle_event(uint32_t host) override;
    SimTime gap();

    EventList& events_;
    Rng rng_;
    const FlowSizeCdf& sizes_;
    PoissonConfig cfg_;
    Handler on_arrival_;
    double rate_per_host_;
    uint64_t arrivals_ = 0;
    uint64_t bytes_offered_ = 0;
};

}  // namespace corelink
