// The drfq experiment's flows and what it measures of them (DRFQ, docs/algorithms.md §5): demand
// profiles, a flow's change of profile, per-flow delay statistics, and the size checks that keep a
// run bounded. The scenario families are open_loop() (Figs. 5, 9-13) and tcp_flows() (Table 7);
// the paper presets (experiments/presets/drfq-*.conf) only set flag values.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "experiments/common/experiment.h"
#include "queues/multi_resource_pipeline.h"
#include "src/simulation.h"

namespace corelink::drfq {

constexpr size_t kResources = 2;  // the CSV reports share_r0 and share_r1
using Profile = std::array<double, kResources>;

// The largest mean demand of a packet on one resource, time units (1 unit = 1 us of service).
constexpr double kMaxDemand = 1e6;

// "cpu,link;cpu,link;..." -> one profile per flow (each demand in [0, kMaxDemand], not both 0).
std::vector<Profile> parse_profiles(const std::string& flag, const std::string& text);

// --profile-switch FLOW@TIME=cpu,link.
struct SwitchSpec {
    uint32_t flow = 0;
    double at = 0;
    Profile profile{};
};
SwitchSpec parse_switch(const std::string& text, size_t flows);

// One value per flow from a list flag: `fill` for every flow when the list is empty.
std::vector<double> per_flow(const std::string& flag, std::vector<double> v, size_t flows,
                             double fill);

// The schedulers of --queue; each must be one registered for the pipeline.
void check_schedulers(const Experiment& ex);

// The run's length in time units, from --duration-s (old spelling --duration, in units).
double duration_units(const Experiment& ex);

// A run's size, checked before anything runs: `events` estimates what the simulation handles
// over all runs, `resident_pkts` the packets it may hold at once. Throws InputError naming `flag`.
void check_size(const std::string& flag, double events, double resident_pkts);

// Log-spaced delay histogram (bins 0.5% wide): percentiles without storing every sample.
class DelayStats {
public:
    void add(double units);
    uint64_t count() const { return n_; }
    double mean() const { return n_ ? sum_ / static_cast<double>(n_) : 0.0; }
    double sd() const;
    double quantile(double q) const;

private:
    static constexpr double kMin = 1e-3, kRatio = 1.005;
    double sum_ = 0, sum2_ = 0;
    uint64_t n_ = 0;
    std::vector<uint64_t> bins_;
};

// The scheduler `name` with its queue `options` and per-flow `weights`, for a pipeline of `sim`.
std::unique_ptr<Queue> make_scheduler(Simulation& sim, const std::string& name,
                                      const QueueOptionValues& options,
                                      const std::vector<double>& weights);
// The pipeline flags every drfq scenario shares (--backpressure, --theta, --block-k), with a
// per-flow input buffer of `buffer_pkts`.
PipelineConfig pipeline_config(const Experiment& ex, uint64_t buffer_pkts);

void open_loop(const Experiment& ex);  // open-loop or backlogged flows (Figs. 5, 9-13)
void tcp_flows(const Experiment& ex);  // TCP flows, each alone then together (Table 7)

}  // namespace corelink::drfq
