// Finite flows that come and go (docs/nfv-pool.md, "Finite flows"). A flow's connection is
// created when the flow arrives and sends at once (no handshake is modelled); the flow ends when
// its last byte is acknowledged, and the connection's memory goes back to a pool of slots, so a
// long run holds only as many connections as are alive at once, not as many as ever arrived.
//
// A connection is TCP (one subflow) or MPTCP with n subflows, each hashed onto its own path
// (the network's flow key of subflow i of the c-th connection is c * n + i). A finite MPTCP
// connection hands its bytes to whichever subflow has room (mptcp/mptcp_src.h) and ends when
// every piece is acknowledged.
//
// A slot holds one connection: n flow ids (slot * n + i), each with two gates that the network's
// demultiplexer delivers to. Packets of a finished flow may still be in the network when its slot
// serves a new flow (a spurious retransmission, the ACK of a duplicate): every packet carries its
// send time (ACKs echo it), and a gate drops a packet sent before its slot's current flow started.
//
// A finished flow's senders are destroyed only once no event can reach them: a subflow's
// retransmit timer may leave entries in the event list up to "arm time + RTO" after any arming,
// and TcpSrc arms that timer only when it sends a packet or takes an ACK, both of which pass
// through this slot (the first hop of the subflow's route and its ACK gate), which records the
// latest such deadline over all the connection's subflows.
#pragma once

#include <cstdint>
#include <memory>
#include <queue>
#include <vector>

#include "mptcp/mptcp_cc.h"
#include "src/simulation.h"
#include "tcp/tcp_config.h"
#include "traffic/fct_stats.h"
#include "traffic/flow_network.h"
#include "traffic/poisson_arrivals.h"

namespace corelink {

struct FiniteFlowsConfig {
    TcpConfig tcp;          // every subflow's, with flow_size_bytes left 0
    uint32_t subflows = 1;  // 1: TCP; more: MPTCP coupled by `cc`
    MptcpCc cc = MptcpCc::Lia;
};

class FiniteFlows {
public:
    FiniteFlows(Simulation& sim, FlowNetwork& net, const FiniteFlowsConfig& cfg);
    // TCP flows, every one using `tcp` with its own flow_size_bytes.
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
    uint32_t subflows() const { return cfg_.subflows; }

    // Books of the finished flows, summed when each finished: bytes the senders had handed to
    // the network for the first time (MPTCP: connection-level data given to subflows), bytes
    // acknowledged to the senders (MPTCP: the sum of the subflows' cumulative ACKs), bytes the
    // receivers delivered in order (MPTCP: the connection-level data ACK), and retransmitted
    // packets. Each byte of a finished flow is handed out, acknowledged and delivered exactly
    // once, so the first three equal the flows' total size.
    uint64_t finished_bytes_handed_out() const { return handed_out_; }
    uint64_t finished_bytes_acked() const { return acked_; }
    uint64_t finished_bytes_delivered() const { return delivered_; }
    uint64_t finished_retransmissions() const { return retransmissions_; }

private:
    struct Slot;
    void recycle_drained();
    void on_finished(Slot& s);

    Simulation& sim_;
    FlowNetwork& net_;
    FiniteFlowsConfig cfg_;
    uint64_t next_key_ = 0;
    std::vector<std::unique_ptr<Slot>> slots_;
    std::vector<uint32_t> free_;  // idle slots
    // Finished slots by the time after which no event of theirs can fire (a min-heap).
    using Draining = std::pair<SimTime, uint32_t>;
    std::priority_queue<Draining, std::vector<Draining>, std::greater<>> draining_;
    std::vector<FlowRecord> records_;
    uint64_t finished_ = 0;
    size_t active_ = 0;
    uint64_t handed_out_ = 0, acked_ = 0, delivered_ = 0, retransmissions_ = 0;
};

}  // namespace corelink
