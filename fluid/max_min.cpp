#include "max_min.h"

#include <cassert>
#include <limits>
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

    // share[f]: how fast flow f rises while the filling level rises by one unit; slope[r]: how
    // fast resource r fills. Both change only when a flow freezes, so they are kept up to date
    // incrementally. unfrozen_on[r] counts r's unfrozen flows, so that rounding in `slope` never
    // makes a resource with nothing left to grow look as if it were still filling.
    std::vector<double> share(F, 0.0), slope(R, 0.0);
    std::vector<uint32_t> unfrozen_in_group(G, 0), unfrozen_on(R, 0);
    std::vector<bool> frozen(F, false);
    for (size_t f = 0; f < F; ++f) ++unfrozen_in_group[p.group_of(static_cast<uint32_t>(f))];
    auto set_share = [&](uint32_t f, double v) {
        for (const Use& u : p.uses(f)) slope[u.resource] += u.demand * (v - share[f]);
        share[f] = v;
    };
    for (size_t f = 0; f < F; ++f) {
        const uint32_t g = p.group_of(static_cast<uint32_t>(f));
        set_share(static_cast<uint32_t>(f), p.group_weight(g) / unfrozen_in_group[g]);
        for (const Use& u : p.uses(static_cast<uint32_t>(f)))
            if (u.demand > 0.0) ++unfrozen_on[u.resource];
    }

    size_t left = F;
    std::vector<uint32_t> newly_saturated;
    while (left > 0) {
        // How far the level can rise before the first resource saturates.
        double t = std::numeric_limits<double>::infinity();
        for (size_t r = 0; r < R; ++r) {
            if (s.saturated[r] || unfrozen_on[r] == 0 || slope[r] <= 0.0) continue;
            const double room = p.capacity(static_cast<uint32_t>(r)) - s.load[r];
            t = std::min(t, std::max(room, 0.0) / slope[r]);
        }
        assert(t < std::numeric_limits<double>::infinity() && "unfrozen flows but nothing fills");
        ++s.rounds;
        for (size_t f = 0; f < F; ++f)
            if (!frozen[f]) s.rate[f] += t * share[f];
        newly_saturated.clear();
        for (size_t r = 0; r < R; ++r) {
            if (s.saturated[r] || unfrozen_on[r] == 0) continue;
            s.load[r] += t * slope[r];
            // Relative tolerance: several resources reach the same level in one round when their
            // loads differ only by rounding.
            const double cap = p.capacity(static_cast<uint32_t>(r));
            if (s.load[r] >= cap * (1.0 - 1e-9)) {
                s.saturated[r] = true;
                newly_saturated.push_back(static_cast<uint32_t>(r));
            }
        }
        for (uint32_t r : newly_saturated) {
            for (uint32_t f : flows_of_resource.of(r)) {
                if (frozen[f]) continue;
                frozen[f] = true;
                s.frozen_by[f] = r;
                --left;
                for (const Use& u : p.uses(f))
                    if (u.demand > 0.0 && --unfrozen_on[u.resource] == 0) slope[u.resource] = 0.0;
                set_share(f, 0.0);
                // The group's other members take over its share of the group's increase.
                const uint32_t g = p.group_of(f);
                if (--unfrozen_in_group[g] == 0) continue;
                const double v = p.group_weight(g) / unfrozen_in_group[g];
                for (uint32_t m : members.of(g))
                    if (!frozen[m]) set_share(m, v);
            }
        }
        // Resources whose last flow just froze keep a slope of exactly zero.
        for (size_t r = 0; r < R; ++r)
            if (unfrozen_on[r] == 0) slope[r] = 0.0;
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
