#include "event_list.h"

#include <cassert>
#include <utility>

namespace corelink {

SimTime EventList::next_time() const {
    SimTime best = SimTime::never();
    for (const Heap* h : {&events_, &timers_}) {
        if (h->empty()) continue;
        if (dispatching_ != h) {
            best = min(best, time_of(h->top()));
            continue;
        }
        // The top is spent: the next entry of this heap is the least of the top's children.
        for (size_t c = 1; c <= 4 && c < h->size(); ++c) best = min(best, time_of(h->at(c)));
    }
    return best;
}

void Timer::arm_at(SimTime when) {
    deadline_ = when;
    deadline_seq_ = events_.take_seq();
    // A live entry at or before the new deadline will carry it forward when it pops.
    if (queued_at_ < when) return;
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
