// The TCP receiver: by default a cumulative ACK for every data packet (as in htsim;
// docs/algorithms.md §3), echoing the data packet's send time so the sender takes an unambiguous
// RTT sample from every ACK. For senders that mark their data SACK-permitted it reports up to
// three SACK blocks (RFC 2018).
//
// ECN echo: a sink never opened, or opened by a DCTCP sender, echoes CE on the ACK of that very
// packet (RFC 8257 §3.2). For a classic ECN sender (RFC 3168 §6.1.3) a CE mark latches ECE on
// every ACK until a data packet arrives with CWR, the sender's sign that it has reduced its window.
//
// Delayed ACKs (TcpConfig::delayed_ack, RFC 1122 §4.2.3.2, RFC 5681 §4.2) are kept apart, in state
// allocated only when they are on; they and the classic ECN echo take their own receive path, so
// the ACK-per-packet path pays one branch for both. With them on, an in-order arrival is ACKed
// once more than one mss of data is unacknowledged (every second full-sized segment) or when the
// delayed-ACK timer expires; duplicate and out-of-order data and data that fills all or part of a
// hole are ACKed at once. A delayed ACK echoes the send time of
// the earliest segment it acknowledges (RFC 7323 §4.3), so the sender's RTT includes the delay.
// For DCTCP the RFC 8257 §3.2 state machine applies: when the CE state of arriving packets
// changes, the data received so far is ACKed at once with the old ECE value, so each ACK's ECE
// covers only packets of one CE state.
//
// Goodput is measured here, where data is delivered, not at the sender: see bytes_delivered().
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <memory>

#include "src/packet.h"
#include "src/simulation.h"
#include "tcp/tcp_config.h"

namespace corelink {

class alignas(64) TcpSink final : public PacketSink {
public:
    explicit TcpSink(Simulation& sim, uint32_t ack_bytes = 40);
    ~TcpSink() override;
    TcpSink(const TcpSink&) = delete;
    TcpSink& operator=(const TcpSink&) = delete;

    // Takes the connection's receiver settings, as a handshake would carry them: delayed ACKs
    // (delayed_ack, delack_timeout, mss_bytes) and how ECN is echoed (ecn, dctcp). TcpSrc::connect
    // calls it before any data is sent.
    void open(const TcpConfig& cfg);

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

    // Delayed ACKs: whether they are on, ACKs sent (one per data packet when off), and of those
    // the ones the delayed-ACK timer sent.
    bool delays_acks() const { return delack_ != nullptr; }
    uint64_t acks_sent() const;
    uint64_t delack_timer_acks() const;

private:
    struct DelayedAcks;
    // What an arrival did to the receive buffer.
    struct Arrival {
        bool out_of_order = false;  // held above a hole (new or repeated)
        bool in_order = false;      // advanced the cumulative ACK, and nothing was held above it
        size_t at = 0;              // out_of_order: index of the interval holding it
    };
    Arrival store(const Packet& p);
    // An ACK of everything received in order so far, answering `trigger` (its flow, subflow,
    // seqno and data_seq) and echoing `echo` as the send time.
    Packet& make_ack(const Packet& trigger, SimTime echo);
    // The same ACK for trigger = p, echo = p.sent_time, built in `p` itself (the common path).
    Packet& ack_in_place(Packet& p);
    // RFC 3168 §6.1.3 for a classic ECN sender: ECE from a CE arrival until a CWR arrival.
    uint8_t ece_for(const Packet& p);
    // Delayed ACKs or a classic ECN echo: everything but the ACK-per-packet, per-packet-echo case.
    void receive_special(Packet& p);
    void send_pending_ack();
    // Bytes [first, last] received above the cumulative ACK; disjoint and not adjacent.
    struct Interval {
        uint64_t first;
        uint64_t last;
        uint64_t segments;         // data packets that brought new bytes into it
        uint64_t pre_measurement;  // of its bytes, those held before the last start_measurement()
    };
    // The intervals, sorted by `first`: a vector whose elements live inside the sink while there
    // is at most one. A receiver nearly always holds at most one interval above a hole, and
    // inline it sits in the lines a pipe prefetches with the sink instead of in a heap block of
    // its own (with thousands of flows, a cold miss per out-of-order or hole-filling arrival).
    // More move to a heap block, and back inline once at most one is left; the block is kept for
    // the next time, so steady state allocates nothing. Unlike std::vector's, an erase may move
    // every element (back inline), so no pointer into the list survives one.
    class IntervalList {
    public:
        IntervalList() = default;
        ~IntervalList() { delete[] heap_; }
        IntervalList(const IntervalList&) = delete;
        IntervalList& operator=(const IntervalList&) = delete;

