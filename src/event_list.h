// The event list: (time, sequence) keys in 4-ary heaps. Events at equal times fire in the order
// they were scheduled (the sequence number breaks ties), so a run is a deterministic function of
// its inputs. Timers that are re-armed later (a TCP retransmit timer on every ACK) cost O(1): the
// heap entry stays where it is and is pushed on to the new deadline only when it comes due, or,
// while it waits in the timer wheel (below), when its bucket moves into the heap.
//
// Timer entries live in a heap of their own. A run with N flows holds N retransmit timers that
// rarely fire, and a handful of hot one-shot events (servers, pipes); kept apart, the hot heap
// stays a few entries deep whatever N is. The two tops are compared on the same key, so the
// global order is exactly that of one heap.
#pragma once

#include <array>
#include <cassert>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "object_array.h"
#include "sim_time.h"

namespace corelink {

__extension__ using Uint128 = unsigned __int128;

class Timer;

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
        assert(when >= now_ && "events cannot be scheduled in the past");
        insert(events_, make_entry(when, next_seq_++, &handler, tag));
    }
    void schedule_in(SimTime delay, EventHandler& handler, uint32_t tag = 0) {
        schedule_at(now_ + delay, handler, tag);
    }

    // Dispatches the earliest event. Returns false when the list is empty.
    bool step() {
        Heap* h = earliest();
        if (!h) return false;
        dispatch(*h);
        return true;
    }
    // Dispatches every event due at or before `end`, then sets now() to `end`.
    void run_until(SimTime end) {
        // key <= (end, any sequence number) compares only the time half.
        const uint64_t last = static_cast<uint64_t>(end.ps());
        for (Heap* h = earliest(); h && static_cast<uint64_t>(h->top().key >> 64U) <= last;
             h = earliest())
            dispatch(*h);
        if (end > now_) now_ = end;
    }

    bool empty() const { return pending() == 0; }
    size_t pending() const {
        return events_.size() + timers_.size() + parked_ - (dispatching_ != nullptr ? 1 : 0);
    }
    // Heap entries popped and dispatched so far (including stale timer entries, which cost work).
    uint64_t dispatched() const { return dispatched_; }
    // Blocks of parked-timer storage allocated so far (diagnostics: it stops growing once the
    // number of parked timers has reached its peak).
    size_t parked_blocks() const {
        size_t blocks = 0;
        for (const BlockVector<Block>& chunk : chunks_) blocks += chunk.size();
        return blocks;
    }

