#include "topologies/nfv_tier.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <sstream>

#include "src/input_error.h"

namespace corelink {

std::vector<CostClass> parse_cost_mix(const std::string& flag, const std::string& text) {
    const std::string expected = flag +
                                 ": expected UNITS:FRACTION[,UNITS:FRACTION...] with units > 0"
                                 " and fractions summing to 1 (e.g. 1:0.5,4:0.5), got '" +
                                 text + "'";
    std::vector<CostClass> mix;
    std::stringstream in(text);
    std::string item;
    double sum = 0.0;
    while (std::getline(in, item, ',')) {
        const size_t colon = item.find(':');
        if (colon == std::string::npos) throw InputError(expected);
        CostClass c;
        try {
            size_t used = 0;
            c.units = std::stod(item.substr(0, colon), &used);
            if (used != colon) throw InputError(expected);
            const std::string frac = item.substr(colon + 1);
            c.fraction = std::stod(frac, &used);
            if (used != frac.size()) throw InputError(expected);
        } catch (const std::logic_error&) {
            throw InputError(expected);
        }
        if (!(c.units > 0.0) || !std::isfinite(c.units) || !(c.fraction > 0.0)) {
            throw InputError(expected);
        }
        sum += c.fraction;
        mix.push_back(c);
    }
    if (mix.empty() || std::fabs(sum - 1.0) > 1e-6) throw InputError(expected);
    return mix;
}

std::vector<double> assign_costs(const std::vector<CostClass>& mix, uint32_t connections,
                                 Rng& rng) {
    // Hamilton's largest-remainder apportionment: exact proportions whenever they are integers.
    std::vector<uint32_t> count(mix.size());
    std::vector<std::pair<double, size_t>> remainder;
    uint32_t given = 0;
    for (size_t i = 0; i < mix.size(); ++i) {
        const double quota = mix[i].fraction * connections;
        count[i] = static_cast<uint32_t>(std::floor(quota));
        given += count[i];
        remainder.emplace_back(quota - count[i], i);
    }
    std::stable_sort(remainder.begin(), remainder.end(),
                     [](const auto& a, const auto& b) { return a.first > b.first; });
    for (size_t j = 0; given < connections; ++j, ++given) ++count[remainder[j % mix.size()].second];
    std::vector<double> costs;
    for (size_t i = 0; i < mix.size(); ++i) costs.insert(costs.end(), count[i], mix[i].units);
    // Fisher-Yates with our own generator, so the order depends on the seed only.
    for (size_t i = costs.size(); i > 1; --i) std::swap(costs[i - 1], costs[rng.below(i)]);
    return costs;
}

double CostModel::cdf(double units) const {
    switch (kind) {
        case Kind::Uniform:
            if (units < a) return 0.0;
            if (units >= b) return 1.0;
            return (units - a) / (b - a);
        case Kind::Lognormal:
            if (units <= 0.0) return 0.0;
            if (b == 0.0) return units < a ? 0.0 : 1.0;
            return 0.5 * std::erfc(-std::log(units / a) / (b * std::sqrt(2.0)));
        case Kind::Mix: break;
    }
    double p = 0.0;
    for (const CostClass& c : mix)
        if (c.units <= units) p += c.fraction;
    return p;
}

CostModel parse_cost_model(const std::string& flag, const std::string& text) {
    CostModel m;
    const bool uniform = text.rfind("uniform:", 0) == 0;
    const bool lognormal = text.rfind("lognormal:", 0) == 0;
    if (!uniform && !lognormal) {
        m.mix = parse_cost_mix(flag, text);
        return m;
    }
    const std::string expected =
        flag + ": expected uniform:LO:HI (0 < LO <= HI) or lognormal:MEDIAN:SIGMA (MEDIAN > 0, " +
        "0 <= SIGMA <= 3), got '" + text + "'";
    const std::string rest = text.substr(text.find(':') + 1);
    const size_t colon = rest.find(':');
    if (colon == std::string::npos) throw InputError(expected);
    try {
        size_t used = 0;
        m.a = std::stod(rest.substr(0, colon), &used);
        if (used != colon) throw InputError(expected);
        const std::string second = rest.substr(colon + 1);
        m.b = std::stod(second, &used);
        if (used != second.size()) throw InputError(expected);
    } catch (const std::logic_error&) {
        throw InputError(expected);
    }
    if (!std::isfinite(m.a) || !std::isfinite(m.b) || !(m.a > 0.0)) throw InputError(expected);
    if (uniform) {
        m.kind = CostModel::Kind::Uniform;
        if (!(m.b >= m.a)) throw InputError(expected);
    } else {
        m.kind = CostModel::Kind::Lognormal;
        if (!(m.b >= 0.0 && m.b <= 3.0)) throw InputError(expected);
    }
    return m;
}

std::vector<double> assign_costs(const CostModel& model, uint32_t connections, Rng& rng) {
    if (model.kind == CostModel::Kind::Mix) return assign_costs(model.mix, connections, rng);
    std::vector<double> costs;
    costs.reserve(connections);
    for (uint32_t c = 0; c < connections; ++c)
        costs.push_back(model.kind == CostModel::Kind::Uniform
                            ? rng.uniform(model.a, model.b)
                            : model.a * std::exp(model.b * rng.normal()));
    return costs;
}

InstanceChoice parse_instance_choice(const std::string& flag, const std::string& text) {
    if (text == "hash") return InstanceChoice::Hash;
    if (text == "least-loaded") return InstanceChoice::LeastLoaded;
    throw InputError(flag + ": expected hash or least-loaded, got '" + text + "'");
}

namespace {
// splitmix64's finaliser: every input bit affects every output bit.
uint64_t mix64(uint64_t z) {
    z = (z ^ (z >> 30U)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27U)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31U);
}
}  // namespace

