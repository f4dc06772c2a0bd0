// Finite flows on a datacenter fabric (docs/nfv-pool.md, "Finite flows"): the FlowNetwork the
// traffic generators use, made of a Fabric's shared routes and its flow demultiplexer. Every flow
// hashes onto one of the equal-cost paths between its hosts (ECMP) and its ACKs take the same
// path back.
#pragma once

#include <memory>
#include <vector>

#include "topologies/ecmp.h"
#include "topologies/fabric.h"
#include "traffic/flow_network.h"

namespace corelink {

class FabricFlowNetwork final : public FlowNetwork {
public:
    FabricFlowNetwork(Fabric& fabric, uint64_t hash_seed);

    uint32_t hosts() const override { return fabric_.shape().hosts(); }
    double host_rate_bps(uint32_t host) const override {
        return fabric_.shape().host_rate_bps(host);
    }
    const Route& data_route(uint32_t src, uint32_t dst, uint64_t flow_key) override;
    const Route& ack_route(uint32_t src, uint32_t dst, uint64_t flow_key) override;
    void attach(uint32_t flow_id, PacketSink& data_endpoint, PacketSink& ack_endpoint) override {
        demux_.attach(flow_id, data_endpoint, ack_endpoint);
    }
    SimTime base_rtt(uint32_t src, uint32_t dst, uint64_t flow_key, uint32_t data_bytes,
                     uint32_t ack_bytes) const override;

    size_t shared_routes() const { return routes_.size(); }

private:
    uint32_t path_index(uint32_t src, uint32_t dst, uint64_t flow_key) const;
    // Serialisation of `bytes` on every link of the path plus its propagation.
    SimTime one_way(uint32_t src, uint32_t dst, uint32_t index, uint32_t bytes) const;

    Fabric& fabric_;
    EcmpHash hash_;
    FlowDemux demux_;
    RouteTable routes_;
    mutable std::vector<uint32_t> scratch_;
};

}  // namespace corelink
