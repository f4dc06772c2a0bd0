#include "traffic/poisson_arrivals.h"

#include <cassert>

namespace corelink {

PoissonArrivals::PoissonArrivals(EventList& events, Rng rng, const FlowSizeCdf& sizes,
                                 PoissonConfig cfg, Handler on_arrival)
    : events_(events),
      rng_(rng),
      sizes_(sizes),
      cfg_(cfg),
      on_arrival_(std::move(on_arrival)),
      rate_per_host_(cfg.load * cfg.host_rate_bps / (8.0 * sizes.mean_bytes())) {
    assert(cfg.hosts >= 2 && cfg.load > 0.0 && cfg.host_rate_bps > 0.0);
}

SimTime PoissonArrivals::gap() {
    // Exponential inter-arrival times, at least 1 ps so that time always advances.
    const SimTime g = SimTime::from_sec(rng_.exponential(1.0 / rate_per_host_));
    return g > SimTime::zero() ? g : SimTime::from_ps(1);
}

void PoissonArrivals::start(SimTime from) {
    for (uint32_t h = 0; h < cfg_.hosts; ++h) {
        const SimTime at = from + gap();
        if (at < cfg_.stop) events_.schedule_at(at, *this, h);
    }
}

void PoissonArrivals::handle_event(uint32_t host) {
    FlowArrival a;
    a.src = host;
    // Uniform over the other hosts: draw among hosts - 1 and skip the source.
    a.dst = static_cast<uint32_t>(rng_.below(cfg_.hosts - 1));
    if (a.dst >= host) ++a.dst;
    a.size_bytes = sizes_.sample(rng_);
    a.at = events_.now();
    ++arrivals_;
    bytes_offered_ += a.size_bytes;
    const SimTime next = a.at + gap();
    if (next < cfg_.stop) events_.schedule_at(next, *this, host);
    on_arrival_(a);
}

}  // namespace corelink