uint32_t InstanceHash::pick(uint32_t connection, uint32_t subflow, uint32_t instances) const {
    const uint64_t x = mix64(seed_ ^ mix64((static_cast<uint64_t>(connection) << 32U) | subflow));
    __extension__ using U128 = unsigned __int128;
    // Multiply-shift maps the 64-bit hash onto [0, instances) with bias < instances / 2^64.
    return static_cast<uint32_t>((static_cast<U128>(x) * instances) >> 64U);
}

uint32_t LeastLoaded::pick(double cost) {
    const auto it = std::min_element(load_.begin(), load_.end());
    *it += cost;
    return static_cast<uint32_t>(it - load_.begin());
}

NfvTier::NfvTier(Simulation& sim, const NfvTierConfig& cfg) : cfg_(cfg) {
    const QueueOptionValues defaults = builtin_queues().defaults();
    const SimTime cheapest = cycles_time(cfg.min_cost_units * cfg.cost_unit_cycles, cfg.cpu_hz);
    for (uint32_t m = 0; m < cfg.middleboxes; ++m) {
        for (uint32_t c = 0; c < cfg.cores; ++c) {
            ServiceModel model =
                ServiceModel::cpu(cfg.cpu_hz, CpuCost::constant(cfg.cost_unit_cycles));
            const QueueEnv env{sim.events(),
                               sim.pool(),
                               sim.make_rng(),
                               cfg.limits,
                               cfg.queue_options ? *cfg.queue_options : defaults,
                               cheapest};
            cores_.push_back(std::make_unique<Server>(
                sim.events(), sim.make_rng(), model, builtin_queues().make(cfg.queue, env),
                "mb" + std::to_string(m) + ".core" + std::to_string(c)));
        }
    }
}

void NfvTier::set_cost(uint32_t instance, uint32_t flow_id, double units) {
    const double cycles = units * cfg_.cost_unit_cycles;
    cores_[instance]->model().set_flow_cost(flow_id,
                                            CpuCost::normal(cycles, cfg_.cost_noise * cycles));
}

std::vector<double> pooled_cpu_time_max_min(double total_cores, double clock_hz,
                                            const std::vector<double>& cycles_per_packet,
                                            const std::vector<double>& cap_pps) {
    // Water-filling on CPU time: connection i's share is capped at cap_i * cycles_i / clock.
    // Fill the smallest caps first; whoever is left shares the rest equally.
    const size_t n = cycles_per_packet.size();
    std::vector<size_t> order(n);
    std::iota(order.begin(), order.end(), size_t{0});
    auto cap_share = [&](size_t i) { return cap_pps[i] * cycles_per_packet[i] / clock_hz; };
    std::sort(order.begin(), order.end(),
              [&](size_t a, size_t b) { return cap_share(a) < cap_share(b); });
    std::vector<double> rate(n, 0.0);
    double left = total_cores;
    for (size_t j = 0; j < n; ++j) {
        const size_t i = order[j];
        const double share = std::min(cap_share(i), left / static_cast<double>(n - j));
        rate[i] = share * clock_hz / cycles_per_packet[i];
        left -= share;
    }
    return rate;
}

}  // namespace corelink
