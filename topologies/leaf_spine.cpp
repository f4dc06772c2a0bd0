#include "leaf_spine.h"

#include <fmt/format.h>

#include <stdexcept>

namespace corelink {

LeafSpine::LeafSpine(const LeafSpineConfig& cfg)
    : leaves_(cfg.leaves),
      spines_(cfg.spines),
      per_leaf_(cfg.hosts_per_leaf),
      oversubscription_(cfg.hosts_per_leaf * cfg.host_rate_bps /
                        (cfg.spines * cfg.uplink_rate_bps)) {
    if (leaves_ < 1 || leaves_ > kMaxSwitches)
        throw std::invalid_argument(
            fmt::format("leaves must be 1 to {}; got {}", kMaxSwitches, leaves_));
    if (spines_ < 1 || spines_ > kMaxSwitches)
        throw std::invalid_argument(
            fmt::format("spines must be 1 to {}; got {}", kMaxSwitches, spines_));
    if (per_leaf_ < 1 || static_cast<uint64_t>(per_leaf_) * leaves_ > kMaxHosts)
        throw std::invalid_argument(
            fmt::format("hosts per leaf must be >= 1 with at most {} hosts in all", kMaxHosts));
    const uint32_t hosts = leaves_ * per_leaf_;
    set_nodes(hosts, leaves_ + spines_);
    for (uint32_t h = 0; h < hosts; ++h) add_link(h, hosts + leaf_of(h), cfg.host_rate_bps);
    uplink_base_ = links();
    for (uint32_t l = 0; l < leaves_; ++l)
        for (uint32_t s = 0; s < spines_; ++s)
            add_link(hosts + l, hosts + leaves_ + s, cfg.uplink_rate_bps);
}

std::string LeafSpine::node_name(uint32_t node) const {
    if (is_host(node)) return fmt::format("h{}", node);
    const uint32_t i = node - hosts();
    return i < leaves_ ? fmt::format("l{}", i) : fmt::format("s{}", i - leaves_);
}

uint32_t LeafSpine::path_count(uint32_t src, uint32_t dst) const {
    return leaf_of(src) == leaf_of(dst) ? 1 : spines_;
}

void LeafSpine::path(uint32_t src, uint32_t dst, uint32_t index, std::vector<uint32_t>& out) const {
    out.push_back(2 * src);
    if (leaf_of(src) != leaf_of(dst)) {
        out.push_back(uplink(leaf_of(src), index));
        out.push_back(reverse(uplink(leaf_of(dst), index)));
    }
    out.push_back(reverse(2 * dst));
}

}  // namespace corelink
