// A switched datacenter fabric (docs/datacenter.md): hosts and switches joined by links. A switch
// is only wiring — a route is the list of hops a packet visits — so the fabric is three things:
//
//   FabricShape   the graph and its equal-cost shortest paths, with no simulation state. Cheap
//                 (16 bytes a link), so the flow-level oracle answers k = 32 without building
//                 any queue. FatTree and LeafSpine are shapes.
//   Fabric        the shape instantiated in a Simulation: each direction of each link is a queue
//                 (any registered discipline) + a server at the link's rate + a pipe of the
//                 per-hop propagation delay.
//   RouteTable    Route objects built on demand for (source host, destination host, path index)
//                 and shared by every flow that takes that path. Routes end at a FlowDemux,
//                 which hands each packet to its flow's endpoint, so a route depends on the path
//                 only, never on the flow.
//
// Link ids are directed: add_link(a, b) makes link 2i (a -> b) and 2i + 1 (b -> a).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "queues/queue_registry.h"
#include "src/packet.h"
#include "src/pipe.h"
#include "src/rng.h"
#include "src/server.h"
#include "src/simulation.h"

namespace corelink {

struct LinkSpec {
    uint32_t from = 0;
    uint32_t to = 0;
    double rate_bps = 0.0;
};

class FabricShape {
public:
    virtual ~FabricShape() = default;

    // Nodes 0 .. hosts()-1 are hosts; the rest are switches.
    uint32_t hosts() const { return hosts_; }
    uint32_t switches() const { return switches_; }
    uint32_t nodes() const { return hosts_ + switches_; }
    bool is_host(uint32_t node) const { return node < hosts_; }
    // Directed links (twice the number of cables).
    uint32_t links() const { return static_cast<uint32_t>(links_.size()); }
    const LinkSpec& link(uint32_t id) const { return links_[id]; }
    static uint32_t reverse(uint32_t link) { return link ^ 1U; }

    virtual std::string node_name(uint32_t node) const = 0;
    std::string link_name(uint32_t link) const {
        return node_name(links_[link].from) + ">" + node_name(links_[link].to);
    }

    // The equal-cost shortest paths from host `src` to host `dst` (src != dst), numbered
    // 0 .. path_count-1; path() appends path `index`'s directed links, in order, to `out`.
    virtual uint32_t path_count(uint32_t src, uint32_t dst) const = 0;
    virtual void path(uint32_t src, uint32_t dst, uint32_t index,
                      std::vector<uint32_t>& out) const = 0;
    // The largest path_count over all host pairs (bounds a path index).
    virtual uint32_t max_paths() const = 0;
    // The capacity a host can send and receive at (its access link).
    double host_rate_bps(uint32_t host) const { return links_[host_link_[host]].rate_bps; }
    uint32_t host_uplink(uint32_t host) const { return host_link_[host]; }

protected:
    void set_nodes(uint32_t hosts, uint32_t switches) {
        hosts_ = hosts;
        switches_ = switches;
        host_link_.assign(hosts, UINT32_MAX);
    }
    // Both directions of a cable; returns the id of a -> b (b -> a is that id + 1).
    uint32_t add_link(uint32_t a, uint32_t b, double rate_bps);

private:
    uint32_t hosts_ = 0, switches_ = 0;
    std::vector<LinkSpec> links_;
    std::vector<uint32_t> host_link_;  // each host's uplink
};

// What every directed link of a Fabric is built with.
struct LinkOptions {
    std::string queue = "droptail";
    QueueLimits limits = QueueLimits::in_packets(100);  // per port
    const QueueOptionValues* queue_options = nullptr;   // registry defaults when null
    SimTime hop_delay = SimTime::from_us(1);            // propagation per link
    uint32_t mss_bytes = 1500;                          // the typical packet, for RED's units
};

class Fabric {
public:
    Fabric(Simulation& sim, const FabricShape& shape, const LinkOptions& options);

    const FabricShape& shape() const { return shape_; }
    uint32_t links() const { return shape_.links(); }
    Server& server(uint32_t link) { return *links_[link].server; }
    const Server& server(uint32_t link) const { return *links_[link].server; }
    Pipe& pipe(uint32_t link) { return *links_[link].pipe; }
    // Appends the hops a packet visits to cross `links` in order (queue+server, then pipe, each).
    void append_hops(std::span<const uint32_t> links, std::vector<PacketSink*>& hops);
    // Appends the hops of path `index` from host `src` to host `dst`.
    void append_path_hops(uint32_t src, uint32_t dst, uint32_t index,
                          std::vector<PacketSink*>& hops);
    // Tracing (src/trace_points.h): routes built from now on carry `tap` right after the link's
    // server. Without taps, routes are exactly as before.
    void set_link_tap(uint32_t link, PacketSink& tap);

private:
    struct DirectedLink {
        std::unique_ptr<Server> server;
        std::unique_ptr<Pipe> pipe;
    };
    const FabricShape& shape_;
    std::vector<DirectedLink> links_;
    std::vector<PacketSink*> link_taps_;  // empty unless tracing
};

// The last hop of every fabric route: hands a data packet to its flow's receiving endpoint and
// an ACK to its flow's sender, both by flow id (a flat table: one lookup, no allocation).
class FlowDemux final : public PacketSink {
public:
    void attach(uint32_t flow_id, PacketSink& data_endpoint, PacketSink& ack_endpoint);
    void receive(Packet& p) override {
        (p.kind == PacketKind::Ack ? ack_ : data_)[p.flow_id]->receive(p);
    }

private:
    std::vector<PacketSink*> data_, ack_;
};

// Shared routes: one Route per (src, dst, path index) in use, built the first time a flow asks.
// References stay valid for the table's lifetime.
class RouteTable {
public:
    RouteTable(Fabric& fabric, PacketSink& tail) : fabric_(fabric), tail_(tail) {}
    const Route& route(uint32_t src, uint32_t dst, uint32_t index);
    // A route the caller assembled — e.g. a path to a middlebox host, the middlebox's CPU, and a
    // path on to the destination, from Fabric::append_path_hops — kept alive by the table. It
    // should end at tail() so that packets reach their flows' endpoints.
    const Route& keep(std::vector<PacketSink*> hops);
    PacketSink& tail() { return tail_; }
    Fabric& fabric() { return fabric_; }
    size_t size() const { return routes_.size() + kept_.size(); }
    // Every route built so far, in no particular order (tracing inserts taps into them).
    void for_each_route(const std::function<void(Route&)>& fn);

private:
    Fabric& fabric_;
    PacketSink& tail_;
    std::unordered_map<uint64_t, std::unique_ptr<Route>> routes_;  // looked up, never iterated
    std::vector<std::unique_ptr<Route>> kept_;
    std::vector<uint32_t> scratch_;
};

}  // namespace corelink
