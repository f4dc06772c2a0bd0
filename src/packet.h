// A simulated packet, the PacketSink interface every hop implements, and the route a packet
// follows. Packets come from a PacketPool and go back to it; nothing on the per-packet path
// allocates.
#pragma once

#include <algorithm>
#include <array>
#include <cassert>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <span>
#include <string_view>
#include <utility>
#include <vector>

#include "event_list.h"
#include "sim_time.h"

namespace corelink {

struct Packet;

// A hop is also an event handler (a link or pipe schedules its departures), through one base
// class rather than two: an object with two polymorphic bases has two vtable pointers, and a call
// through the second one goes by a thunk that adjusts `this` first. A pipe or a server takes one
// such call per packet from the event list; one base spares it (about 1% of a dumbbell's run).
class PacketSink : public EventHandler {
public:
    ~PacketSink() override = default;
    // Only a hop that schedules events overrides this; one that has not scheduled any is never
    // called, and if it were (a hop that schedules but forgot to override), the run stops here
    // rather than dropping the event silently in a release build.
    [[noreturn]] void handle_event(uint32_t tag) override {
        (void)tag;
        assert(false && "an event for a hop that schedules none");
        std::abort();
    }
    // Takes ownership of `p`: forward it (p.send_on()), hold it, or release it to the pool.
    virtual void receive(Packet& p) = 0;
};

// The ordered hops a packet visits. A topology builds routes once; packets point at them. The
// first hops live inside the Route, so following a short route (a dumbbell's) reads one cache
// line per flow instead of a Route and a separately allocated array. It is 40 bytes, so a flow's
// route and another small per-flow record (a dumbbell puts the bottleneck's service record there)
// share one line.
class Route {
public:
    Route() = default;
    explicit Route(const std::vector<PacketSink*>& hops) {
        for (PacketSink* h : hops) push_back(*h);
    }
    Route(const Route& other) {
        for (size_t i = 0; i < other.size(); ++i) push_back(other.hop(i));
    }
    Route& operator=(const Route& other) {
        if (this != &other) *this = Route(other);
        return *this;
    }
    Route(Route&& other) noexcept
        : size_(std::exchange(other.size_, 0)),
          overflow_capacity_(std::exchange(other.overflow_capacity_, 0)),
          inline_(other.inline_),
          overflow_(std::move(other.overflow_)) {}
    Route& operator=(Route&& other) noexcept {
        size_ = std::exchange(other.size_, 0);
        overflow_capacity_ = std::exchange(other.overflow_capacity_, 0);
        inline_ = other.inline_;
        overflow_ = std::move(other.overflow_);
        return *this;
    }
    ~Route() = default;

    void push_back(PacketSink& hop) {
        assert(size_ < 0xffff && "Packet::next_hop is 16 bits");
        if (size_ < kInline) {
            inline_[size_] = &hop;
        } else {
            if (size_ - kInline == overflow_capacity_) grow_overflow();
            overflow_[size_ - kInline] = &hop;
        }
        ++size_;
    }
    size_t size() const { return size_; }
    PacketSink& hop(size_t i) const {
        assert(i < size_ && "packet ran off the end of its route");
        return i < kInline ? *inline_[i] : *overflow_[i - kInline];
    }
    // Where `hop` first appears in the route, or size() if it does not.
    size_t index_of(const PacketSink& hop) const {
        size_t i = 0;
        while (i < size_ && &this->hop(i) != &hop) ++i;
        return i;
    }
    // Inserts a hop before position `i` (size() appends). Only before any packet uses the route:
    // packets in flight hold indices into it. Tracing inserts its taps this way, so a run without
    // tracing has no extra hop at all.
    void insert(size_t i, PacketSink& hop) {
        assert(i <= size_);
        std::vector<PacketSink*> hops;
        for (size_t k = 0; k < size_; ++k) hops.push_back(&this->hop(k));
        hops.insert(hops.begin() + static_cast<std::ptrdiff_t>(i), &hop);
        *this = Route(hops);
    }

private:
    // Routes are built once, so growing the overflow array by doubling, with a copy, is cheap.
    void grow_overflow() {
        const uint32_t grown = overflow_capacity_ == 0 ? 4 : 2 * overflow_capacity_;
        auto bigger = std::make_unique<PacketSink*[]>(grown);
        std::copy(overflow_.get(), overflow_.get() + overflow_capacity_, bigger.get());
        overflow_ = std::move(bigger);
        overflow_capacity_ = grown;
    }

