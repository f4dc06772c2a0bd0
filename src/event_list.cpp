#include "event_list.h"

#include <cassert>
#include <utility>

namespace corelink {

namespace {
constexpr size_t kArity = 4;
}

void EventList::push(SimTime when, uint64_t seq, EventHandler* handler, uint32_t tag) {
    assert(when >= now_ && "events cannot be scheduled in the past");
    const Uint128 key =
        (static_cast<Uint128>(static_cast<uint64_t>(when.ps())) << 64) | seq;
    size_t i = heap_.size();
    heap_.push_back(Entry{key, handler, tag});
    const Entry e = heap_[i];
    while (i > 0) {
        const size_t parent = (i - 1) / kArity;
        if (heap_[parent].key <= key) break;
        heap_[i] = heap_[parent];
        i = parent;
    }
    heap_[i] = e;
}

EventList::Entry EventList::pop() {
    const Entry top = heap_[0];
    const Entry last = heap_.back();
    heap_.pop_back();
    const size_t n = heap_.size();
    if (n > 0) {
        size_t i = 0;
        for (;;) {
            const size_t first = i * kArity + 1;
            if (first >= n) break;
            const size_t end = first + kArity < n ? first + kArity : n;
            size_t best = first;
            for (size_t c = first + 1; c < end; ++c)
                if (heap_[c].key < heap_[best].key) best = c;
            if (last.key <= heap_[best].key) break;
            heap_[i] = heap_[best];
            i = best;
        }
        heap_[i] = last;
    }
    return top;
}

bool EventList::step() {
    if (heap_.empty()) return false;
    const Entry e = pop();
    now_ = time_of(e);
    ++dispatched_;
    e.handler->handle_event(e.tag);
    return true;
}

void EventList::run_until(SimTime end) {
    while (!heap_.empty() && time_of(heap_[0]) <= end) step();
    if (end > now_) now_ = end;
}

void Timer::arm_at(SimTime when) {
    deadline_ = when;
    deadline_seq_ = events_.take_seq();
    // A live entry at or before the new deadline will carry it forward when it pops.
    if (queued_at_ < when) return;
    ++generation_;  // any older entry is now stale
    queued_at_ = when;
    events_.push(when, deadline_seq_, this, generation_);
}

void Timer::handle_event(uint32_t generation) {
    if (generation != generation_) return;  // superseded by an earlier re-arm
    queued_at_ = SimTime::never();
    if (deadline_ == SimTime::never()) return;  // cancelled
    if (deadline_ > events_.now()) {            // moved later: follow it
        queued_at_ = deadline_;
        events_.push(deadline_, deadline_seq_, this, generation_);
        return;
    }
    deadline_ = SimTime::never();
    owner_.handle_event(tag_);
}

}  // namespace corelink
