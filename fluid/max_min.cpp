#include "max_min.h"

#include <algorithm>
#include <cassert>
#include <functional>
#include <limits>
#include <queue>
#include <stdexcept>

namespace corelink::fluid {

uint32_t MaxMinProblem::add_resource(double capacity) {
    if (!(capacity > 0.0)) throw std::invalid_argument("add_resource: capacity must be > 0");
    capacity_.push_back(capacity);
    return static_cast<uint32_t>(capacity_.size() - 1);
}

uint32_t MaxMinProblem::add_group(double weight) {
    if (!(weight > 0.0)) throw std::invalid_argument("add_group: weight must be > 0");
    group_weight_.push_back(weight);
    return static_cast<uint32_t>(group_weight_.size() - 1);
}

uint32_t MaxMinProblem::add_flow(std::span<const Use> uses, uint32_t group) {
    bool any = false;
    for (const Use& u : uses) {
        if (u.resource >= capacity_.size())
            throw std::invalid_argument("add_flow: no such resource");
        if (u.demand < 0.0) throw std::invalid_argument("add_flow: negative demand");
        any |= u.demand > 0.0;
    }
    // A flow that uses nothing would rise forever: the filling has no answer for it.
    if (!any) throw std::invalid_argument("add_flow: a flow must use some resource");
    if (group == kOwnGroup) group = add_group(1.0);
    if (group >= group_weight_.size()) throw std::invalid_argument("add_flow: no such group");
    flow_group_.push_back(group);
    uses_.insert(uses_.end(), uses.begin(), uses.end());
    flow_begin_.push_back(uses_.size());
    return static_cast<uint32_t>(flow_group_.size() - 1);
}

namespace {

// Compressed adjacency lists: for each key, the values listed for it.
struct Csr {
    std::vector<size_t> begin;
    std::vector<uint32_t> items;
    std::span<const uint32_t> of(size_t key) const {
        return {items.data() + begin[key], begin[key + 1] - begin[key]};
    }
};

template <typename KeysOf>
Csr transpose(size_t keys, size_t sources, KeysOf keys_of) {
    Csr c;
    c.begin.assign(keys + 1, 0);
    for (size_t s = 0; s < sources; ++s) keys_of(s, [&](size_t k) { ++c.begin[k + 1]; });
    for (size_t k = 0; k < keys; ++k) c.begin[k + 1] += c.begin[k];
    c.items.resize(c.begin[keys]);
    std::vector<size_t> fill(c.begin.begin(), c.begin.end() - 1);
    for (size_t s = 0; s < sources; ++s)
        keys_of(s, [&](size_t k) { c.items[fill[k]++] = static_cast<uint32_t>(s); });
    return c;
}

}  // namespace

MaxMinSolution solve_max_min(const MaxMinProblem& p) {
    const size_t R = p.resources(), F = p.flows(), G = p.groups();
    MaxMinSolution s;
    s.rate.assign(F, 0.0);
    s.group_rate.assign(G, 0.0);
    s.load.assign(R, 0.0);
    s.saturated.assign(R, false);
    s.frozen_by.assign(F, UINT32_MAX);

    const Csr flows_of_resource = transpose(R, F, [&](size_t f, auto&& emit) {
        for (const Use& u : p.uses(static_cast<uint32_t>(f)))
            if (u.demand > 0.0) emit(u.resource);
    });
    const Csr members =
        transpose(G, F, [&](size_t f, auto&& emit) { emit(p.group_of(static_cast<uint32_t>(f))); });

    // The filling is driven by one "level" that rises from 0. A flow rises at share[f] per unit
    // of level (its group's weight over the group's unfrozen members), a resource fills at
    // slope[r] (the sum of its unfrozen flows' demand * share). Both change only when a flow
    // freezes, so rates and loads are kept lazily — a value at the level it was last brought up
    // to date — and each resource's saturation level sits in a heap, re-pushed when its slope
    // changes (older entries are recognised as stale by their version). A round then costs
    // only the flows it freezes, not a sweep over every flow and resource. unfrozen_on[r] counts
    // r's unfrozen flows, so rounding in `slope` never makes an abandoned resource look as if it
    // were still filling.
    double level = 0.0;
    std::vector<double> share(F, 0.0), flow_at(F, 0.0);
    std::vector<double> slope(R, 0.0), res_at(R, 0.0);
    std::vector<uint32_t> version(R, 0), unfrozen_on(R, 0), unfrozen_in_group(G, 0);
    std::vector<bool> frozen(F, false);
    struct Due {
        double level;
        uint32_t resource, version;
        bool operator>(const Due& o) const {
            return level != o.level ? level > o.level : resource > o.resource;
        }
    };
    std::priority_queue<Due, std::vector<Due>, std::greater<>> due;
    auto touch_resource = [&](uint32_t r) {  // bring r's load up to the current level
        s.load[r] += slope[r] * (level - res_at[r]);
        res_at[r] = level;
    };
    auto schedule = [&](uint32_t r) {
        ++version[r];
        if (s.saturated[r] || unfrozen_on[r] == 0 || slope[r] <= 0.0) return;
        const double room = std::max(p.capacity(r) - s.load[r], 0.0);
        due.push({level + room / slope[r], r, version[r]});
    };
    auto set_share = [&](uint32_t f, double v) {
        s.rate[f] += share[f] * (level - flow_at[f]);
        flow_at[f] = level;
        for (const Use& u : p.uses(f)) {
            if (u.demand <= 0.0) continue;
            touch_resource(u.resource);
            slope[u.resource] += u.demand * (v - share[f]);
        }
        share[f] = v;
    };

    for (size_t f = 0; f < F; ++f) ++unfrozen_in_group[p.group_of(static_cast<uint32_t>(f))];
    for (size_t f = 0; f < F; ++f) {
        const uint32_t g = p.group_of(static_cast<uint32_t>(f));
        set_share(static_cast<uint32_t>(f), p.group_weight(g) / unfrozen_in_group[g]);
        for (const Use& u : p.uses(static_cast<uint32_t>(f)))
            if (u.demand > 0.0) ++unfrozen_on[u.resource];
    }
    for (size_t r = 0; r < R; ++r) schedule(static_cast<uint32_t>(r));

    size_t left = F;
    std::vector<uint32_t> newly_saturated, touched;
    while (left > 0) {
        while (!due.empty() && (due.top().version != version[due.top().resource])) due.pop();
        assert(!due.empty() && "unfrozen flows but nothing fills");
        if (due.empty()) break;
        ++s.rounds;
        level = std::max(level, due.top().level);
        // Every resource due at this level, within a relative tolerance: several reach the same
        // level in one round when their loads differ only by rounding.
        const double until = level * (1.0 + 1e-9);
        newly_saturated.clear();
        while (!due.empty() && due.top().level <= until) {
            const Due d = due.top();
            due.pop();
            if (d.version != version[d.resource] || s.saturated[d.resource]) continue;
            touch_resource(d.resource);
            s.saturated[d.resource] = true;
            newly_saturated.push_back(d.resource);
        }
        touched.clear();
        for (uint32_t r : newly_saturated) {
            for (uint32_t f : flows_of_resource.of(r)) {
                if (frozen[f]) continue;
                frozen[f] = true;
                s.frozen_by[f] = r;
                --left;
                set_share(f, 0.0);
                for (const Use& u : p.uses(f)) {
                    if (u.demand <= 0.0) continue;
                    if (--unfrozen_on[u.resource] == 0) slope[u.resource] = 0.0;
                    touched.push_back(u.resource);
                }
                // The group's other members take over its share of the group's increase.
                const uint32_t g = p.group_of(f);
                if (--unfrozen_in_group[g] == 0) continue;
                const double v = p.group_weight(g) / unfrozen_in_group[g];
                for (uint32_t m : members.of(g)) {
                    if (frozen[m]) continue;
                    set_share(m, v);
                    for (const Use& u : p.uses(m)) touched.push_back(u.resource);
                }
            }
        }
        std::sort(touched.begin(), touched.end());
        touched.erase(std::unique(touched.begin(), touched.end()), touched.end());
        for (uint32_t r : touched) schedule(r);
    }
    // Loads recomputed from the final rates, free of the incremental updates' rounding.
    std::fill(s.load.begin(), s.load.end(), 0.0);
    for (size_t f = 0; f < F; ++f) {
        for (const Use& u : p.uses(static_cast<uint32_t>(f)))
            s.load[u.resource] += u.demand * s.rate[f];
        s.group_rate[p.group_of(static_cast<uint32_t>(f))] += s.rate[f];
    }
    return s;
}

}  // namespace corelink::fluid
