#include "event_list.h"

#include <cassert>
#include <utility>

namespace corelink {

namespace {
constexpr size_t kArity = 4;
}

EventList::Entry EventList::make_entry(SimTime when, uint64_t seq, EventHandler* handler,
                                       uint32_t tag) {
    const Uint128 key = (static_cast<Uint128>(static_cast<uint64_t>(when.ps())) << 64) | seq;
    return Entry{key, handler, tag};
}

void EventList::Heap::push(const Entry& e) {
    size_t i = v_.size();
    v_.push_back(e);
    while (i > 0) {
        const size_t parent = (i - 1) / kArity;
        if (v_[parent].key <= e.key) break;
        v_[i] = v_[parent];
        i = parent;
    }
    v_[i] = e;
}

EventList::Entry EventList::Heap::pop() {
    const Entry top = v_[0];
    const Entry last = v_.back();
    v_.pop_back();
    const size_t n = v_.size();
    if (n > 0) {
        size_t i = 0;
        for (;;) {
            const size_t first = i * kArity + 1;
            if (first >= n) break;
            const size_t end = first + kArity < n ? first + kArity : n;
            size_t best = first;
            for (size_t c = first + 1; c < end; ++c)
                if (v_[c].key < v_[best].key) best = c;
            if (last.key <= v_[best].key) break;
            v_[i] = v_[best];
            i = best;
        }
        v_[i] = last;
    }
    return top;
}

bool EventList::step() {
    const Entry* next_entry = next();
    if (!next_entry) return false;
    const bool from_events = !events_.empty() && next_entry == &events_.top();
    const Entry e = from_events ? events_.pop() : timers_.pop();
    now_ = time_of(e);
    ++dispatched_;
    e.handler->handle_event(e.tag);
    return true;
}

void EventList::run_until(SimTime end) {
    for (const Entry* e = next(); e && time_of(*e) <= end; e = next()) step();
    if (end > now_) now_ = end;
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
