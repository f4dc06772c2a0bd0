// Max-min fair rates by progressive filling, for flows whose paths are fixed (docs/datacenter.md,
// "The flow-level oracle"). A resource is anything with a capacity per second — a link in bits/s,
// a CPU core in cycles/s — and a flow puts a demand on each resource it crosses per unit of its
// rate (1 bit per bit on a link; cycles per bit on a CPU; a fraction when a flow is split over
// several paths).
//
// The filling raises every unfrozen flow's rate together until some resource saturates, freezes
// every flow crossing a saturated resource, and repeats until all flows are frozen. The result
// is the max-min fair allocation: no flow can gain without taking from a flow that has less.
//
// Two generalisations, both reducing to the plain filling when unused:
//   - a weight per group: a group's rate rises `weight` times as fast as a weight-1 group's
//     (fairness in CPU time instead of in bits: weight 1 / cost);
//   - groups of several flows: a connection with n subflows (MPTCP) rises as one unit, its
//     increase shared equally by the subflows whose paths still have room, so traffic moves to
//     the paths that are not yet saturated. A flow that is alone in its group is plain max-min.
//
// This folder includes nothing else of ours: it is a tool in its own right.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace corelink::fluid {

struct Use {
    uint32_t resource;
    double demand;  // resource units consumed per unit of the flow's rate
};

class MaxMinProblem {
public:
    static constexpr uint32_t kOwnGroup = UINT32_MAX;

    // Returns the resource's id (0, 1, ...). Capacity in its own units per second, > 0.
    uint32_t add_resource(double capacity);
    // A group of flows that rises as one unit (weight > 0). Returns its id.
    uint32_t add_group(double weight = 1.0);
    // A flow crossing `uses` (at least one use with demand > 0). Returns the flow's id. A flow
    // without a group forms a group of its own of weight 1.
    uint32_t add_flow(std::span<const Use> uses, uint32_t group = kOwnGroup);

    size_t resources() const { return capacity_.size(); }
    size_t flows() const { return flow_group_.size(); }
    size_t groups() const { return group_weight_.size(); }
    double capacity(uint32_t r) const { return capacity_[r]; }
    std::span<const Use> uses(uint32_t flow) const {
        return {uses_.data() + flow_begin_[flow], flow_begin_[flow + 1] - flow_begin_[flow]};
    }
    uint32_t group_of(uint32_t flow) const { return flow_group_[flow]; }
    double group_weight(uint32_t g) const { return group_weight_[g]; }

private:
    std::vector<double> capacity_;
    std::vector<double> group_weight_;
    std::vector<uint32_t> flow_group_;
    std::vector<size_t> flow_begin_{
        0};  // flow f's uses are uses_[flow_begin_[f], flow_begin_[f+1])
    std::vector<Use> uses_;
};

struct MaxMinSolution {
    std::vector<double> rate;         // per flow
    std::vector<double> group_rate;   // per group: the sum of its flows' rates
    std::vector<double> load;         // per resource: sum of demand * rate
    std::vector<bool> saturated;      // per resource
    std::vector<uint32_t> frozen_by;  // per flow: the resource whose saturation froze it
    uint32_t rounds = 0;              // filling rounds (saturation levels) taken
};

MaxMinSolution solve_max_min(const MaxMinProblem& problem);

}  // namespace corelink::fluid
