// The TCP receiver: a cumulative ACK for every data packet (no delayed ACK, as in htsim;
// docs/algorithms.md §3), echoing the data packet's send time so the sender takes an unambiguous
// RTT sample from every ACK, and echoing a CE mark as ECN-echo on the ACK of that very packet (what
// DCTCP needs, RFC 8257 §3.2, and, with one ACK per packet, what RFC 3168 senders react to).
// For senders that mark their data SACK-permitted it reports up to three SACK blocks (RFC 2018).
//
// Goodput is measured here, where data is delivered, not at the sender: see bytes_delivered().
#pragma once

#include <array>
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
    size_t out_of_order_segments() const { return held_segments_; }

    // Goodput accounting. bytes_delivered() counts bytes delivered in order, except bytes that
    // had already reached this sink (held above a hole) when start_measurement() was last
    // called: those crossed the network before the measurement began, and counting them when the
    // hole fills would credit the window with more than the path carried in it. So
    //   bytes_delivered() now - bytes_delivered() at start_measurement()
    // is at most what arrived in between, hence never above the path's capacity.
    void start_measurement();
    uint64_t bytes_delivered() const { return cumulative_ack_ - pre_measurement_delivered_; }

private:
    // Bytes [first, last] received above the cumulative ACK; disjoint and not adjacent.
    struct Interval {
        uint64_t first;
        uint64_t last;
        uint64_t segments;         // data packets that brought new bytes into it
        uint64_t pre_measurement;  // of its bytes, those held before the last start_measurement()
    };
    // Returns false if the segment brought nothing new; sets `at` to its interval's index.
    bool buffer_out_of_order(uint64_t first, uint64_t last, size_t& at);
    void advance_over_buffered();
    size_t interval_containing(uint64_t byte) const;  // intervals_.size() when none
    void fill_sack_blocks(Packet& ack, bool arrived_out_of_order, size_t arrived_at);

    Simulation& sim_;
    uint32_t ack_bytes_;
    const Route* ack_route_ = nullptr;
    uint64_t cumulative_ack_ = 0;
    // Sorted by `first`. Out-of-order arrivals nearly always extend the highest interval, so the
    // common case touches only the back; the vector keeps its capacity, so steady state allocates
    // nothing.
    std::vector<Interval> intervals_;
    uint64_t held_segments_ = 0;
    // The first byte of each block of the previous ACK, most recent first (0 = none): RFC 2018
    // §4 repeats the most recently reported blocks after the one the arrival created.
    std::array<uint64_t, kMaxSackBlocks> reported_{};
    uint64_t packets_received_ = 0;
    uint64_t duplicates_received_ = 0;
    uint64_t pre_measurement_delivered_ = 0;  // see start_measurement()
};

}  // namespace corelink
