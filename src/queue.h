// The queue base class. It owns all accounting — packets, bytes and work queued; arrivals,
// departures, drops by reason and marks — and the buffer limits, so a discipline only decides
// what to admit (admit), where to keep it (store) and what to serve next (take_next).
//
// Arrival path (Queue::enqueue):
//   admit(p)            the discipline's AQM decision: Admit, or drop with a reason
//   fits(p)? else make_room(p) may push out stored packets; still no room -> drop (Overflow)
//   store(p)            the discipline keeps it
// Departure path (Queue::dequeue): take_next() while packets() > 0.
#pragma once

#include <array>
#include <cstdint>
#include <limits>
#include <string_view>

#include "event_list.h"
#include "packet.h"
#include "packet_pool.h"

namespace corelink {

enum class DropReason : uint8_t {
    Overflow,   // the buffer limit was reached (tail drop or push-out)
    Early,      // an AQM's probabilistic signal on a packet that is not ECN-capable
    Forced,     // an AQM's forced region (average above the maximum threshold)
    FlowLimit,  // a per-flow cap
    Count
};
std::string_view to_string(DropReason r);

enum class Verdict : uint8_t { Admit, DropEarly, DropForced, DropFlowLimit };

// Buffer limits; any of them may be left unlimited.
struct QueueLimits {
    uint64_t packets = std::numeric_limits<uint64_t>::max();
    uint64_t bytes = std::numeric_limits<uint64_t>::max();
    SimTime work = SimTime::never();  // sum of queued packets' service times

    static QueueLimits in_packets(uint64_t n) {
        QueueLimits l;
        l.packets = n;
        return l;
    }
    static QueueLimits in_bytes(uint64_t n) {
        QueueLimits l;
        l.bytes = n;
        return l;
    }
};

struct QueueStats {
    uint64_t arrived_pkts = 0;
    uint64_t arrived_bytes = 0;
    uint64_t departed_pkts = 0;
    uint64_t departed_bytes = 0;
    uint64_t marked_pkts = 0;
    std::array<uint64_t, static_cast<size_t>(DropReason::Count)> dropped_pkts{};
    uint64_t dropped_bytes = 0;
    uint64_t max_queued_pkts = 0;

    uint64_t dropped(DropReason r) const { return dropped_pkts[static_cast<size_t>(r)]; }
    uint64_t dropped_total() const {
        uint64_t n = 0;
        for (uint64_t d : dropped_pkts) n += d;
        return n;
    }
};

class Queue {
public:
    // A discipline that overrides none of admit(), store(), take_next() and make_room() (plain
    // drop-tail) says so with kDefaultHooks: the base then runs its own defaults directly, three
    // indirect calls per packet fewer on the commonest queue.
    enum Hooks : uint8_t { kOverridden, kDefaultHooks };
    Queue(EventList& events, PacketPool& pool, QueueLimits limits, Hooks hooks = kOverridden)
        : events_(events), pool_(pool), limits_(limits), default_hooks_(hooks == kDefaultHooks) {
        update_fast_path();
    }
    virtual ~Queue() = default;
    Queue(const Queue&) = delete;
    Queue& operator=(const Queue&) = delete;

    // Offers an arriving packet. p.cost must already hold its service time at this resource.
    // Inline for the commonest case, a drop-tail queue without marking that has room (a server
    // calls it per packet); everything else takes the general path out of line.
    void enqueue(Packet& p) {
        if (packets_ < fast_path_packets_) [[likely]] {
            ++stats_.arrived_pkts;
            stats_.arrived_bytes += p.size_bytes;
            add(p);
            fifo_.push_back(p);
            return;
        }
        enqueue_general(p);
    }
    // The next packet to serve, or nullptr when empty. Inline: a server calls it per departure.
    Packet* dequeue() {
        if (packets_ == 0) return nullptr;
        Packet& p = default_hooks_ ? fifo_.pop_front() : take_next();
        --packets_;
        bytes_ -= p.size_bytes;
        work_ -= p.cost;
        ++stats_.departed_pkts;
        stats_.departed_bytes += p.size_bytes;
        if (packets_ == 0) empty_since_ = now();
        return &p;
    }

