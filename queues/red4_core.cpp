#include "red4_core.h"

#include <fmt/format.h>

#include <algorithm>

#include "src/input_error.h"

namespace corelink {

std::vector<QueueOption> Red4Params::options() {
    using T = QueueOption::Type;
    return {
        {"red4-active-ms", T::Double, "50",
         "RED_4: a flow counts towards c_min while queued or seen within this many milliseconds"},
        {"red4-cost", T::String, "ewma",
         "RED_4 per-flow cost estimate: ewma (g = 1/16), static (running mean), packet (each "
         "packet's own cost)"},
    };
}

Red4Params Red4Params::from_options(const QueueOptionValues& o) {
    Red4Params p;
    const double ms = o.get_double("red4-active-ms");
    if (!(ms >= 0.0 && ms < 1e9))
        throw InputError(fmt::format("--red4-active-ms: must be a number of ms >= 0, got {}", ms));
    p.active_window = SimTime::from_ms(ms);
    const std::string& e = o.get_string("red4-cost");
    if (e == "ewma")
        p.estimate = Red4CostEstimate::Ewma;
    else if (e == "static")
        p.estimate = Red4CostEstimate::Static;
    else if (e == "packet")
        p.estimate = Red4CostEstimate::Packet;
    else
        throw InputError(fmt::format("--red4-cost: must be ewma, static or packet, got '{}'", e));
    return p;
}

Red4Policy::Red4Policy(const RedParams& red, const Red4Params& params, SimTime typical_cost,
                       Rng rng)
    : red_(red, typical_cost), params_(params), rng_(rng) {}

void Red4Policy::add_flow(uint32_t flow_id) {
    // The only allocations: when a new flow id appears. Reserving the heap for every flow means
    // re-inserting a flow later never allocates.
    flows_.resize(static_cast<size_t>(flow_id) + 1);
    heap_.reserve(flows_.capacity());
}

void Red4Policy::update_cost(Flow& f, SimTime cost) {
    const double c = static_cast<double>(cost.ps());
    ++f.samples;
    if (f.samples == 1) {
        f.c_hat_ps = c;
        return;
    }
    switch (params_.estimate) {
        case Red4CostEstimate::Ewma: f.c_hat_ps += kGain * (c - f.c_hat_ps); break;
        // The configured mean is not visible to a queue; the running mean converges to it and
        // equals it from the first packet when costs are deterministic.
        case Red4CostEstimate::Static:
            f.c_hat_ps += (c - f.c_hat_ps) / static_cast<double>(f.samples);
            break;
        case Red4CostEstimate::Packet: f.c_hat_ps = c; break;
    }
}

Red4Policy::Decision Red4Policy::on_arrival(const Packet& p, const Queue& q, SimTime now) {
    if (p.flow_id >= flows_.size()) add_flow(p.flow_id);
    Flow& f = flows_[p.flow_id];
    update_cost(f, p.cost);
    f.last_seen = now;
    heap_fix(p.flow_id);

    red_.on_arrival(q, now);
    switch (red_.region()) {
        case RedEstimator::Region::Below: ++epoch_; return Decision::Accept;
        case RedEstimator::Region::Forced:
            f.epoch = epoch_;
            f.spacing.forced();
            return Decision::Forced;
        case RedEstimator::Region::Ramp: break;
    }
    if (f.epoch != epoch_) {
        f.epoch = epoch_;
        f.spacing.reset();
    }
    const double p_i = flow_probability(p.flow_id, red_.p_b(), now);
    return f.spacing.draw(p_i, rng_) ? Decision::Signal : Decision::Accept;
}

double Red4Policy::flow_probability(uint32_t flow_id, double p, SimTime now) {
    // Guard against zero costs (§2.3 "guard c_min > 0"): floor both at one picosecond.
    const double c_min = std::max(c_min_ps(now), 1.0);
    const double ratio = std::max(flows_[flow_id].c_hat_ps, 1.0) / c_min;
    return std::min(1.0, p * ratio * ratio);
}

double Red4Policy::c_min_ps(SimTime now) {
    while (!heap_.empty() && !active(flows_[heap_[0]], now)) heap_remove_top();
    return heap_.empty() ? 0.0 : flows_[heap_[0]].c_hat_ps;
}

void Red4Policy::heap_place(size_t pos, uint32_t flow_id) {
    heap_[pos] = flow_id;
    flows_[flow_id].heap_pos = static_cast<uint32_t>(pos);
}

void Red4Policy::sift_up(size_t pos) {
    const uint32_t id = heap_[pos];
    while (pos > 0) {
        const size_t parent = (pos - 1) / 2;
        if (!less(id, heap_[parent])) break;
        heap_place(pos, heap_[parent]);
        pos = parent;
    }
    heap_place(pos, id);
}

void Red4Policy::sift_down(size_t pos) {
    const uint32_t id = heap_[pos];
    const size_t n = heap_.size();
    for (;;) {
        size_t child = 2 * pos + 1;
        if (child >= n) break;
        if (child + 1 < n && less(heap_[child + 1], heap_[child])) ++child;
        if (!less(heap_[child], id)) break;
        heap_place(pos, heap_[child]);
        pos = child;
    }
    heap_place(pos, id);
}

void Red4Policy::heap_fix(uint32_t flow_id) {
    const uint32_t pos = flows_[flow_id].heap_pos;
    if (pos == kNotInHeap) {
        heap_.push_back(flow_id);  // capacity reserved in add_flow: no allocation
        sift_up(heap_.size() - 1);
        return;
    }
    sift_up(pos);
    sift_down(flows_[flow_id].heap_pos);
}

void Red4Policy::heap_remove_top() {
    flows_[heap_[0]].heap_pos = kNotInHeap;
    const uint32_t last = heap_.back();
    heap_.pop_back();
    if (heap_.empty()) return;
    heap_place(0, last);
    sift_down(0);
}

}  // namespace corelink
