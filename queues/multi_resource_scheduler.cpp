#include "multi_resource_scheduler.h"

#include <fmt/format.h>

#include "src/input_error.h"

namespace corelink {

DemandEstimate parse_demand_estimate(const std::string& flag, const std::string& text) {
    if (text == "oracle") return DemandEstimate::Oracle;
    if (text == "ewma") return DemandEstimate::Ewma;
    if (text == "linear") return DemandEstimate::Linear;
    throw InputError(fmt::format("--{}: expected oracle, ewma or linear, got '{}'", flag, text));
}

SimTime DemandEstimator::estimate(const Packet& p, size_t j) const {
    if (resources_ == 0) return p.cost;
    if (mode_ == DemandEstimate::Oracle || p.flow_id >= flows_.size() ||
        flows_[p.flow_id].n[j] == 0) {
        // Before a flow's first completion there is nothing to estimate from; use the truth.
        return p.demand[j];
    }
    const FlowFit& f = flows_[p.flow_id];
    if (mode_ == DemandEstimate::Ewma) return SimTime::from_ps(std::llround(f.ewma_ps[j]));
    // Linear model a + b·size (DRFQ §7, Fig. 8). With one distinct size the slope is undefined
    // and the fit is the mean.
    const double n = static_cast<double>(f.n[j]);
    const double var_x = f.sum_xx[j] - f.sum_x[j] * f.sum_x[j] / n;
    const double mean_y = f.sum_y[j] / n;
    double y = mean_y;
    if (var_x > 1e-9 * (f.sum_xx[j] + 1.0)) {
        const double b = (f.sum_xy[j] - f.sum_x[j] * f.sum_y[j] / n) / var_x;
        y = mean_y + b * (static_cast<double>(p.size_bytes) - f.sum_x[j] / n);
    }
    return SimTime::from_ps(std::llround(std::max(y, 0.0)));
}

void DemandEstimator::observe(const Packet& p, size_t j) {
    if (resources_ == 0 || mode_ == DemandEstimate::Oracle) return;
    if (p.flow_id >= flows_.size()) flows_.resize(p.flow_id + 1);
    FlowFit& f = flows_[p.flow_id];
    const double y = static_cast<double>(p.demand[j].ps());
    const double x = static_cast<double>(p.size_bytes);
    // Gain 1/8, as TCP's SRTT (docs/algorithms.md §5.6).
    f.ewma_ps[j] = f.n[j] == 0 ? y : f.ewma_ps[j] + (y - f.ewma_ps[j]) / 8.0;
    ++f.n[j];
    f.sum_y[j] += y;
    f.sum_xy[j] += x * y;
    f.sum_x[j] += x;
    f.sum_xx[j] += x * x;
}

}  // namespace corelink
