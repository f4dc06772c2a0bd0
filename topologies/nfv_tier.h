// An NFV middlebox tier (docs/nfv-pool.md): M middlebox servers, each with C CPU cores of one
// clock, and any registered queue discipline in front of every core. An instance is one core
// (the network function runs once per core and the NIC spreads flows over cores, as RSS does);
// every subflow is processed by exactly one instance. A connection's packets cost it a fixed
// number of cycles each, drawn from a cost mix.
//
// Instance choice:
//   hash         a keyed hash of (connection, subflow): deterministic for a seed, uniform over
//                instances, and independent for the subflows of one connection, so an MPTCP
//                connection spreads over several instances and its congestion control can move
//                traffic between them;
//   least-loaded at connection start: the instance with the least cost already assigned (what
//                a load balancer that knows the costs would do); ties go to the lowest index.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "queues/queue_registry.h"
#include "src/rng.h"
#include "src/server.h"
#include "src/simulation.h"

namespace corelink {

// A cost mix: connections cost `units` with probability `fraction` ("1:0.5,4:0.5").
struct CostClass {
    double units = 1.0;
    double fraction = 1.0;
};
// Parses "UNITS:FRACTION,..." (units > 0, fractions > 0 summing to 1 within 1e-6); throws
// InputError naming `flag`.
std::vector<CostClass> parse_cost_mix(const std::string& flag, const std::string& text);
// Each of `connections` gets a cost in units: class i on round(fraction_i * connections) of them
// (largest remainders break rounding ties), in an order shuffled by `rng`.
std::vector<double> assign_costs(const std::vector<CostClass>& mix, uint32_t connections, Rng& rng);

// A per-connection cost model (--cost-mix): a discrete mix as above, or a continuous
// distribution from which every connection draws its own cost in units:
//   uniform:LO:HI            uniform in [LO, HI], 0 < LO <= HI
//   lognormal:MEDIAN:SIGMA   MEDIAN * exp(SIGMA * Z) with Z standard normal, MEDIAN > 0,
//                            0 <= SIGMA <= 3 (the log of the cost is Normal(ln MEDIAN, SIGMA))
struct CostModel {
    enum class Kind { Mix, Uniform, Lognormal };
    Kind kind = Kind::Mix;
    std::vector<CostClass> mix{{1.0, 0.5}, {4.0, 0.5}};
    double a = 0.0, b = 0.0;  // uniform: LO, HI; lognormal: MEDIAN, SIGMA

    // P(cost <= units) of a continuous model (the oracle its samples are tested against).
    double cdf(double units) const;
};
// Parses either form; throws InputError naming `flag`.
CostModel parse_cost_model(const std::string& flag, const std::string& text);
// A mix: assign_costs(mix) (exact proportions, seeded order); a distribution: one independent
// draw per connection, in connection order.
std::vector<double> assign_costs(const CostModel& model, uint32_t connections, Rng& rng);

enum class InstanceChoice { Hash, LeastLoaded };
// "hash" or "least-loaded"; throws InputError naming `flag`.
InstanceChoice parse_instance_choice(const std::string& flag, const std::string& text);

class InstanceHash {
public:
    explicit InstanceHash(uint64_t seed) : seed_(seed) {}
    // An instance in [0, instances).
    uint32_t pick(uint32_t connection, uint32_t subflow, uint32_t instances) const;

private:
    uint64_t seed_;
};

class LeastLoaded {
public:
    explicit LeastLoaded(uint32_t instances) : load_(instances, 0.0) {}
    // The instance with the least cost assigned so far; adds `cost` to it.
    uint32_t pick(double cost);
    const std::vector<double>& load() const { return load_; }

private:
    std::vector<double> load_;
};

struct NfvTierConfig {
    uint32_t middleboxes = 4;
    uint32_t cores = 4;  // per middlebox
    double cpu_hz = 2e9;
    double cost_unit_cycles = 30'000;  // cycles per packet of a cost-1 connection
    double min_cost_units = 1.0;       // the cheapest connection: the unit of RED's thresholds
    // Standard deviation of a packet's cycles relative to its mean (Normal, truncated at 1 % of
    // the mean). Real packet processing varies from packet to packet; without any variation,
    // drop-tail on a CPU locks into phase patterns that no testbed shows.
    double cost_noise = 0.1;
    std::string queue = "droptail";
    QueueLimits limits = QueueLimits::in_packets(100);
    const QueueOptionValues* queue_options = nullptr;  // registry defaults when null
};

class NfvTier {
public:
    NfvTier(Simulation& sim, const NfvTierConfig& cfg);

    uint32_t instances() const { return static_cast<uint32_t>(cores_.size()); }
    uint32_t middlebox_of(uint32_t instance) const { return instance / cfg_.cores; }
    Server& core(uint32_t instance) { return *cores_[instance]; }
    const Server& core(uint32_t instance) const { return *cores_[instance]; }
    const NfvTierConfig& config() const { return cfg_; }

    // Packets of `flow_id` cost `units` cost units each on `instance`'s core.
    void set_cost(uint32_t instance, uint32_t flow_id, double units);
    // Packets per second one core processes of a connection costing `units`.
    double core_packet_rate(double units) const {
        return cfg_.cpu_hz / (units * cfg_.cost_unit_cycles);
    }

private:
    NfvTierConfig cfg_;
    std::vector<std::unique_ptr<Server>> cores_;
};

// The throughput optimum of the tier under KBNets' notion of fairness (equal CPU time), with
// perfect pooling: every connection may use every core (the limit of many subflows). It is the
// max-min allocation of the pooled CPU time, each connection capped by its access link:
// connection i at CPU share t_i runs at t_i * clock / cycles_i packets/s, at most cap_pps_i.
// Returns each connection's rate in packets per second.
std::vector<double> pooled_cpu_time_max_min(double total_cores, double clock_hz,
                                            const std::vector<double>& cycles_per_packet,
                                            const std::vector<double>& cap_pps);

}  // namespace corelink
