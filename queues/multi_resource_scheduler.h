// What a scheduler in front of a multi-resource pipeline (docs/algorithms.md §5.7) needs beyond the
// Queue interface: which resources packets use, what it may believe about their demands
// (§5.6), weights per flow, a per-flow input limit, and feedback from the pipeline — when a
// resource finishes a packet and when a packet leaves the last resource (DRFQ's virtual time is
// defined over dispatched-but-unfinished packets, §5.4).
//
// Every multi-resource scheduler is also an ordinary Queue. Used in front of a plain Server it is
// never attached: it then sees one resource whose demand is p.cost, gets no completion feedback
// and falls back to SFQ's rule for virtual time (the start tag of the packet last handed out).
#pragma once

#include <array>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "src/packet.h"
#include "src/sim_time.h"

namespace corelink {

// How a scheduler learns a packet's per-resource demand (docs/algorithms.md §5.6). The resource
// always spends the true demand p.demand[j]; only the scheduler's tags use the estimate.
enum class DemandEstimate : uint8_t {
    Oracle,  // the drawn demand itself
    Ewma,    // per flow and resource, EWMA (gain 1/8) of completed packets' demands
    Linear,  // per flow and resource, least-squares fit a + b·size of completed packets
};
// Parses "oracle" | "ewma" | "linear"; throws InputError naming `flag` otherwise.
DemandEstimate parse_demand_estimate(const std::string& flag, const std::string& text);

class DemandEstimator {
public:
    // resources == 0: plain-queue mode, every estimate is p.cost.
    void configure(size_t resources, DemandEstimate mode) {
        resources_ = resources;
        mode_ = mode;
    }
    size_t resources() const { return resources_; }
    // How many resources a packet's tags range over: one in plain-queue mode.
    size_t tagged_resources() const { return resources_ == 0 ? 1 : resources_; }

    SimTime estimate(const Packet& p, size_t j) const;
    // Resource j has finished p: learn from its true demand there.
    void observe(const Packet& p, size_t j);

private:
    struct FlowFit {
        std::array<double, kMaxResources> ewma_ps{};
        std::array<double, kMaxResources> sum_y{};   // Σ demand (ps)
        std::array<double, kMaxResources> sum_xy{};  // Σ size·demand
        std::array<uint64_t, kMaxResources> n{};
        std::array<double, kMaxResources> sum_x{};   // Σ size
        std::array<double, kMaxResources> sum_xx{};  // Σ size²
    };
    size_t resources_ = 0;
    DemandEstimate mode_ = DemandEstimate::Oracle;
    std::vector<FlowFit> flows_;  // grows when a new flow id completes its first packet
};

// Per-resource fair queueing's blocking between stages (§5.7): a stage may start a packet of
// `flow` only while the gate is open for it.
class FlowGate {
public:
    virtual bool open(uint32_t flow) const = 0;

protected:
    ~FlowGate() = default;
};

class MultiResourceScheduler {
public:
    virtual ~MultiResourceScheduler() = default;

    // Called once by the pipeline before any packet arrives. Throws InputError when the
    // scheduler's options do not fit (e.g. --sfq-resource beyond the last resource).
    virtual void attach_pipeline(size_t resources, DemandEstimate mode) {
        estimator_.configure(resources, mode);
    }
    bool attached() const { return estimator_.resources() > 0; }
    // Resource j has finished serving p (it spent p.demand[j]).
    virtual void on_resource_done(size_t j, const Packet& p) { estimator_.observe(p, j); }
    // A packet this scheduler handed out was dropped in front of resource j (a full inter-stage
    // buffer without backpressure, §5.7) after resources 0..j-1 served it; on_finished follows.
    virtual void on_dropped(size_t j, const Packet& p) {
        (void)j;
        (void)p;
    }
    // A packet this scheduler handed out has left the last resource, or was dropped.
    virtual void on_finished(const Packet& p) { (void)p; }

    // Per-resource fair queueing only: the pipeline asks for a fair queue at every later stage
    // and gates the scheduler's choice by the blocking rule.
    virtual bool fair_queue_every_stage() const { return false; }
    virtual void set_gate(const FlowGate* gate) { (void)gate; }
    // False when every flow with queued packets is gated (the pipeline then waits).
    virtual bool can_dispatch() const { return true; }

    // Weights by flow id; flows beyond the list weigh 1. Set before packets arrive.
    void set_weights(std::vector<double> weights) { weights_ = std::move(weights); }
    double weight(uint32_t flow) const { return flow < weights_.size() ? weights_[flow] : 1.0; }
    // Per-flow input limit in packets (DropFlowLimit beyond it); unlimited by default.
    void set_flow_limit(uint64_t packets) { flow_limit_pkts_ = packets; }
    uint64_t flow_limit() const { return flow_limit_pkts_; }

    const DemandEstimator& estimator() const { return estimator_; }

protected:
    // A weighted charge s / w, in virtual time (picoseconds of weighted service).
    SimTime weighted(SimTime s, uint32_t flow) const {
        const double w = weight(flow);
        return w == 1.0 ? s : s.scaled(1.0 / w);
    }

private:
    DemandEstimator estimator_;
    std::vector<double> weights_;
    uint64_t flow_limit_pkts_ = std::numeric_limits<uint64_t>::max();
};

}  // namespace corelink
