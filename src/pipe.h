// Propagation delay. Every packet is delayed by the same amount, so packets leave in the order
// they entered and the pipe needs only one pending event (for its head), not one per packet.
#pragma once

#include <string>

#include "event_list.h"
#include "packet.h"

namespace corelink {

class Pipe final : public PacketSink, private EventHandler {
public:
    Pipe(EventList& events, SimTime delay) : events_(events), delay_(delay) {}

    void receive(Packet& p) override {
        p.due = events_.now() + delay_;
        in_flight_.push_back(p);
        if (!event_pending_) {
            event_pending_ = true;
            events_.schedule_at(p.due, *this);
        }
    }
    SimTime delay() const { return delay_; }
    size_t in_flight() const { return in_flight_.size(); }

private:
    void handle_event(uint32_t) override {
        event_pending_ = false;
        const SimTime now = events_.now();
        while (!in_flight_.empty() && in_flight_.front().due <= now) {
            in_flight_.pop_front().send_on();
        }
        if (!in_flight_.empty() && !event_pending_) {
            event_pending_ = true;
            events_.schedule_at(in_flight_.front().due, *this);
        }
    }

    EventList& events_;
    SimTime delay_;
    PacketFifo in_flight_;
    bool event_pending_ = false;
};

}  // namespace corelink
