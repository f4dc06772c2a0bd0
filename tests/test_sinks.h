// Small sinks and sources shared by tests.
#pragma once

#include <vector>

#include "src/packet.h"
#include "src/packet_pool.h"
#include "src/simulation.h"

namespace corelink::testing {

// Records each packet's arrival time and flow, then returns it to the pool.
class RecordingSink final : public PacketSink {
public:
    RecordingSink(Simulation& sim) : sim_(sim) {}
    void receive(Packet& p) override {
        times.push_back(sim_.now());
        flows.push_back(p.flow_id);
        seqnos.push_back(p.seqno);
        sim_.pool().release(p);
    }
    std::vector<SimTime> times;
    std::vector<uint32_t> flows;
    std::vector<uint64_t> seqnos;

private:
    Simulation& sim_;
};

inline Packet& make_packet(Simulation& sim, uint32_t flow, uint32_t size, uint64_t seq = 0) {
    Packet& p = sim.pool().alloc();
    p.flow_id = flow;
    p.size_bytes = size;
    p.seqno = seq;
    return p;
}

}  // namespace corelink::testing
