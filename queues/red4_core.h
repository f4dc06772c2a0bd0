// The RED_4 marking decision (docs/algorithms.md §2.3, KBNets §4), shared by red4 (one FIFO) and
// red4mq (per-flow FIFOs): RED computes p for the cheapest active flow from the occupancy, and flow
// i is marked with p_i = min(1, p·(ĉ_i/c_min)²), where ĉ_i is its per-packet cost. With equal RTTs
// this equalises the flows' shares of the resource (§2.2).
#pragma once

#include <cstdint>
#include <limits>
#include <vector>

#include "queues/queue_registry.h"
#include "queues/red_core.h"
#include "src/packet.h"
#include "src/queue.h"
#include "src/rng.h"

namespace corelink {

// How ĉ_i follows flow i's packet costs (docs/algorithms.md §2.3).
enum class Red4CostEstimate : uint8_t {
    Ewma,    // ĉ += g·(c - ĉ), g = 1/16: the default; noise does not inflate the marking rate
    Static,  // the flow's mean cost: the running mean of every cost seen (see below)
    Packet,  // each packet's own cost
};

struct Red4Params {
    SimTime active_window = SimTime::from_ms(50);  // T_act
    Red4CostEstimate estimate = Red4CostEstimate::Ewma;

    static std::vector<QueueOption> options();
    // Validates; throws InputError naming the flag.
    static Red4Params from_options(const QueueOptionValues& o);
};

class Red4Policy {
public:
    enum class Decision : uint8_t { Accept, Signal, Forced };
    static constexpr double kGain = 1.0 / 16.0;  // g of the per-flow cost EWMA

    Red4Policy(const RedParams& red, const Red4Params& params, SimTime typical_cost, Rng rng);

    // The decision for an arriving packet (p.cost set), given the queue before it is enqueued.
    // Signal means "mark": the queue calls Queue::signal (CE if ECN-capable, else drop).
    Decision on_arrival(const Packet& p, const Queue& q, SimTime now);
    // The queue stored / removed a packet of `flow_id` (a queued packet keeps a flow active).
    void on_stored(uint32_t flow_id) { ++flows_[flow_id].queued; }
    void on_removed(uint32_t flow_id) { --flows_[flow_id].queued; }

    // Inspection, for tests and traces.
    double cost_estimate_ps(uint32_t flow_id) const { return flows_[flow_id].c_hat_ps; }
    // min ĉ_j over active flows (queued, or seen within T_act of `now`); 0 when none is active.
    double c_min_ps(SimTime now);
    // p_i for flow i given the cheapest flow's probability p.
    double flow_probability(uint32_t flow_id, double p, SimTime now);
    RedEstimator& estimator() { return red_; }
    size_t flows() const { return flows_.size(); }

private:
    static constexpr uint32_t kNotInHeap = std::numeric_limits<uint32_t>::max();
    struct Flow {
        double c_hat_ps = 0.0;
        uint64_t samples = 0;
        SimTime last_seen = SimTime::zero();
        uint32_t queued = 0;
        uint32_t heap_pos = kNotInHeap;
        uint64_t epoch = 0;  // == epoch_ while its spacing counter is current
        RedSpacing spacing;
    };

    void add_flow(uint32_t flow_id);
    void update_cost(Flow& f, SimTime cost);
    bool active(const Flow& f, SimTime now) const {
        return f.queued > 0 || now - f.last_seen <= params_.active_window;
    }
    // An indexed binary min-heap of flows by ĉ. Flows that went quiet are removed lazily when
    // they reach the top, so c_min costs O(log flows) per packet instead of a scan.
    bool less(uint32_t a, uint32_t b) const { return flows_[a].c_hat_ps < flows_[b].c_hat_ps; }
    void heap_place(size_t pos, uint32_t flow_id);
    void sift_up(size_t pos);
    void sift_down(size_t pos);
    void heap_fix(uint32_t flow_id);
    void heap_remove_top();

    RedEstimator red_;
    Red4Params params_;
    Rng rng_;
    std::vector<Flow> flows_;
    std::vector<uint32_t> heap_;
    // Bumped whenever an arrival sees avg < min_th. RED restarts its spacing count there
    // (count = -1); with per-flow counts every flow must restart, which a stale epoch signals.
    uint64_t epoch_ = 0;
};

}  // namespace corelink
