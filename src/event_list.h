// The event list: (time, sequence) keys in 4-ary heaps. Events at equal times fire in the order
// they were scheduled (the sequence number breaks ties), so a run is a deterministic function of
// its inputs. Timers that are re-armed later (a TCP retransmit timer on every ACK) cost O(1): the
// heap entry stays where it is and is pushed on to the new deadline only when it comes due.
//
// Timer entries live in a heap of their own. A run with N flows holds N retransmit timers that
// rarely fire, and a handful of hot one-shot events (servers, pipes); kept apart, the hot heap
// stays a few entries deep whatever N is. The two tops are compared on the same key, so the
// global order is exactly that of one heap.
#pragma once

#include <cassert>
#include <cstdint>
#include <vector>

#include "sim_time.h"

namespace corelink {

__extension__ using Uint128 = unsigned __int128;

class EventHandler {
public:
    virtual ~EventHandler() = default;
    // Called when an event this handler scheduled comes due; `tag` is what it scheduled with.
    virtual void handle_event(uint32_t tag) = 0;
};

class EventList {
public:
    EventList() = default;
    EventList(const EventList&) = delete;
    EventList& operator=(const EventList&) = delete;

    SimTime now() const { return now_; }

    // One-shot event. `when` must not be in the past.
    void schedule_at(SimTime when, EventHandler& handler, uint32_t tag = 0) {
        push(when, next_seq_++, &handler, tag);
    }
    void schedule_in(SimTime delay, EventHandler& handler, uint32_t tag = 0) {
        schedule_at(now_ + delay, handler, tag);
    }

    // Dispatches the earliest event. Returns false when the list is empty.
    bool step();
    // Dispatches every event due at or before `end`, then sets now() to `end`.
    void run_until(SimTime end);

    bool empty() const { return events_.empty() && timers_.empty(); }
    size_t pending() const { return events_.size() + timers_.size(); }
    SimTime next_time() const {
        const Entry* e = next();
        return e ? time_of(*e) : SimTime::never();
    }
    // Heap entries popped and dispatched so far (including stale timer entries, which cost work).
    uint64_t dispatched() const { return dispatched_; }

private:
    friend class Timer;
    struct Entry {
        Uint128 key;  // time in the high 64 bits, sequence number in the low 64
        EventHandler* handler;
        uint32_t tag;
    };
    static SimTime time_of(const Entry& e) {
        return SimTime::from_ps(static_cast<int64_t>(static_cast<uint64_t>(e.key >> 64U)));
    }
    // A 4-ary min-heap of entries by key.
    class Heap {
    public:
        bool empty() const { return v_.empty(); }
        size_t size() const { return v_.size(); }
        const Entry& top() const { return v_[0]; }
        void push(const Entry& e);
        Entry pop();

    private:
        std::vector<Entry> v_;
    };

    uint64_t take_seq() { return next_seq_++; }
    static Entry make_entry(SimTime when, uint64_t seq, EventHandler* handler, uint32_t tag);
    void push(SimTime when, uint64_t seq, EventHandler* handler, uint32_t tag) {
        assert(when >= now_ && "events cannot be scheduled in the past");
        events_.push(make_entry(when, seq, handler, tag));
    }
    void push_timer(SimTime when, uint64_t seq, EventHandler* handler, uint32_t tag) {
        assert(when >= now_ && "timers cannot be armed in the past");
        timers_.push(make_entry(when, seq, handler, tag));
    }
    // The earliest entry of either heap, or nullptr.
    const Entry* next() const {
        if (events_.empty()) return timers_.empty() ? nullptr : &timers_.top();
        if (timers_.empty() || events_.top().key < timers_.top().key) return &events_.top();
        return &timers_.top();
    }

    Heap events_;  // one-shot events
    Heap timers_;  // Timer entries
    SimTime now_ = SimTime::zero();
    uint64_t next_seq_ = 0;
    uint64_t dispatched_ = 0;
};

// A cancellable, movable timer owned by a component. Firing calls owner.handle_event(tag).
// Moving the deadline later is O(1); moving it earlier pushes one new heap entry.
class Timer final : private EventHandler {
public:
    Timer(EventList& events, EventHandler& owner, uint32_t tag = 0)
        : events_(events), owner_(owner), tag_(tag) {}
    Timer(const Timer&) = delete;
    Timer& operator=(const Timer&) = delete;

    void arm_at(SimTime when);
    void arm_in(SimTime delay) { arm_at(events_.now() + delay); }
    void cancel() { deadline_ = SimTime::never(); }
    bool armed() const { return deadline_ != SimTime::never(); }
    SimTime deadline() const { return deadline_; }

private:
    void handle_event(uint32_t generation) override;

    EventList& events_;
    EventHandler& owner_;
    uint32_t tag_;
    uint32_t generation_ = 0;               // heap entries of older generations are stale
    SimTime deadline_ = SimTime::never();   // never = not armed
    uint64_t deadline_seq_ = 0;             // tie-break order of the current arming
    SimTime queued_at_ = SimTime::never();  // time of the live heap entry, never if none
};

}  // namespace corelink
