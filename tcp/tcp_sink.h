// The TCP receiver: a cumulative ACK for every data packet (no delayed ACK, as in htsim;
// docs/algorithms.md §3), echoing the data packet's send time so the sender takes an unambiguous
// RTT sample from every ACK, and echoing a CE mark as ECN-echo.
#pragma once

#include <cstdint>
#include <vector>

#include "src/packet.h"
#include "src/simulation.h"

namespace corelink {

class TcpSink final : public PacketSink {
public:
    explicit TcpSink(Simulation& sim, uint32_t ack_bytes = 40) : sim_(sim), ack_bytes_(ack_bytes) {}
    TcpSink(const TcpSink&) = delete;
    TcpSink& operator=(const TcpSink&) = delete;

    // The route ACKs take back to the sender; it must end at the TcpSrc and outlive this sink.
    void set_ack_route(const Route& route) { ack_route_ = &route; }

    void receive(Packet& p) override;

    // Highest byte received in order (the cumulative ACK); sequence numbers start at 1, so this
    // is also the number of bytes delivered in order.
    uint64_t cumulative_ack() const { return cumulative_ack_; }
    uint64_t bytes_received_in_order() const { return cumulative_ack_; }
    uint64_t packets_received() const { return packets_received_; }
    // Data packets that carried nothing new (already delivered or already buffered).
    uint64_t duplicates_received() const { return duplicates_received_; }
    // Segments held out of order right now.
    size_t out_of_order_segments() const { return out_of_order_.size(); }

private:
    // A segment received above a hole: bytes [first, last].
    struct Segment {
        uint64_t first;
        uint64_t last;
    };
    // Returns false if the segment was already buffered.
    bool buffer_out_of_order(uint64_t first, uint64_t last);
    void advance_over_buffered();

    Simulation& sim_;
    uint32_t ack_bytes_;
    const Route* ack_route_ = nullptr;
    uint64_t cumulative_ack_ = 0;
    // Sorted by `first`. Out-of-order arrivals are nearly always above everything buffered, so an
    // append is the common case; the vector keeps its capacity, so steady state allocates nothing.
    std::vector<Segment> out_of_order_;
    uint64_t packets_received_ = 0;
    uint64_t duplicates_received_ = 0;
};

}  // namespace corelink
