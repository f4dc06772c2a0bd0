#include "event_list.h"

#include <algorithm>
#include <cassert>
#include <utility>

namespace corelink {

void EventList::unpark() {
    // Called when timers_ is empty and parked_ > 0: move buckets, in order, until one held
    // something that is to fire (or nothing is parked any more: every entry was stale). Overflow
    // entries move into the wheel every half turn (when horizon_ crosses a multiple of kBuckets /
    // 2): everything then due within the wheel's span goes in, so a bucket has all its entries
    // before it is moved, and an overflow entry is looked at once per half turn rather than once
    // per bucket.
    while (timers_.empty() && parked_ > 0) {
        if (parked_ == overflow_.size()) {
            // The wheel is empty: jump to the half turn holding the earliest overflow entry.
            uint64_t first = UINT64_MAX;
            for (const Entry& e : overflow_) first = std::min(first, bucket_of(time_of(e)));
            horizon_ = std::max(horizon_, first & ~(kBuckets / 2 - 1));
        }
        if (horizon_ % (kBuckets / 2) == 0 && !overflow_.empty()) {
            size_t kept = 0;
            for (const Entry& e : overflow_) {
                const uint64_t b = bucket_of(time_of(e));
                if (b < horizon_ + kBuckets)
                    park(wheel_[b & (kBuckets - 1)], parked_entry(e));
                else
                    overflow_[kept++] = e;
            }
            overflow_.resize(kept);
        }
        Bucket& bucket = wheel_[horizon_ & (kBuckets - 1)];
        // A parked entry's Timer and its owner (a TCP sender, say) are cold when there are many
        // flows. A bucket moves into the heap about its span (~1 ms simulated, hundreds of events)
        // before its entries come due, so their lines are fetched here, where the misses overlap:
        // first every Timer's line, then, once those are on their way, each Timer is read and its
        // entry settled now rather than when it would pop. Most parked entries never fire as they
        // are: a sender re-arms its timer later on every ACK (Timer::arm_at keeps the entry), so an
        // entry is usually stale or carries a deadline that has moved on. Those are dropped or
        // carried forward here, as Timer::handle_event would do at their due time, with the same
        // key (the deadline and the sequence number of its arming), so the firing order is the same
        // and neither a heap push and pop nor a dependent miss at dispatch is spent on them. Only
        // entries that will fire get their owner's lines prefetched (a TCP sender's timeout reads
        // its four hot lines, the next, and sends on its route, which the dumbbell keeps in the
        // line after the sender).
        for_each_parked(bucket, [](const Parked& p) { __builtin_prefetch(p.timer); });
        size_t moved = 0;
        for_each_parked(bucket, [&](const Parked& p) {
            ++moved;
            Timer& t = *p.timer;
            if (p.generation != t.generation_) return;  // stale: superseded by an earlier re-arm
            if (t.deadline_ == SimTime::never()) {      // cancelled
                t.queued_at_ = SimTime::never();
                return;
            }
            // The Timer's live entry: due at queued_at_, unless re-armed later since.
            assert(t.deadline_ >= t.queued_at_ && bucket_of(t.queued_at_) == horizon_);
            EventHandler* const handler = &t;
            if (t.deadline_ > t.queued_at_) {  // moved later: follow it now
                t.queued_at_ = t.deadline_;
                const Entry later = make_entry(t.deadline_, t.deadline_seq_, handler, p.generation);
                const uint64_t b = bucket_of(t.deadline_);
                // Due within this bucket (never parked in it: it is being moved)?
                if (b <= horizon_)
                    timers_.push(later);
                else
                    park_due(b, later);
                return;
            }
            const char* owner = reinterpret_cast<const char*>(&t.owner_);
            for (int line = 0; line < 6; ++line) __builtin_prefetch(owner + 64 * line);
            // Not re-armed since it was queued: its key is that arming's.
            timers_.push(make_entry(t.queued_at_, t.deadline_seq_, handler, p.generation));
        });
        parked_ -= moved;
        if (bucket.head != nullptr) {  // the whole chain back to the pool, in one splice
            bucket.tail->next = free_blocks_;
            free_blocks_ = bucket.head;
            bucket = Bucket{};
        }
        ++horizon_;
    }
}

void EventList::add_block(Bucket& b) {
    if (free_blocks_ == nullptr) {
        const size_t n = chunks_.empty() ? kFirstChunkBlocks : kChunkBlocks;
        Block* const chunk = chunks_.emplace_back(n).data();
        for (size_t i = 0; i < n; ++i) chunk[i].next = i + 1 < n ? &chunk[i + 1] : nullptr;
        free_blocks_ = chunk;
    }
    Block* const k = free_blocks_;
    free_blocks_ = k->next;
    k->next = nullptr;
    (b.tail != nullptr ? b.tail->next : b.head) = k;
    b.tail = k;
    b.tail_fill = 0;
}

void Timer::queue_entry(SimTime when) {
    ++generation_;  // any older entry is now stale
    queued_at_ = when;
    events_.push_timer(when, deadline_seq_, this, generation_);
}

void Timer::handle_event(uint32_t generation) {
    if (generation != generation_) return;  // superseded by an earlier re-arm
    queued_at_ = SimTime::never();
    if (deadline_ == SimTime::never()) return;  // cancelled
    if (deadline_ > events_.now()) {            // moved later: follow it
        queued_at_ = deadline_;
        events_.push_timer(deadline_, deadline_seq_, this, generation_);
        return;
    }
    deadline_ = SimTime::never();
    owner_.handle_event(tag_);
}

}  // namespace corelink