    static constexpr uint32_t kInline = 3;  // a dumbbell's data route: queue, pipe, receiver
    uint32_t size_ = 0;
    uint32_t overflow_capacity_ = 0;
    std::array<PacketSink*, kInline> inline_{};
    std::unique_ptr<PacketSink*[]> overflow_;  // hops beyond the first kInline
};
static_assert(sizeof(Route) == 40);

enum class PacketKind : uint8_t { Data, Ack, Probe, Free };

namespace pkt_flags {
constexpr uint8_t kEcnCapable = 1 << 0;  // ECT: a queue may mark instead of dropping
constexpr uint8_t kEcnCe = 1 << 1;       // congestion experienced
constexpr uint8_t kEcnEcho = 1 << 2;     // ACK echoes a CE mark
constexpr uint8_t kSackOk = 1 << 3;      // data: the sender understands SACK blocks (RFC 2018)
constexpr uint8_t kCwr = 1 << 4;         // data: the sender has reduced its window (RFC 3168)
constexpr uint8_t kDataSeq = 1 << 5;     // data_seq holds an MPTCP mapping (set and echoed)
}  // namespace pkt_flags

// One SACK block of an ACK: the received bytes [ackno + first_offset, ackno + last_offset], as
// offsets from the packet's ackno (32 bits, like TCP's own sequence space, keep the packet small).
// Trivial (no member initialisers), so it can share a union in Packet.
struct SackBlock {
    uint32_t first_offset;
    uint32_t last_offset;
};
// With timestamps on every segment, a TCP header has room for three blocks [RFC 2018 §3].
constexpr size_t kMaxSackBlocks = 3;

// Resources a multi-resource packet can demand (CPU, link, ...).
constexpr size_t kMaxResources = 4;

// Two cache lines. The first holds everything a TCP data packet or ACK touches on its way through
// queues, servers and pipes, and is the only part PacketPool::alloc resets; the second holds what
// only some elements use (multi-resource demand, SACK blocks, MPTCP mapping, fair-queueing tags),
// and whoever uses a field there sets it before reading it. With tens of thousands of flows most
// packets come out of the pool cold, so each line a packet touches is a cache miss.
struct alignas(64) Packet {
    // ---- First line: reset by PacketPool::alloc.
    // Routing.
    const Route* route = nullptr;
    Packet* next = nullptr;  // intrusive FIFO link
    uint16_t next_hop = 0;   // index into route (routes are short; Route asserts it fits)

    // Identity.
    uint16_t subflow = 0;  // MPTCP subflow index
    PacketKind kind = PacketKind::Data;
    uint8_t flags = 0;
    uint8_t sack_count = 0;  // ack: how many of sack[] are valid (0: the union holds no SACK)
    uint32_t flow_id = 0;
    uint32_t size_bytes = 0;
    uint64_t seqno = 0;  // data: first byte carried (bytes count from 1)
    uint64_t ackno = 0;  // ack: highest in-order byte received
    SimTime sent_time;   // data: when sent; ack: echoed from the data packet
    SimTime cost;        // per-hop scratch: service time at the resource currently holding it

    // ---- Second line: not reset on allocation; set by the element that uses the field.
    // Per-hop scratch, owned by whichever element holds the packet.
    SimTime enqueued_at;    // when it entered a multi-resource pipeline
    SimTime due;            // a fair queue's start tag, or a pipeline stage's
    uint64_t data_seq = 0;  // MPTCP connection-level sequence number (valid with kDataSeq)

    // Data through a multi-resource pipeline carries its service demand on each resource; an ACK
    // may carry SACK blocks (most recent first; only for senders that sent kSackOk). No packet
    // needs both, so they share the space.
    union {
        std::array<SimTime, kMaxResources> demand{};
        std::array<SackBlock, kMaxSackBlocks> sack;
    };

    // The valid SACK blocks of an ACK.
    std::span<const SackBlock> sack_blocks() const { return {sack.data(), sack_count}; }
    void add_sack_block(SackBlock b) {
        assert(sack_count < kMaxSackBlocks);
        sack[sack_count++] = b;
    }

    bool has(uint8_t flag) const { return (flags & flag) != 0; }

    // Hands the packet to the next hop of its route.
    void send_on() {
        PacketSink& s = route->hop(next_hop++);
        s.receive(*this);
    }
    // Starts the packet on `r` from its first hop.
    void send_on(const Route& r) {
        route = &r;
        next_hop = 0;
        send_on();
    }

    // Resets the first line to its defaults (a fresh packet); leaves the second line as it was.
    void reset_hot() {
        route = nullptr;
        next = nullptr;
        next_hop = 0;
        subflow = 0;
        kind = PacketKind::Data;
        flags = 0;
        sack_count = 0;
        flow_id = 0;
        size_bytes = 0;
        seqno = 0;
        ackno = 0;
        sent_time = SimTime::zero();
        cost = SimTime::zero();
    }
};
static_assert(sizeof(Packet) == 128, "Packet is two cache lines");
static_assert(offsetof(Packet, enqueued_at) == 64, "the hot fields fill exactly the first line");

// A FIFO of packets linked through Packet::next: no allocation.
class PacketFifo {
public:
    bool empty() const { return head_ == nullptr; }
    size_t size() const { return size_; }
    Packet& front() const { return *head_; }
    Packet& back() const { return *tail_; }
    void push_back(Packet& p) {
        p.next = nullptr;
        if (tail_)
            tail_->next = &p;
        else
            head_ = &p;
        tail_ = &p;
        ++size_;
    }
    Packet& pop_front() {
        Packet& p = *head_;
        head_ = p.next;
        // The new head is popped next, one service time from now at a server. A packet waits a
        // whole queue's worth of departures here, long enough to leave the cache when the queue
        // is long, and its line is the first thing that pop reads.
        if (head_)
            __builtin_prefetch(head_);
        else
            tail_ = nullptr;
        p.next = nullptr;
        --size_;
        return p;
    }

private:
    Packet* head_ = nullptr;
    Packet* tail_ = nullptr;
    size_t size_ = 0;
};

}  // namespace corelink
