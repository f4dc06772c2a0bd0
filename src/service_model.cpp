#include "service_model.h"

#include <cassert>

namespace corelink {

ServiceModel ServiceModel::link(double rate_bps) {
    assert(rate_bps > 0.0);
    ServiceModel m;
    m.rate_bps_ = rate_bps;
    m.ps_per_byte_ = 8e12 / rate_bps;
    return m;
}

ServiceModel ServiceModel::cpu(double clock_hz, CpuCost default_cost) {
    assert(clock_hz > 0.0);
    ServiceModel m;
    m.clock_hz_ = clock_hz;
    m.default_cost_ = default_cost;
    return m;
}

SimTime ServiceModel::cpu_service_time(const Packet& p, Rng& rng) const {
    const CpuCost& c = flow_cost(p.flow_id);
    double cycles = c.mean_cycles(p.size_bytes);
    if (c.stddev_cycles > 0.0) {
        const double floor = 0.01 * cycles;
        cycles = rng.normal(cycles, c.stddev_cycles);
        if (cycles < floor) cycles = floor;
    }
    return cycles_time(cycles, clock_hz_);
}

void ServiceModel::set_flow_cost(uint32_t flow_id, CpuCost cost) {
    if (flow_id >= flow_costs_.size()) flow_costs_.resize(flow_id + 1, default_cost_);
    flow_costs_[flow_id] = cost;
}

SimTime ServiceModel::mean_service_time(uint32_t flow_id, uint32_t size_bytes) const {
    if (!is_cpu()) return serialization_time(size_bytes, rate_bps_);
    return cycles_time(flow_cost(flow_id).mean_cycles(size_bytes), clock_hz_);
}

}  // namespace corelink
