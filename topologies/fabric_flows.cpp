#include "topologies/fabric_flows.h"

namespace corelink {

FabricFlowNetwork::FabricFlowNetwork(Fabric& fabric, uint64_t hash_seed)
    : fabric_(fabric), hash_(hash_seed), routes_(fabric, demux_) {}

uint32_t FabricFlowNetwork::path_index(uint32_t src, uint32_t dst, uint64_t flow_key) const {
    // The flow's serial number, folded to the 32 bits the hash takes.
    const auto id = static_cast<uint32_t>(flow_key ^ (flow_key >> 32U));
    return hash_.pick(id, src, dst, fabric_.shape().path_count(src, dst));
}

const Route& FabricFlowNetwork::data_route(uint32_t src, uint32_t dst, uint64_t flow_key) {
    return routes_.route(src, dst, path_index(src, dst, flow_key));
}

const Route& FabricFlowNetwork::ack_route(uint32_t src, uint32_t dst, uint64_t flow_key) {
    // Path indices name a switch (aggregation or core), so the same index back is the reverse
    // of the data path.
    return routes_.route(dst, src, path_index(src, dst, flow_key));
}

SimTime FabricFlowNetwork::one_way(uint32_t src, uint32_t dst, uint32_t index,
                                   uint32_t bytes) const {
    scratch_.clear();
    fabric_.shape().path(src, dst, index, scratch_);
    SimTime t = SimTime::zero();
    for (uint32_t link : scratch_) {
        t += serialization_time(bytes, fabric_.shape().link(link).rate_bps) +
             fabric_.pipe(link).delay();
    }
    return t;
}

SimTime FabricFlowNetwork::base_rtt(uint32_t src, uint32_t dst, uint64_t flow_key,
                                    uint32_t data_bytes, uint32_t ack_bytes) const {
    const uint32_t i = path_index(src, dst, flow_key);
    return one_way(src, dst, i, data_bytes) + one_way(dst, src, i, ack_bytes);
}

}  // namespace corelink
