// Drops each packet independently with probability p (a lossy path with no queueing), as used for
// checking TCP against the Mathis throughput law.
#pragma once

#include "packet.h"
#include "packet_pool.h"
#include "rng.h"

namespace corelink {

class RandomDrop final : public PacketSink {
public:
    RandomDrop(PacketPool& pool, Rng rng, double drop_probability)
        : pool_(pool), rng_(rng), p_(drop_probability) {}

    void receive(Packet& p) override {
        if (rng_.bernoulli(p_)) {
            ++dropped_;
            pool_.release(p);
            return;
        }
        ++passed_;
        p.send_on();
    }
    uint64_t dropped() const { return dropped_; }
    uint64_t passed() const { return passed_; }

private:
    PacketPool& pool_;
    Rng rng_;
    double p_;
    uint64_t dropped_ = 0;
    uint64_t passed_ = 0;
};

}  // namespace corelink