        bool empty() const { return size_ == 0; }
        size_t size() const { return size_; }
        Interval* begin() { return data_; }
        Interval* end() { return data_ + size_; }
        const Interval* begin() const { return data_; }
        const Interval* end() const { return data_ + size_; }
        Interval& back() { return data_[size_ - 1]; }
        Interval& operator[](size_t i) { return data_[i]; }
        const Interval& operator[](size_t i) const { return data_[i]; }
        void push_back(const Interval& v) { insert(end(), v); }
        Interval* insert(Interval* at, const Interval& v) {
            const size_t i = static_cast<size_t>(at - data_);
            if (size_ == capacity()) spill();
            std::copy_backward(data_ + i, data_ + size_, data_ + size_ + 1);
            data_[i] = v;
            ++size_;
            return data_ + i;
        }
        void erase(Interval* from, Interval* to) {
            std::copy(to, end(), from);
            size_ -= static_cast<uint32_t>(to - from);
            if (size_ <= 1 && data_ != &inline_) {
                if (size_ == 1) inline_ = data_[0];
                data_ = &inline_;
            }
        }

    private:
        uint32_t capacity() const { return data_ == &inline_ ? 1 : heap_capacity_; }
        // Moves the elements to the heap block, growing it if they fill it.
        [[gnu::noinline]] void spill() {
            if (heap_capacity_ <= size_) {
                const uint32_t grown = std::max<uint32_t>(4, 2 * size_);
                Interval* bigger = new Interval[grown];
                std::copy(begin(), end(), bigger);
                delete[] heap_;
                heap_ = bigger;
                heap_capacity_ = grown;
            } else if (data_ == &inline_) {
                std::copy(begin(), end(), heap_);
            }
            data_ = heap_;
        }
        Interval* data_ = &inline_;  // &inline_ or heap_
        uint32_t size_ = 0;
        uint32_t heap_capacity_ = 0;
        Interval inline_{};
        Interval* heap_ = nullptr;
    };

    // Returns false if the segment brought nothing new; sets `at` to its interval's index.
    bool buffer_out_of_order(uint64_t first, uint64_t last, size_t& at);
    void advance_over_buffered();
    size_t interval_containing(uint64_t byte) const;  // intervals_.size() when none
    void fill_sack_blocks(Packet& ack, bool arrived_out_of_order, size_t arrived_at);

    // An in-order arrival with nothing held above a hole (nearly all of them) touches only the
    // first cache line (the class is cache-line aligned): up to and including the interval
    // list's size. The list's inline interval follows in the second line.
    Simulation& sim_;
    const Route* ack_route_ = nullptr;
    uint64_t cumulative_ack_ = 0;
    uint64_t packets_received_ = 0;
    uint32_t ack_bytes_;
    bool special_ = false;    // receive_special() handles every packet
    bool latch_ece_ = false;  // a classic ECN connection: ECE latched until CWR
    bool ece_latched_ = false;
    // Out-of-order arrivals nearly always extend the highest interval, so the common case
    // touches only the back.
    IntervalList intervals_;
    std::unique_ptr<DelayedAcks> delack_;  // null: an ACK per data packet
    uint64_t held_segments_ = 0;
    uint64_t duplicates_received_ = 0;
    // The first byte of each block of the previous ACK, most recent first (0 = none): RFC 2018
    // §4 repeats the most recently reported blocks after the one the arrival created.
    std::array<uint64_t, kMaxSackBlocks> reported_{};
    uint64_t pre_measurement_delivered_ = 0;  // see start_measurement()
};

}  // namespace corelink
