#include "flows.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "queues/queue_registry.h"

namespace corelink::drfq {

namespace {

// Bounds on one invocation, far above the paper presets (the largest, fig10, handles ~2.4e6
// packets; table7 ~4e7 events): beyond them a run would take hours or exhaust memory.
constexpr double kMaxEvents = 1e10;
constexpr double kMaxResidentPkts = 1e7;

}  // namespace

std::vector<Profile> parse_profiles(const std::string& flag, const std::string& text) {
    const std::string bad = fmt::format(
        "--{}: must be 'cpu,link;cpu,link;...' with two demands in [0, {:g}] time units per flow, "
        "not both 0, got '{}'",
        flag, kMaxDemand, text);
    std::vector<Profile> out;
    size_t from = 0;
    while (from <= text.size()) {
        const size_t semi = std::min(text.find(';', from), text.size());
        std::vector<double> v;
        try {
            v = parse_real_list(flag, text.substr(from, semi - from), between(0, kMaxDemand));
        } catch (const InputError&) {
            throw InputError(bad);
        }
        if (v.size() != kResources || v[0] + v[1] <= 0) throw InputError(bad);
        out.push_back({v[0], v[1]});
        if (out.size() > 10000) throw InputError(bad + " (at most 10000 flows)");
        from = semi + 1;
    }
    return out;
}

SwitchSpec parse_switch(const std::string& text, size_t flows) {
    const auto at = text.find('@'), eq = text.find('=');
    const std::string bad = fmt::format(
        "--profile-switch: must be FLOW@TIME=cpu,link with FLOW < {}, TIME in [0, 1e12] units "
        "(e.g. 0@25000=20,11), got '{}'",
        flows, text);
    if (at == std::string::npos || eq == std::string::npos || eq < at) throw InputError(bad);
    SwitchSpec s;
    try {
        s.flow = static_cast<uint32_t>(parse_int("profile-switch", text.substr(0, at),
                                                 between(0, static_cast<double>(flows) - 1)));
        s.at = parse_real("profile-switch", text.substr(at + 1, eq - at - 1), between(0, 1e12));
        s.profile = parse_profiles("profile-switch", text.substr(eq + 1))[0];
    } catch (const InputError&) {
        throw InputError(bad);
    }
    return s;
}

std::vector<double> per_flow(const std::string& flag, std::vector<double> v, size_t flows,
                             double fill) {
    if (v.empty()) return std::vector<double>(flows, fill);
    if (v.size() != flows)
        throw InputError(
            fmt::format("--{}: expected {} values (one per flow in --profiles), got {}", flag,
                        flows, v.size()));
    return v;
}

void check_schedulers(const Experiment& ex) {
    static const std::vector<std::string> mr = {"fifo", "drfq", "sfq", "bottleneck-fair",
                                                "per-resource-fq"};
    for (const QueueSpec& q : ex.queues())
        if (std::find(mr.begin(), mr.end(), q.name) == mr.end())
            throw InputError(fmt::format(
                "--queue: must be pipeline schedulers, a comma list of fifo, drfq, sfq, "
                "bottleneck-fair, per-resource-fq, got '{}'",
                q.name));
}

double duration_units(const Experiment& ex) {
    return ex.time("duration-s").to_us();
}

void check_size(const std::string& flag, double events, double resident_pkts) {
    if (!(events <= kMaxEvents))
        throw InputError(fmt::format(
            "--{}: the run would handle about {:.3g} packets and windows; at most {:g} are "
            "accepted: shorten --duration-s, lower --rates or raise the smallest demand",
            flag, events, kMaxEvents));
    if (!(resident_pkts <= kMaxResidentPkts))
        throw InputError(fmt::format(
            "--buffer-pkts: flows x per-flow buffer may hold at most {:g} packets, got {:.3g}",
            kMaxResidentPkts, resident_pkts));
}

void DelayStats::add(double units) {
    sum_ += units;
    sum2_ += units * units;
    ++n_;
    const double x = std::max(units, kMin);
    const auto b = static_cast<size_t>(std::log(x / kMin) / std::log(kRatio));
    if (b >= bins_.size()) bins_.resize(b + 1, 0);
    ++bins_[b];
}

double DelayStats::sd() const {
    if (n_ < 2) return 0.0;
    const double m = mean();
    return std::sqrt(std::max(0.0, sum2_ / static_cast<double>(n_) - m * m));
}

double DelayStats::quantile(double q) const {
    const auto need = static_cast<uint64_t>(std::ceil(q * static_cast<double>(n_)));
    uint64_t seen = 0;
    for (size_t b = 0; b < bins_.size(); ++b) {
        seen += bins_[b];
        if (seen >= need && seen > 0) return kMin * std::pow(kRatio, static_cast<double>(b) + 0.5);
    }
    return 0.0;
}

std::unique_ptr<Queue> make_scheduler(Simulation& sim, const std::string& name,
                                      const QueueOptionValues& options,
                                      const std::vector<double>& weights) {
    QueueEnv env{sim.events(),  sim.pool(), sim.make_rng(),
                 QueueLimits{}, options,    SimTime::from_us(1)};
    auto queue = builtin_queues().make(name, env);
    dynamic_cast<MultiResourceScheduler&>(*queue).set_weights(weights);
    return queue;
}

PipelineConfig pipeline_config(const Experiment& ex, uint64_t buffer_pkts) {
    PipelineConfig cfg;
    cfg.resources = kResources;
    cfg.backpressure = ex.on("backpressure");
    cfg.theta.fill(SimTime::from_us(ex.real("theta")));
    cfg.block_k = static_cast<uint32_t>(ex.integer("block-k"));
    cfg.flow_limit_pkts = buffer_pkts;
    return cfg;
}

}  // namespace corelink::drfq
