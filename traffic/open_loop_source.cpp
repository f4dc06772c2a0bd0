#include "open_loop_source.h"

namespace corelink {

SimTime DemandProfile::draw(size_t j, Rng& rng) const {
    const double mean = mean_us[j];
    if (mean <= 0.0) return SimTime::zero();
    if (sd_fraction <= 0.0) return SimTime::from_us(mean);
    // Truncated at 1% of the mean so that no packet is free (§5.6).
    const double s = std::max(rng.normal(mean, sd_fraction * mean), 0.01 * mean);
    return SimTime::from_us(s);
}

OpenLoopSource::OpenLoopSource(EventList& events, PacketPool& pool, Rng rng,
                               MultiResourcePipeline& pipeline, OpenLoopConfig config)
    : events_(events),
      pool_(pool),
      rng_(rng),
      pipeline_(pipeline),
      config_(config),
      route_({&pipeline}) {
    if (config_.arrivals == Arrivals::Backlogged)
        pipeline_.set_dispatch_listener(config_.flow_id, this);
    if (config_.start < config_.stop) events_.schedule_at(config_.start, *this);
}

void OpenLoopSource::send_one() {
    Packet& p = pool_.alloc();
    p.flow_id = config_.flow_id;
    p.size_bytes = config_.size_bytes;
    p.seqno = sent_;
    p.sent_time = events_.now();
    const DemandProfile& prof = config_.alternate_count > 0
                                    ? config_.alternate[sent_ % config_.alternate_count]
                                : events_.now() >= config_.switch_at ? config_.switched
                                                                     : config_.profile;
    p.demand.fill(SimTime::zero());
    for (size_t j = 0; j < pipeline_.config().resources; ++j) p.demand[j] = prof.draw(j, rng_);
    ++sent_;
    p.send_on(route_);
}

void OpenLoopSource::handle_event(uint32_t) {
    if (!active()) return;
    if (config_.arrivals == Arrivals::Backlogged) {
        // Fill the input queue once; dispatches top it up (on_dispatch).
        for (uint32_t i = 0; i < config_.backlog_pkts; ++i) send_one();
        return;
    }
    send_one();
    const double mean_gap_s = 1.0 / config_.rate_pps;
    const double gap_s =
        config_.arrivals == Arrivals::Poisson ? rng_.exponential(mean_gap_s) : mean_gap_s;
    events_.schedule_in(max(SimTime::from_sec(gap_s), SimTime::from_ps(1)), *this);
}

void OpenLoopSource::on_dispatch(const Packet& p) {
    (void)p;
    if (active()) send_one();
}

}  // namespace corelink
