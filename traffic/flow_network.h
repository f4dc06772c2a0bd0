// What a network offers the traffic generators: routes between hosts that end at a
// demultiplexer, which hands each packet to the endpoint registered for its flow id. Routes are
// shared by flows and outlive every packet, so a flow's endpoints can come and go while packets
// of an earlier flow are still in the network; those reach whatever endpoint holds their flow id
// then, which must recognise and drop them (FiniteFlows does, by send time).
#pragma once

#include <cstdint>

#include "src/packet.h"
#include "src/sim_time.h"

namespace corelink {

class FlowNetwork {
public:
    virtual ~FlowNetwork() = default;

    virtual uint32_t hosts() const = 0;
    virtual double host_rate_bps(uint32_t host) const = 0;
    // The route of a flow's data from `src` to `dst` and of its ACKs back. `flow_key` picks among
    // equal-cost paths (ECMP hashes it); the same key gives the same paths.
    virtual const Route& data_route(uint32_t src, uint32_t dst, uint64_t flow_key) = 0;
    virtual const Route& ack_route(uint32_t src, uint32_t dst, uint64_t flow_key) = 0;
    // Packets of `flow_id` arriving at the end of a route go to these endpoints from now on.
    virtual void attach(uint32_t flow_id, PacketSink& data_endpoint, PacketSink& ack_endpoint) = 0;
    // The round trip of one `data_bytes` packet and its `ack_bytes` ACK on those routes in an
    // idle network: serialisation at every hop plus propagation.
    virtual SimTime base_rtt(uint32_t src, uint32_t dst, uint64_t flow_key, uint32_t data_bytes,
                             uint32_t ack_bytes) const = 0;
};

}  // namespace corelink
