// How long a resource is busy with a packet (docs/algorithms.md, conventions): a link's demand
// is size_bits / rate; a CPU's is cycles / clock_hz, the cycles given per flow by its processing
// function.
#pragma once

#include <cstdint>
#include <vector>

#include "packet.h"
#include "rng.h"
#include "sim_time.h"

namespace corelink {

// A processing function's cost per packet: cycles + cycles_per_byte * size, plus Normal noise
// of standard deviation stddev_cycles (truncated at 1% of the mean) when stddev_cycles > 0.
struct CpuCost {
    double cycles = 0.0;
    double cycles_per_byte = 0.0;
    double stddev_cycles = 0.0;

    static CpuCost constant(double c) { return CpuCost{c, 0.0, 0.0}; }
    static CpuCost affine(double c, double per_byte) { return CpuCost{c, per_byte, 0.0}; }
    static CpuCost normal(double mean, double stddev) { return CpuCost{mean, 0.0, stddev}; }
    double mean_cycles(uint32_t size_bytes) const { return cycles + cycles_per_byte * size_bytes; }
};

class ServiceModel {
public:
    static ServiceModel link(double rate_bps);
    static ServiceModel cpu(double clock_hz, CpuCost default_cost);

    bool is_cpu() const { return clock_hz_ > 0.0; }
    double rate_bps() const { return rate_bps_; }
    double clock_hz() const { return clock_hz_; }

    // CPU only: the processing function applied to `flow_id`'s packets.
    void set_flow_cost(uint32_t flow_id, CpuCost cost);
    const CpuCost& flow_cost(uint32_t flow_id) const {
        return flow_id < flow_costs_.size() ? flow_costs_[flow_id] : default_cost_;
    }

    // Mean service time of a packet of `size_bytes` from `flow_id` (no noise).
    SimTime mean_service_time(uint32_t flow_id, uint32_t size_bytes) const;

    // A link's time is inline; a core's (a draw from the RNG) is out of line, so a link's
    // Server::receive, where this is inlined, keeps a small frame.
    SimTime service_time(const Packet& p, Rng& rng) const {
        if (!is_cpu()) {
            return SimTime::from_ps(
                static_cast<int64_t>(static_cast<double>(p.size_bytes) * ps_per_byte_ + 0.5));
        }
        return cpu_service_time(p, rng);
    }

private:
    SimTime cpu_service_time(const Packet& p, Rng& rng) const;

    double rate_bps_ = 0.0;
    double ps_per_byte_ = 0.0;
    double clock_hz_ = 0.0;
    CpuCost default_cost_;
    std::vector<CpuCost> flow_costs_;
};

}  // namespace corelink
