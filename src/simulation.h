// Everything one simulation shares: the clock and event list, the packet pool and the seed from
// which every component draws its own random stream. There is no global state: two Simulation
// objects can run side by side in one process.
#pragma once

#include <cstdint>

#include "event_list.h"
#include "packet_pool.h"
#include "rng.h"

namespace corelink {

class Simulation {
public:
    explicit Simulation(uint64_t seed) : seed_(seed) {}
    Simulation(const Simulation&) = delete;
    Simulation& operator=(const Simulation&) = delete;

    EventList& events() { return events_; }
    PacketPool& pool() { return pool_; }
    SimTime now() const { return events_.now(); }
    uint64_t seed() const { return seed_; }

    // A fresh random stream. Streams are numbered in the order components ask for them, which is
    // fixed by the (deterministic) order a topology is built in.
    Rng make_rng() { return Rng(seed_, next_stream_++); }

private:
    EventList events_;
    PacketPool pool_;
    uint64_t seed_;
    uint64_t next_stream_ = 0;
};

}  // namespace corelink
