// Open-loop traffic for the multi-resource pipeline (docs/algorithms.md §5.6, DRFQ §8.2): one flow
// of packets whose demand on each resource is drawn Normal(mean, sd_fraction·mean), truncated at 1%
// of the mean. Arrivals are Poisson or evenly spaced at rate_pps, or "backlogged": the flow keeps
// `backlog_pkts` packets in its input queue by sending one whenever one is dispatched. Demands are
// in time units; 1 unit = 1 us of service.
#pragma once

#include <array>
#include <cstdint>

#include "queues/multi_resource_pipeline.h"
#include "src/event_list.h"
#include "src/packet_pool.h"
#include "src/rng.h"

namespace corelink {

enum class Arrivals : uint8_t { Poisson, Constant, Backlogged };

struct DemandProfile {
    std::array<double, kMaxResources> mean_us{};  // mean demand per resource, time units (us)
    double sd_fraction = 0.1;                     // standard deviation / mean; 0 = exact

    SimTime draw(size_t j, Rng& rng) const;
};

struct OpenLoopConfig {
    uint32_t flow_id = 0;
    uint32_t size_bytes = 1000;
    DemandProfile profile;
    Arrivals arrivals = Arrivals::Backlogged;
    double rate_pps = 0.0;  // Poisson / Constant: packets per second of simulated time
    uint32_t backlog_pkts = 32;
    SimTime start = SimTime::zero();
    SimTime stop = SimTime::never();
    // Optional change of profile at a time (DRFQ Fig. 12's manipulating flow).
    SimTime switch_at = SimTime::never();
    DemandProfile switched;
    // Optional cyclic profiles: packet k uses alternate[k % alternate_count] (the §5.5 oracle's
    // flow alternating <1,0.25> and <0.25,1>); 0 = always `profile`.
    std::array<DemandProfile, 4> alternate{};
    size_t alternate_count = 0;
};

class OpenLoopSource final : private EventHandler, private MultiResourcePipeline::DispatchListener {
public:
    OpenLoopSource(EventList& events, PacketPool& pool, Rng rng, MultiResourcePipeline& pipeline,
                   OpenLoopConfig config);

    uint64_t sent() const { return sent_; }
    const OpenLoopConfig& config() const { return config_; }
    // The route its packets take (the pipeline first); a trace tap may be inserted into it.
    Route& route() { return route_; }

private:
    void handle_event(uint32_t) override;
    void on_dispatch(const Packet& p) override;
    void send_one();
    bool active() const { return events_.now() >= config_.start && events_.now() < config_.stop; }

    EventList& events_;
    PacketPool& pool_;
    Rng rng_;
    MultiResourcePipeline& pipeline_;
    OpenLoopConfig config_;
    Route route_;
    uint64_t sent_ = 0;
};

}  // namespace corelink