private:
    friend class Timer;
    struct Entry {
        Uint128 key;  // time in the high 64 bits, sequence number in the low 64
        EventHandler* handler;
        uint32_t tag;
    };
    static Uint128 make_key(SimTime when, uint64_t seq) {
        return (static_cast<Uint128>(static_cast<uint64_t>(when.ps())) << 64U) | seq;
    }
    static Entry make_entry(SimTime when, uint64_t seq, EventHandler* handler, uint32_t tag) {
        return Entry{make_key(when, seq), handler, tag};
    }
    static SimTime time_of(const Entry& e) {
        return SimTime::from_ps(static_cast<int64_t>(static_cast<uint64_t>(e.key >> 64U)));
    }

    // A 4-ary min-heap of entries by key. Four children share a cache line or two, so a heap of a
    // few thousand entries (a fabric's links) stays shallow and a sift touches few lines.
    class Heap {
    public:
        bool empty() const { return v_.empty(); }
        size_t size() const { return v_.size(); }
        const Entry& top() const { return v_[0]; }
        void push(const Entry& e) {
            v_.push_back(e);
            sift_up(v_.size() - 1, e);
        }
        void pop() {
            const Entry last = v_.back();
            v_.pop_back();
            if (!v_.empty()) sift_down(last);
        }
        // Removes the top and inserts `e`: one sift instead of a pop and a push.
        void replace_top(const Entry& e) { sift_down(e); }

    private:
        static constexpr size_t kArity = 4;
        void sift_up(size_t i, const Entry& e) {
            while (i > 0) {
                const size_t parent = (i - 1) / kArity;
                if (v_[parent].key <= e.key) break;
                v_[i] = v_[parent];
                i = parent;
            }
            v_[i] = e;
        }
        // Places `e` in the hole at the root. Pointers rather than indices: the loop is on the
        // path of nearly every event (a handler's own next event replaces the spent top).
        void sift_down(const Entry& e) {
            Entry* const a = v_.data();
            Entry* const last = a + v_.size();
            // The one-shot heap of a simulation with a few links holds a handful of entries (a
            // dumbbell's: its server and two pipes, and a sampler): the root's children are then
            // the whole rest of the heap, and one scan of them settles the sift.
            if (last - a <= static_cast<std::ptrdiff_t>(kArity) + 1) {
                Entry* best = a + 1;
                if (best >= last) {
                    *a = e;
                    return;
                }
                Uint128 best_key = best->key;
                // Three entries (a dumbbell's server and its two pipes), the commonest case: one
                // compare, no loop. GCC makes that compare a branch, which the CPU predicts (the
                // handlers take turns in a regular order) and runs ahead of; the loop below becomes
                // conditional moves, a chain (load keys, compare, select, compare with e) that each
                // dispatch waited for. 1.8% fewer instructions per packet, 6-7% less wall time.
                if (last - a == 3) {
                    if (a[2].key < best_key) {
                        best = a + 2;
                        best_key = a[2].key;
                    }
                } else {
                    for (Entry* c = best + 1; c < last; ++c) {
                        if (c->key < best_key) {
                            best = c;
                            best_key = c->key;
                        }
                    }
                }
                if (e.key <= best_key) {
                    *a = e;
                    return;
                }
                *a = *best;
                *best = e;
                return;
            }
            Entry* hole = a;
            for (;;) {
                Entry* const first = a + (hole - a) * kArity + 1;
                if (first >= last) break;
                Entry* const end =
                    last - first > static_cast<std::ptrdiff_t>(kArity) ? first + kArity : last;
                Entry* best = first;
                Uint128 best_key = first->key;
                for (Entry* c = first + 1; c < end; ++c) {
                    if (c->key < best_key) {
                        best = c;
                        best_key = c->key;
                    }
                }
                if (e.key <= best_key) break;
                *hole = *best;
                hole = best;
            }
            *hole = e;
        }

        // In huge-page blocks once large (object_array.h): a run with N flows schedules N start
        // events at once, and grown on the heap that cost a page fault per 4 KiB (expensive in a
        // VM: ~3,500 faults at 100,000 flows).
        BlockVector<Entry> v_;
    };

    // The heap holding the earliest entry, or nullptr when both are empty.
    Heap* earliest() {
        if (timers_.empty() && parked_ > 0) unpark();
        if (events_.empty()) return timers_.empty() ? nullptr : &timers_;
        if (timers_.empty() || events_.top().key < timers_.top().key) return &events_;
        return &timers_;
    }
    // Runs h's top entry. The entry stays in the heap while its handler runs: a handler nearly
    // always schedules its own next event (a pipe its next packet, a server its next departure),
    // and that insert then replaces the spent top in one sift (see insert()).
    void dispatch(Heap& h) {
        assert(dispatching_ == nullptr && "the event list is not re-entrant");
        const Entry& top = h.top();  // only read before the handler may replace it
        EventHandler* const handler = top.handler;
        const uint32_t tag = top.tag;
        now_ = time_of(top);
        ++dispatched_;
        dispatching_ = &h;
        handler->handle_event(tag);
        if (dispatching_ == &h) h.pop();
        dispatching_ = nullptr;
    }
    void insert(Heap& h, const Entry& e) {
        if (dispatching_ == &h) {
            dispatching_ = nullptr;
            h.replace_top(e);
        } else {
            h.push(e);
        }
    }
    uint64_t take_seq() { return next_seq_++; }
    void push_timer(SimTime when, uint64_t seq, EventHandler* handler, uint32_t tag) {
        assert(when >= now_ && "timers cannot be armed in the past");
        const Entry e = make_entry(when, seq, handler, tag);
        const uint64_t bucket = bucket_of(when);
        if (bucket < horizon_)
            insert(timers_, e);
        else
            park_due(bucket, e);
    }
    void unpark();
    // Parks `e`, due in bucket `bucket` (not before horizon_): in the wheel if that bucket is
    // within its span, else in overflow_.
    void park_due(uint64_t bucket, const Entry& e) {
        if (bucket < horizon_ + kBuckets)
            park(wheel_[bucket & (kBuckets - 1)], parked_entry(e));
        else
            overflow_.push_back(e);
        ++parked_;
    }

    // Parked entries are stored in fixed-size blocks from one pool shared by every bucket. A
    // bucket is a chain of blocks, appended to at its tail; moving it into timers_ returns its
    // whole chain to the pool's free list, from which the next appends (to later buckets) take
    // them again, still cached. The pool grows only while the number of parked entries reaches a
    // new peak, so in steady state arming a timer neither allocates nor copies: with a vector per
    // bucket, each of the 1024 buckets grew by doubling, with copies, up to its own peak, and
    // together they held the sum of the buckets' peaks rather than the peak of their sum.
    //
    // A parked entry is only its Timer and generation, half an Entry, so a bucket's blocks are
    // half as many lines to fetch when it moves (with thousands of flows they have left the cache
    // since they were written). Its key need not be stored: an entry that is not stale (its
    // generation is the Timer's) is the Timer's one live entry, due at the Timer's queued_at_ with
    // the sequence number of the arming that set that deadline, deadline_seq_ (or the Timer has
    // been cancelled, or re-armed later, which unpark() sees in the Timer).
    struct Parked {
        Timer* timer;
        uint32_t generation;
    };
    static Parked parked_entry(const Entry& e);  // defined after Timer
    struct alignas(64) Block {
        static constexpr uint32_t kEntries = 31;  // 512 bytes with the link
        Block* next;
        Parked entries[kEntries];
    };
    struct Bucket {
        Block* head = nullptr;
        Block* tail = nullptr;
        uint32_t tail_fill = Block::kEntries;  // entries in *tail; "full" when there is none
    };
    void park(Bucket& b, const Parked& e) {
        if (b.tail_fill == Block::kEntries) add_block(b);
        b.tail->entries[b.tail_fill++] = e;
    }
    void add_block(Bucket& b);
    // Calls f(parked) for every entry of b, in the order they were parked.
    template <typename F>
    static void for_each_parked(const Bucket& b, F&& f) {
        for (const Block* k = b.head; k != nullptr; k = k->next) {
            const uint32_t n = k == b.tail ? b.tail_fill : Block::kEntries;
            for (uint32_t i = 0; i < n; ++i) f(k->entries[i]);
        }
    }

    Heap events_;  // one-shot events
    Heap timers_;  // Timer entries due before bucket horizon_ (exactly ordered)
    // Timer entries due later wait unordered in a wheel of kBuckets buckets of 2^kBucketShift ps
    // (about 1.07 ms; the wheel spans about 1.1 s), or beyond it in overflow_. Arming a timer
    // there is an append; a bucket is moved into timers_ only when timers_ runs dry, so the
    // ordered heap holds about a millisecond's worth of timers, not one per flow. Bucket b holds
    // entries due in [b, b + 1) * 2^kBucketShift ps, for b in [horizon_, horizon_ + kBuckets).
    static constexpr unsigned kBucketShift = 30;
    static uint64_t bucket_of(SimTime t) { return static_cast<uint64_t>(t.ps()) >> kBucketShift; }
    static constexpr uint64_t kBuckets = 1024;
    std::array<Bucket, kBuckets> wheel_;
    // Backed-off retransmit timers (RTOs past the wheel's span) and their stale entries: 24,000
    // entries (768 KiB) at 16,384 flows, so in huge-page blocks (object_array.h) once large.
    BlockVector<Entry> overflow_;
    Block* free_blocks_ = nullptr;  // the pool's unused blocks, linked by next
    // The pool's storage, never shrunk: a first chunk of 64 blocks (32 KiB, from the heap), then
    // chunks of 4,096 (2 MiB, each one huge page; object_array.h) once more are needed. Arming a
    // timer writes the tail block of whichever bucket its deadline falls in, so with thousands of
    // flows the tails in use lie all over the pool: on 4 KiB heap pages each such write risked a
    // TLB miss of its own besides the cache miss.
    std::vector<BlockVector<Block>> chunks_;
    static constexpr size_t kFirstChunkBlocks = 64;
    static constexpr size_t kChunkBlocks = 4096;
    uint64_t horizon_ = 0;  // the first bucket not yet moved into timers_
    size_t parked_ = 0;     // entries in wheel_ and overflow_
    // While a handler runs: the heap whose top is the spent entry being dispatched, until an
    // insert into that heap replaces it. Nothing else may look at that top meanwhile.
    Heap* dispatching_ = nullptr;
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

    // Inline: a TCP sender re-arms its timer on nearly every ACK, and nearly always later than
    // the live heap entry, which then only needs the new deadline.
    void arm_at(SimTime when) {
        deadline_ = when;
        deadline_seq_ = events_.take_seq();
        // A live entry at or before the new deadline will carry it forward when it pops.
        if (queued_at_ >= when) queue_entry(when);
    }
    void arm_in(SimTime delay) { arm_at(events_.now() + delay); }
    void cancel() { deadline_ = SimTime::never(); }
    bool armed() const { return deadline_ != SimTime::never(); }
    SimTime deadline() const { return deadline_; }

private:
    friend class EventList;  // prefetches a parked entry's owner (EventList::unpark)
    void handle_event(uint32_t generation) override;
    void queue_entry(SimTime when);  // a new heap entry for `when`; older ones become stale

    EventList& events_;
    EventHandler& owner_;
    uint32_t tag_;
    uint32_t generation_ = 0;               // heap entries of older generations are stale
    SimTime deadline_ = SimTime::never();   // never = not armed
    uint64_t deadline_seq_ = 0;             // tie-break order of the current arming
    SimTime queued_at_ = SimTime::never();  // time of the live heap entry, never if none
};

// Only Timers park entries (push_timer is theirs).
inline EventList::Parked EventList::parked_entry(const Entry& e) {
    return Parked{&static_cast<Timer&>(*e.handler), e.tag};
}

}  // namespace corelink
