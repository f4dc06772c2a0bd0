// Leaf-spine(L, S, H) (docs/datacenter.md): L leaf switches with H hosts each, S spine switches,
// every leaf wired to every spine. Host links at host_rate_bps, leaf-spine links at
// uplink_rate_bps; oversubscription = H * host_rate / (S * uplink_rate). Equal-cost paths: 1
// between hosts of one leaf, S (one per spine; the index is the spine) between leaves.
#pragma once

#include "topologies/fabric.h"

namespace corelink {

struct LeafSpineConfig {
    uint32_t leaves = 4;
    uint32_t spines = 2;
    uint32_t hosts_per_leaf = 4;
    double host_rate_bps = 100e6;
    double uplink_rate_bps = 100e6;
};

class LeafSpine final : public FabricShape {
public:
    static constexpr uint32_t kMaxHosts = 1U << 16;
    static constexpr uint32_t kMaxSwitches = 4096;

    explicit LeafSpine(const LeafSpineConfig& cfg);  // throws std::invalid_argument

    uint32_t leaf_of(uint32_t host) const { return host / per_leaf_; }
    uint32_t spines() const { return spines_; }
    uint32_t leaves() const { return leaves_; }
    double oversubscription() const { return oversubscription_; }

    std::string node_name(uint32_t node) const override;
    uint32_t path_count(uint32_t src, uint32_t dst) const override;
    void path(uint32_t src, uint32_t dst, uint32_t index,
              std::vector<uint32_t>& out) const override;
    uint32_t max_paths() const override { return spines_; }

private:
    uint32_t uplink(uint32_t leaf, uint32_t spine) const {
        return uplink_base_ + 2 * (leaf * spines_ + spine);
    }

    uint32_t leaves_, spines_, per_leaf_;
    double oversubscription_;
    uint32_t uplink_base_ = 0;
};

}  // namespace corelink
