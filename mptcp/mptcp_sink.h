// The multipath TCP receiver. Each subflow ends at its own endpoint, which feeds the packet's
// connection-level mapping (data_seq, length) to the connection's reassembly and then hands the
// packet to an ordinary TcpSink for the subflow's cumulative ACK. The connection delivers data in
// data-sequence order, each byte once, however the subflows interleave and retransmit.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "mptcp/slot_ring.h"
#include "tcp/tcp_sink.h"

namespace corelink {

class MptcpSink;

// The last hop of one subflow's data route.
class MptcpSubflowSink final : public PacketSink {
public:
    MptcpSubflowSink(Simulation& sim, MptcpSink& conn, uint32_t ack_bytes)
        : conn_(conn), tcp_(sim, ack_bytes) {}
    void receive(Packet& p) override;
    TcpSink& tcp() { return tcp_; }
    const TcpSink& tcp() const { return tcp_; }

private:
    MptcpSink& conn_;
    TcpSink tcp_;
};

class MptcpSink {
public:
    // Every data packet but a connection's last carries mss_bytes of data sequence space.
    MptcpSink(Simulation& sim, uint32_t mss_bytes, uint32_t ack_bytes = 40);
    MptcpSink(const MptcpSink&) = delete;
    MptcpSink& operator=(const MptcpSink&) = delete;

    // A new subflow endpoint whose ACKs take `ack_route` (ending at the subflow's sender).
    MptcpSubflowSink& add_subflow(const Route& ack_route);
    size_t subflows() const { return subflows_.size(); }
    MptcpSubflowSink& subflow(size_t i) { return *subflows_[i]; }

    // Connection-level reassembly of one arriving piece of data: [data_seq, data_seq + len).
    void on_data(uint64_t data_seq, uint32_t len);

    // Bytes delivered in order at connection level (the data ACK); data_seq counts from 1.
    uint64_t data_ack() const { return delivered_bytes_; }
    // Arriving pieces that carried nothing new at connection level.
    uint64_t duplicate_pieces() const { return duplicate_pieces_; }
    // Pieces held above a hole right now, and the most ever held.
    uint64_t out_of_order_pieces() const { return held_; }
    uint64_t max_out_of_order_pieces() const { return max_held_; }

    // Goodput at connection level, as TcpSink measures it per subflow: bytes delivered in order,
    // except pieces already held above a hole at the last start_measurement() (they reached the
    // receiver before the measurement began).
    void start_measurement();
    uint64_t bytes_delivered() const { return delivered_bytes_ - pre_measurement_delivered_; }
    // Starts a measurement here and at every subflow's sink.
    void start_measurement_all();

private:
    uint32_t mss_;
    uint32_t ack_bytes_;
    Simulation& sim_;
    std::vector<std::unique_ptr<MptcpSubflowSink>> subflows_;
    // Length of each piece received above the next expected one, by slot ((data_seq - 1) / mss);
    // 0 = not received. The ring's base is the next slot to deliver.
    SlotRing<uint32_t> pending_;
    uint64_t delivered_bytes_ = 0;
    uint64_t duplicate_pieces_ = 0;
    uint64_t held_ = 0;
    uint64_t max_held_ = 0;
    uint64_t pre_measurement_delivered_ = 0;
    uint64_t highest_slot_ = 0;  // highest slot ever held, bounds start_measurement()'s scan
    // A held piece's length with this bit set arrived before the last start_measurement().
    static constexpr uint32_t kPreMeasurement = 1U << 31;
};

}  // namespace corelink
