// Finite TCP flows that come and go (docs/nfv-pool.md, "Finite flows"). A flow's connection is
// created when the flow arrives and sends at once (no handshake is modelled); the flow ends when
// its last byte is acknowledged, and the connection's memory goes back to a pool of slots, so a
// long run holds only as many connections as are alive at once, not as many as ever arrived.
//
// A slot is a flow id with two gates that the network's demultiplexer delivers to. Packets of a
// finished flow may still be in the network when its slot serves a new flow (a spurious
// retransmission, the ACK of a duplicate): every packet carries its send time (ACKs echo it), and
// a gate drops a packet sent before its slot's current flow started.
//
// A finished flow's sender is destroyed only once no event can reach it: its retransmit timer
// may leave entries in the event list up to "arm time + RTO" after any arming, and TcpSrc arms
// that timer only when it sends a packet or takes an ACK, both of which pass through this slot
// (the first hop of its route and its ACK gate), which records the latest such deadline.
#pragma once

#include <cstdint>
#include <memory>
#include <queue>
#include <vector>

#include "src/simulation.h"
#include "tcp/tcp_config.h"
#include "tcp/tcp_sink.h"
#include "tcp/tcp_src.h"
#include "traffic/fct_stats.h"
#include "traffic/flow_network.h"
#include "traffic/poisson_arrivals.h"

namespace corelink {

class FiniteFlows {
public:
    // Every flow uses `tcp` with its own flow_size_bytes.
    FiniteFlows(Simulation& sim, FlowNetwork& net, const TcpConfig& tcp);
    ~FiniteFlows();
    FiniteFlows(const FiniteFlows&) = delete;
    FiniteFlows& operator=(const FiniteFlows&) = delete;

    // Starts a flow now (a PoissonArrivals handler).
    void start_flow(const FlowArrival& a);

    // Every flow started so far, in start order; unfinished ones have fct == never.
    const std::vector<FlowRecord>& records() const { return records_; }
    uint64_t started() const { return records_.size(); }
    uint64_t finished() const { return finished_; }
    size_t active() const { return active_; }
    // Slots ever created: the most connections alive at once, plus those waiting for their
    // last timer entry to pass.
    size_t slots() const { return slots_.size(); }

private:
    struct Slot;
    void recycle_drained();
    void on_finished(Slot& s);

    Simulation& sim_;
    FlowNetwork& net_;
    TcpConfig tcp_;
    uint64_t next_key_ = 0;
    std::vector<std::unique_ptr<Slot>> slots_;
    std::vector<uint32_t> free_;  // idle slots
    // Finished slots by the time after which no event of theirs can fire (a min-heap).
    using Draining = std::pair<SimTime, uint32_t>;
    std::priority_queue<Draining, std::vector<Draining>, std::greater<>> draining_;
    std::vector<FlowRecord> records_;
    uint64_t finished_ = 0;
    size_t active_ = 0;
};

}  // namespace corelink
