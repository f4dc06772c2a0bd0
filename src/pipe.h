// Propagation delay. Every packet is delayed by the same amount, so packets leave in the order
// they entered and the pipe needs only one pending event (for its head), not one per packet.
//
// Packets in flight wait in a ring with the hop each goes to next, resolved on entry while its
// route is still in cache. When one leaves, the packet a few departures later and its next hop are
// prefetched: on a path shared by thousands of flows that hop (a TCP sink or source) has usually
// left the cache, and the events before that departure hide the fetch.
#pragma once

#include <algorithm>
#include <cassert>
#include <string>
#include <vector>

#include "event_list.h"
#include "object_array.h"
#include "packet.h"

namespace corelink {

class Pipe final : public PacketSink {
public:
    Pipe(EventList& events, SimTime delay) : events_(events), delay_(delay) {}

    void receive(Packet& p) override {
        const SimTime due = events_.now() + delay_;
        if (count_ == capacity_) [[unlikely]]
            grow();
        slots_[(head_ + count_) & mask_] = Slot{&p, &p.route->hop(p.next_hop), due};
        ++count_;
        if (!event_pending_) [[unlikely]]
            wake(due);
    }
    SimTime delay() const { return delay_; }
    size_t in_flight() const { return count_; }

private:
    struct Slot {
        Packet* packet;
        PacketSink* next;  // packet->route->hop(packet->next_hop) when it entered
        SimTime due;
    };

    // event_pending_ stays set while this runs: the event reschedules itself at the end, for the
    // new head, so a packet that a delivery feeds straight back into this pipe (a synchronous
    // loop) is only appended, and cannot schedule an event for itself ahead of the head's.
    void handle_event(uint32_t) override {
        const SimTime now = events_.now();
        // The event was scheduled for the head's due time, and nothing enters ahead of the head.
        assert(count_ > 0 && slots_[head_].due == now);
        do {
            const Slot s = slots_[head_];
            head_ = (head_ + 1) & mask_;
            --count_;
            if (count_ > 0)
                prefetch(slots_[(head_ + std::min(count_ - 1, kPrefetchAhead)) & mask_]);
            ++s.packet->next_hop;
            s.next->receive(*s.packet);
        } while (count_ > 0 && slots_[head_].due <= now);
        if (count_ > 0)
            events_.schedule_at(slots_[head_].due, *this);
        else
            event_pending_ = false;
    }
    // How far behind the new head the prefetched packet is. The next departure is only about
    // three events away, too close to hide a miss to memory (with thousands of flows the hop
    // usually comes from DRAM, not a cache): 2 to 6 places behind measured alike, and 2-7% faster
    // than the head itself at 1,024, 16,384 and 100,000 flows; at 64 flows it made no difference.
    static constexpr size_t kPrefetchAhead = 4;
    static void prefetch(const Slot& s) {
        __builtin_prefetch(s.packet);
        // The first four lines of the next hop hold what a TCP endpoint's receive path reads (a
        // TcpSrc's hot part; a TcpSink's first line, three with data held above a hole, and in
        // the dumbbell its ACK route after them).
        const char* hop = reinterpret_cast<const char*>(s.next);
        __builtin_prefetch(hop);
        __builtin_prefetch(hop + 64);
        __builtin_prefetch(hop + 128);
        __builtin_prefetch(hop + 192);
    }
    // The rare paths stay out of line, so the common receive() needs almost no saved registers
    // (inlined, with the heap insert of schedule_at, they cost it six pushes and pops per packet).
    // wake() is rare on a busy link (the pipe is seldom empty), common only on idle ones.
    [[gnu::noinline]] void wake(SimTime due) {
        event_pending_ = true;
        events_.schedule_at(due, *this);
    }
    // Doubles the ring (only while a run warms up: a pipe holds at most a bandwidth-delay product).
    [[gnu::noinline, gnu::cold]] void grow() {
        BlockVector<Slot> bigger(capacity_ == 0 ? 64 : 2 * capacity_);
        for (size_t i = 0; i < count_; ++i) bigger[i] = slots_[(head_ + i) & mask_];
        ring_ = std::move(bigger);
        slots_ = ring_.data();
        capacity_ = ring_.size();
        head_ = 0;
        mask_ = capacity_ - 1;
    }

    EventList& events_;
    SimTime delay_;
    // In huge-page blocks once large (object_array.h): a fast pipe's ring holds a
    // bandwidth-delay product of packets, which grown on the heap costs a fault per 4 KiB.
    BlockVector<Slot> ring_;  // size a power of two
    Slot* slots_ = nullptr;   // ring_.data()
    size_t capacity_ = 0;     // ring_.size()
    size_t head_ = 0;
    size_t count_ = 0;
    size_t mask_ = 0;
    bool event_pending_ = false;
};

}  // namespace corelink
