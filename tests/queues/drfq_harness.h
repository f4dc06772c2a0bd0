// A multi-resource pipeline with open-loop flows, for the DRFQ tests: build, run, and measure
// per-flow rates and resource shares over a window.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "queues/multi_resource_pipeline.h"
#include "queues/queue_registry.h"
#include "src/simulation.h"
#include "traffic/open_loop_source.h"

namespace corelink::testing {

struct FlowShare {
    double rate_per_unit = 0.0;  // packets per time unit (1 unit = 1 us)
    std::array<double, kMaxResources> share{};
    double dominant() const { return std::max(share[0], share[1]); }
};

class DrfqHarness {
public:
    DrfqHarness(const std::string& scheduler, PipelineConfig config = {},
                const std::map<std::string, std::string>& options = {},
                std::vector<double> weights = {}, uint64_t seed = 1)
        : sim_(seed) {
        QueueOptionValues values = builtin_queues().defaults();
        for (const auto& [k, v] : options) values.set(k, v);
        QueueEnv env{sim_.events(), sim_.pool(), sim_.make_rng(),
                     QueueLimits{}, values,      SimTime::from_us(1)};
        auto q = builtin_queues().make(scheduler, env);
        if (auto* mrs = dynamic_cast<MultiResourceScheduler*>(q.get()))
            mrs->set_weights(std::move(weights));
        pipe_ = std::make_unique<MultiResourcePipeline>(sim_.events(), sim_.pool(), std::move(q),
                                                        config);
    }

    // A backlogged flow with profile <d0, d1> (time units), Normal noise sd = sd_fraction·mean.
    OpenLoopConfig& backlogged(double d0, double d1, double sd_fraction = 0.1) {
        OpenLoopConfig c;
        c.flow_id = static_cast<uint32_t>(configs_.size());
        c.profile.mean_us = {d0, d1};
        c.profile.sd_fraction = sd_fraction;
        configs_.push_back(c);
        return configs_.back();
    }
    void start() {
        for (const OpenLoopConfig& c : configs_)
            sources_.push_back(std::make_unique<OpenLoopSource>(sim_.events(), sim_.pool(),
                                                                sim_.make_rng(), *pipe_, c));
    }
    void run_until_units(double t) { sim_.events().run_until(SimTime::from_us(t)); }

    // Rates and shares of every flow over [from, to] (time units); runs the simulation to `to`.
    std::vector<FlowShare> measure(double from_units, double to_units) {
        run_until_units(from_units);
        std::vector<FlowUsage> before;
        for (size_t f = 0; f < configs_.size(); ++f) before.push_back(pipe_->usage(f));
        run_until_units(to_units);
        const SimTime window = SimTime::from_us(to_units - from_units);
        std::vector<FlowShare> out;
        for (size_t f = 0; f < configs_.size(); ++f) {
            const FlowUsage& now = pipe_->usage(f);
            FlowShare s;
            s.rate_per_unit =
                static_cast<double>(now.packets - before[f].packets) / (to_units - from_units);
            for (size_t j = 0; j < 2; ++j) s.share[j] = (now.work[j] - before[f].work[j]) / window;
            out.push_back(s);
        }
        return out;
    }

    Simulation& sim() { return sim_; }
    MultiResourcePipeline& pipeline() { return *pipe_; }

private:
    Simulation sim_;
    std::unique_ptr<MultiResourcePipeline> pipe_;
    std::vector<OpenLoopConfig> configs_;
    std::vector<std::unique_ptr<OpenLoopSource>> sources_;
};

// DRF by progressive filling (docs/algorithms.md §5.2), computed independently of the simulator:
// returns each flow's rate x_i (packets per time unit) for backlogged flows with profiles
// `demands` (time units per packet, per resource) on unit-capacity resources.
inline std::vector<double> drf_rates(const std::vector<std::vector<double>>& demands,
                                     const std::vector<double>& weights = {}) {
    const size_t n = demands.size(), m = demands[0].size();
    auto w = [&](size_t i) { return i < weights.size() ? weights[i] : 1.0; };
    std::vector<double> dom(n), x(n, 0.0);
    for (size_t i = 0; i < n; ++i) dom[i] = *std::max_element(demands[i].begin(), demands[i].end());
    std::vector<bool> active(n, true), saturated(m, false);
    for (;;) {
        bool any = false;
        for (size_t i = 0; i < n; ++i) any = any || active[i];
        if (!any) break;
        double t = 1e300;
        size_t jmin = m;
        for (size_t j = 0; j < m; ++j) {
            if (saturated[j]) continue;
            double used = 0.0, per_level = 0.0;
            for (size_t i = 0; i < n; ++i) {
                if (active[i])
                    per_level += w(i) * demands[i][j] / dom[i];
                else
                    used += x[i] * demands[i][j];
            }
            if (per_level <= 0.0) continue;
            const double tj = (1.0 - used) / per_level;
            if (tj < t) {
                t = tj;
                jmin = j;
            }
        }
        if (jmin == m) break;
        saturated[jmin] = true;
        for (size_t i = 0; i < n; ++i)
            if (active[i] && demands[i][jmin] > 0.0) {
                x[i] = w(i) * t / dom[i];
                active[i] = false;
            }
        // Flows not on the saturated resource keep rising from the level already reached.
        for (size_t i = 0; i < n; ++i)
            if (active[i]) x[i] = w(i) * t / dom[i];
    }
    return x;
}

}  // namespace corelink::testing
