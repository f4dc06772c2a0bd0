#include "fabric.h"

#include "topologies/dumbbell.h"

namespace corelink {

uint32_t FabricShape::add_link(uint32_t a, uint32_t b, double rate_bps) {
    const auto id = static_cast<uint32_t>(links_.size());
    links_.push_back({a, b, rate_bps});
    links_.push_back({b, a, rate_bps});
    if (is_host(a)) host_link_[a] = id;
    if (is_host(b)) host_link_[b] = id + 1;
    return id;
}

Fabric::Fabric(Simulation& sim, const FabricShape& shape, const LinkOptions& options)
    : shape_(shape) {
    // One copy of the registry defaults for all links, not one per link.
    const QueueOptionValues defaults = builtin_queues().defaults();
    BottleneckConfig cfg;
    cfg.queue = options.queue;
    cfg.limits = options.limits;
    cfg.queue_options = options.queue_options ? options.queue_options : &defaults;
    links_.reserve(shape.links());
    for (uint32_t id = 0; id < shape.links(); ++id) {
        cfg.rate_bps = shape.link(id).rate_bps;
        DirectedLink& l = links_.emplace_back();
        l.server = make_bottleneck(sim, cfg, options.mss_bytes, shape.link_name(id));
        // Per-flow service counters would grow with the largest flow id seen at every port
        // (tens of thousands of subflows on each of tens of thousands of ports).
        l.server->set_per_flow_accounting(false);
        l.pipe = std::make_unique<Pipe>(sim.events(), options.hop_delay);
    }
}

void Fabric::append_hops(std::span<const uint32_t> links, std::vector<PacketSink*>& hops) {
    for (uint32_t id : links) {
        hops.push_back(links_[id].server.get());
        if (!link_taps_.empty() && link_taps_[id]) hops.push_back(link_taps_[id]);
        hops.push_back(links_[id].pipe.get());
    }
}

void Fabric::append_path_hops(uint32_t src, uint32_t dst, uint32_t index,
                              std::vector<PacketSink*>& hops) {
    std::vector<uint32_t> links;
    shape_.path(src, dst, index, links);
    append_hops(links, hops);
}

void FlowDemux::attach(uint32_t flow_id, PacketSink& data_endpoint, PacketSink& ack_endpoint) {
    if (flow_id >= data_.size()) {
        data_.resize(flow_id + 1, nullptr);
        ack_.resize(flow_id + 1, nullptr);
    }
    data_[flow_id] = &data_endpoint;
    ack_[flow_id] = &ack_endpoint;
}

const Route& RouteTable::route(uint32_t src, uint32_t dst, uint32_t index) {
    const FabricShape& shape = fabric_.shape();
    const uint64_t key =
        (static_cast<uint64_t>(src) * shape.hosts() + dst) * shape.max_paths() + index;
    auto it = routes_.find(key);
    if (it != routes_.end()) return *it->second;
    scratch_.clear();
    shape.path(src, dst, index, scratch_);
    std::vector<PacketSink*> hops;
    hops.reserve(2 * scratch_.size() + 1);
    fabric_.append_hops(scratch_, hops);
    hops.push_back(&tail_);
    auto& r = routes_[key];
    r = std::make_unique<Route>(std::move(hops));
    return *r;
}

}  // namespace corelink

namespace corelink {

const Route& RouteTable::keep(std::vector<PacketSink*> hops) {
    return *kept_.emplace_back(std::make_unique<Route>(std::move(hops)));
}

void RouteTable::for_each_route(const std::function<void(Route&)>& fn) {
    for (auto& [key, r] : routes_) fn(*r);
    for (auto& r : kept_) fn(*r);
}

void Fabric::set_link_tap(uint32_t link, PacketSink& tap) {
    if (link_taps_.empty()) link_taps_.assign(links_.size(), nullptr);
    link_taps_[link] = &tap;
}

}  // namespace corelink
