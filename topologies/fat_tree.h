// FatTree(k) (Al-Fares et al., SIGCOMM 2008; docs/datacenter.md): k pods of k/2 edge and k/2
// aggregation switches; each edge switch has k/2 hosts and one uplink to every aggregation switch
// of its pod; (k/2)^2 core switches, aggregation switch j of every pod wired to cores
// j*k/2 .. j*k/2 + k/2 - 1. Hosts k^3/4, switches 5k^2/4, cables 3k^3/4.
//
// Equal-cost shortest paths between hosts: 1 under the same edge switch, k/2 in the same pod
// (one per aggregation switch), (k/2)^2 across pods (one per core switch). A path is named by
// its index alone — the aggregation switch, or the core switch c = j*k/2 + m (through
// aggregation switch j of both pods) — so a flow stores an index, never a list of links.
//
// Host links run at host_rate_bps, switch-to-switch links at core_rate_bps: equal rates give
// full bisection; core_rate_bps = host_rate_bps / o gives oversubscription o:1.
#pragma once

#include "topologies/fabric.h"

namespace corelink {

struct FatTreeConfig {
    uint32_t k = 4;  // even, >= 4
    double host_rate_bps = 100e6;
    double core_rate_bps = 100e6;
};

class FatTree final : public FabricShape {
public:
    // Largest k accepted: k = 48 is 27,648 hosts and 2,880 switches.
    static constexpr uint32_t kMaxK = 48;

    explicit FatTree(const FatTreeConfig& cfg);  // throws std::invalid_argument on a bad k

    uint32_t k() const { return k_; }
    uint32_t pod_of(uint32_t host) const { return edge_of(host) / half_; }
    uint32_t edge_of(uint32_t host) const { return host / half_; }  // 0 .. k^2/2 - 1

    std::string node_name(uint32_t node) const override;
    uint32_t path_count(uint32_t src, uint32_t dst) const override;
    void path(uint32_t src, uint32_t dst, uint32_t index,
              std::vector<uint32_t>& out) const override;
    uint32_t max_paths() const override { return half_ * half_; }

private:
    // Directed link ids (upward direction; the downward one is id + 1).
    uint32_t host_up(uint32_t h) const { return 2 * h; }
    uint32_t edge_up(uint32_t edge, uint32_t j) const {
        return edge_agg_base_ + 2 * (edge * half_ + j);
    }
    uint32_t agg_up(uint32_t agg, uint32_t m) const {
        return agg_core_base_ + 2 * (agg * half_ + m);
    }

    uint32_t k_, half_;
    uint32_t edge_agg_base_ = 0, agg_core_base_ = 0;
};

}  // namespace corelink