    size_t packets() const { return packets_; }
    uint64_t bytes() const { return bytes_; }
    SimTime work() const { return work_; }
    bool empty() const { return packets_ == 0; }
    const QueueStats& stats() const { return stats_; }
    const QueueLimits& limits() const { return limits_; }
    // When the queue last became empty (zero if it never held a packet). Behind a Server this is
    // when the server finished its last packet and went idle, the start of the idle period that
    // RED's average decays over [F&J 1993]; used on its own, when the last packet was taken.
    SimTime empty_since() const { return empty_since_; }
    // Called by a Server that finished a packet and found the queue empty.
    void server_idle() {
        if (packets_ == 0) empty_since_ = now();
    }

    // The registered name of the discipline, e.g. "droptail".
    virtual std::string_view kind() const = 0;

    // Step marking, on top of whatever the discipline does (DCTCP's switch rule, RFC 8257 §3.1):
    // an ECN-capable packet admitted while `k_pkts` or more packets are queued (so that with it
    // the queue exceeds K) is marked CE. 0 turns it off. Never drops anything.
    void set_mark_threshold_pkts(uint64_t k_pkts) {
        mark_k_pkts_ = k_pkts;
        update_fast_path();
    }
    uint64_t mark_threshold_pkts() const { return mark_k_pkts_; }

protected:
    virtual Verdict admit(Packet& p) {
        (void)p;
        return Verdict::Admit;
    }
    // By default the queue keeps one FIFO and serves in arrival order.
    virtual void store(Packet& p) { fifo_.push_back(p); }
    // Called only when packets() > 0; must return a stored packet.
    virtual Packet& take_next() { return fifo_.pop_front(); }
    // Called when an admitted packet does not fit. A push-out discipline removes stored packets
    // with drop_stored() and returns true; the default (tail drop) returns false.
    virtual bool make_room(const Packet& arriving) {
        (void)arriving;
        return false;
    }

    bool fits(const Packet& p) const {
        return packets_ + 1 <= limits_.packets && bytes_ + p.size_bytes <= limits_.bytes &&
               (limits_.work == SimTime::never() || work_ + p.cost <= limits_.work);
    }
    // Signals congestion on `p`: sets CE if the packet is ECN-capable (Admit), else DropEarly.
    Verdict signal(Packet& p);
    // Drops a packet the discipline had stored and has just unlinked (push-out).
    void drop_stored(Packet& p, DropReason reason);

    SimTime now() const { return events_.now(); }
    EventList& events() { return events_; }

private:
    void enqueue_general(Packet& p);
    // Counts an admitted packet into the queue's occupancy (before it is stored).
    void add(const Packet& p) {
        ++packets_;
        bytes_ += p.size_bytes;
        work_ += p.cost;
        if (packets_ > stats_.max_queued_pkts) stats_.max_queued_pkts = packets_;
    }
    void count_drop(Packet& p, DropReason reason);
    // The inline arrival path's whole test, one compare: a drop-tail queue without marking whose
    // only limit is a packet count admits a packet while fewer than that many are queued (then
    // fits() holds). 0 sends every arrival down the general path.
    void update_fast_path() {
        const bool packets_only = limits_.bytes == std::numeric_limits<uint64_t>::max() &&
                                  limits_.work == SimTime::never();
        fast_path_packets_ =
            default_hooks_ && mark_k_pkts_ == 0 && packets_only ? limits_.packets : 0;
    }

    EventList& events_;
    PacketPool& pool_;
    QueueLimits limits_;
    QueueStats stats_;
    size_t packets_ = 0;
    uint64_t bytes_ = 0;
    SimTime work_ = SimTime::zero();
    SimTime empty_since_ = SimTime::zero();
    uint64_t mark_k_pkts_ = 0;
    uint64_t fast_path_packets_ = 0;  // see update_fast_path()
    bool default_hooks_;
    PacketFifo fifo_;  // used by the default store() and take_next() only
};

}  // namespace corelink
