#include "fat_tree.h"

#include <fmt/format.h>

#include <stdexcept>

namespace corelink {

FatTree::FatTree(const FatTreeConfig& cfg) : k_(cfg.k), half_(cfg.k / 2) {
    if (k_ < 4 || k_ % 2 != 0 || k_ > kMaxK)
        throw std::invalid_argument(fmt::format("k must be even, 4 to {}; got {}", kMaxK, k_));
    const uint32_t edges = k_ * half_, aggs = k_ * half_, cores = half_ * half_;
    const uint32_t hosts = edges * half_;
    set_nodes(hosts, edges + aggs + cores);
    const uint32_t edge0 = hosts, agg0 = hosts + edges, core0 = hosts + edges + aggs;
    // Hosts first, then edge-aggregation, then aggregation-core cables, so that the link id
    // formulas in the header hold.
    for (uint32_t h = 0; h < hosts; ++h) add_link(h, edge0 + edge_of(h), cfg.host_rate_bps);
    edge_agg_base_ = links();
    for (uint32_t e = 0; e < edges; ++e)
        for (uint32_t j = 0; j < half_; ++j)
            add_link(edge0 + e, agg0 + (e / half_) * half_ + j, cfg.core_rate_bps);
    agg_core_base_ = links();
    for (uint32_t a = 0; a < aggs; ++a)
        for (uint32_t m = 0; m < half_; ++m)
            add_link(agg0 + a, core0 + (a % half_) * half_ + m, cfg.core_rate_bps);
}

std::string FatTree::node_name(uint32_t node) const {
    if (is_host(node)) return fmt::format("h{}", node);
    uint32_t i = node - hosts();
    const uint32_t per_layer = k_ * half_;
    if (i < per_layer) return fmt::format("e{}.{}", i / half_, i % half_);
    i -= per_layer;
    if (i < per_layer) return fmt::format("a{}.{}", i / half_, i % half_);
    return fmt::format("c{}", i - per_layer);
}

uint32_t FatTree::path_count(uint32_t src, uint32_t dst) const {
    if (edge_of(src) == edge_of(dst)) return 1;
    if (pod_of(src) == pod_of(dst)) return half_;
    return half_ * half_;
}

void FatTree::path(uint32_t src, uint32_t dst, uint32_t index, std::vector<uint32_t>& out) const {
    out.push_back(host_up(src));
    const uint32_t es = edge_of(src), ed = edge_of(dst);
    if (es != ed) {
        if (pod_of(src) == pod_of(dst)) {
            out.push_back(edge_up(es, index));
            out.push_back(reverse(edge_up(ed, index)));
        } else {
            const uint32_t j = index / half_, m = index % half_;
            out.push_back(edge_up(es, j));
            out.push_back(agg_up(pod_of(src) * half_ + j, m));
            out.push_back(reverse(agg_up(pod_of(dst) * half_ + j, m)));
            out.push_back(reverse(edge_up(ed, j)));
        }
    }
    out.push_back(reverse(host_up(dst)));
}

}  // namespace corelink
