// The NFV middlebox tier: instance choice, cost mixes, the pooled CPU-time optimum, and KBNets'
// Fig. 9 result on one middlebox core.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <vector>

#include "src/input_error.h"
#include "src/pipe.h"
#include "tcp/tcp_sink.h"
#include "tcp/tcp_src.h"
#include "topologies/nfv_tier.h"

using namespace corelink;

TEST_CASE("instance hashing is deterministic and uniform", "[nfv][hash]") {
    const uint32_t instances = 16;
    const InstanceHash h(42), same(42), other(43);
    // Chi-square goodness of fit of 40,000 (connection, subflow) picks over 16 instances:
    // 15 degrees of freedom, critical value 37.70 at significance 0.001.
    std::vector<double> count(instances, 0.0);
    // Subflows 0 and 1 of one connection must be independent: their pair is uniform over the
    // 256 cells, 255 degrees of freedom, critical value 330.5 at significance 0.001
    // (Wilson-Hilferty).
    std::vector<double> pairs(instances * instances, 0.0);
    uint32_t differs = 0;
    const uint32_t connections = 10'000;
    for (uint32_t c = 0; c < connections; ++c) {
        for (uint32_t s = 0; s < 4; ++s) {
            const uint32_t i = h.pick(c, s, instances);
            REQUIRE(i < instances);
            REQUIRE(i == same.pick(c, s, instances));
            differs += i != other.pick(c, s, instances);
            count[i] += 1;
        }
        pairs[h.pick(c, 0, instances) * instances + h.pick(c, 1, instances)] += 1;
    }
    auto chi2 = [](const std::vector<double>& n, double expected) {
        double x = 0;
        for (double v : n) x += (v - expected) * (v - expected) / expected;
        return x;
    };
    CHECK(chi2(count, 4.0 * connections / instances) < 37.70);
    CHECK(chi2(pairs, static_cast<double>(connections) / (instances * instances)) < 330.5);
    // Another seed redraws: a pick agrees by chance with probability 1/16.
    CHECK(differs > 0.9 * 4 * connections * 15 / 16);
}

TEST_CASE("least-loaded assignment keeps instance loads within one job", "[nfv][hash]") {
    // Greedy list scheduling puts every job on the least-loaded instance, so at the end no two
    // loads differ by more than the largest job (4 units here).
    Rng rng(1);
    const std::vector<double> costs =
        assign_costs(parse_cost_mix("--cost-mix", "1:0.5,4:0.5"), 64, rng);
    LeastLoaded ll(16);
    for (double c : costs) ll.pick(c);
    const auto [lo, hi] = std::minmax_element(ll.load().begin(), ll.load().end());
    CHECK(*hi - *lo <= 4.0);
    double total = 0;
    for (double l : ll.load()) total += l;
    CHECK(total == Approx(32 * 1 + 32 * 4));
}

TEST_CASE("cost mixes: exact proportions, and bad mixes name the flag", "[nfv]") {
    Rng rng(3);
    const std::vector<double> c =
        assign_costs(parse_cost_mix("--cost-mix", "1:0.3,4:0.7"), 10, rng);
    CHECK(std::count(c.begin(), c.end(), 1.0) == 3);
    CHECK(std::count(c.begin(), c.end(), 4.0) == 7);
    for (const char* bad : {"", "1:0.5", "1:0.5,4", "x:1", "0:1", "1:0.5,4:0.6", "1:1junk"}) {
        CHECK_THROWS_WITH(parse_cost_mix("--cost-mix", bad), Catch::Contains("--cost-mix"));
    }
}

namespace {
// The Kolmogorov-Smirnov distance between sorted samples and a model's CDF.
double ks_distance(std::vector<double> x, const CostModel& m) {
    std::sort(x.begin(), x.end());
    const auto n = static_cast<double>(x.size());
    double d = 0.0;
    for (size_t i = 0; i < x.size(); ++i) {
        const double f = m.cdf(x[i]);
        d = std::max({d, f - static_cast<double>(i) / n, static_cast<double>(i + 1) / n - f});
    }
    return d;
}
}  // namespace

TEST_CASE("continuous cost distributions reproduce their CDF (Kolmogorov-Smirnov)", "[nfv]") {
    // KS at significance 0.01: critical value 1.628 / sqrt(n) (the asymptotic Kolmogorov
    // quantile). Oracle CDFs by hand: uniform (x - lo) / (hi - lo); lognormal
    // Phi(ln(x / median) / sigma). Power: lognormal draws are rejected as the uniform.
    const uint32_t n = 20'000;
    const double critical = 1.628 / std::sqrt(static_cast<double>(n));
    const CostModel uniform = parse_cost_model("--cost-mix", "uniform:1:4");
    const CostModel lognormal = parse_cost_model("--cost-mix", "lognormal:2:0.5");
    CHECK(uniform.cdf(2.5) == Approx(0.5));
    CHECK(lognormal.cdf(2.0) == Approx(0.5));
    CHECK(lognormal.cdf(2.0 * std::exp(0.5)) == Approx(0.8413).epsilon(1e-3));  // Phi(1)
    for (uint64_t seed : {1U, 2U}) {
        Rng rng(seed);
        const auto u = assign_costs(uniform, n, rng);
        const auto l = assign_costs(lognormal, n, rng);
        CHECK(ks_distance(u, uniform) < critical);
        CHECK(ks_distance(l, lognormal) < critical);
        CHECK(ks_distance(l, uniform) > critical);
        CHECK(*std::min_element(u.begin(), u.end()) >= 1.0);
        CHECK(*std::max_element(u.begin(), u.end()) <= 4.0);
    }
    // A mix keeps its exact proportions through the same entry point.
    Rng rng(3);
    const auto mix = assign_costs(parse_cost_model("--cost-mix", "1:0.5,4:0.5"), 10, rng);
    CHECK(std::count(mix.begin(), mix.end(), 1.0) == 5);
    for (const char* bad :
         {"uniform:", "uniform:1", "uniform:0:2", "uniform:3:2", "uniform:1:x", "lognormal:0:1",
          "lognormal:2:-1", "lognormal:2:4", "lognormal:2:1:3", "normal:1:2"}) {
        CHECK_THROWS_WITH(parse_cost_model("--cost-mix", bad), Catch::Contains("--cost-mix"));
    }
}

TEST_CASE("the pooled optimum gives equal CPU time, capped by access links", "[nfv][oracle]") {
    // Two connections costing c and 4c cycles on one core: equal CPU time gives each half the
    // core, so rates clock / (2c) and clock / (8c).
    const double clock = 1e9, c = 1e5;
    std::vector<double> r = pooled_cpu_time_max_min(1.0, clock, {c, 4 * c}, {1e9, 1e9});
    CHECK(r[0] == Approx(clock / (2 * c)));
    CHECK(r[1] == Approx(clock / (8 * c)));
    // Cap the cheap one at 1,000 packets/s (a tenth of the core): the other takes the rest.
    r = pooled_cpu_time_max_min(1.0, clock, {c, 4 * c}, {1000, 1e9});
    CHECK(r[0] == Approx(1000));
    CHECK(r[1] == Approx(0.9 * clock / (4 * c)));
}

namespace {

// KBNets Fig. 9 on one middlebox core: two NewReno flows through one core, the second costing
// 4x the first; the same parameters as the fairness scenario test (100 Mb/s of cheap packets,
// 10 ms RTT, RED thresholds at 0.7 and 2.2 BDP, 400 packets of buffer for RED and 100 for
// drop-tail). Returns each flow's share of the core's time over 30 s after a 5 s warm-up.
std::vector<double> one_core_shares(const std::string& queue) {
    Simulation sim(1);
    QueueOptionValues options = builtin_queues().defaults();
    options.set("red-min-th", "60");
    options.set("red-max-th", "180");
    NfvTierConfig cfg;
    cfg.middleboxes = 1;
    cfg.cores = 1;
    cfg.cpu_hz = 1e9;
    cfg.cost_unit_cycles = 120'000;  // 120 us per cheap 1500-byte packet: 100 Mb/s
    cfg.queue = queue;
    cfg.queue_options = &options;
    cfg.limits = QueueLimits::in_packets(queue == "droptail" ? 100 : 400);
    NfvTier tier(sim, cfg);
    tier.set_cost(0, 0, 1.0);
    tier.set_cost(0, 1, 4.0);
    Pipe forward(sim.events(), SimTime::from_ms(5)), reverse(sim.events(), SimTime::from_ms(5));
    TcpConfig tcp;
    tcp.min_rto = SimTime::from_ms(50);
    std::vector<std::unique_ptr<TcpSrc>> srcs;
    std::vector<std::unique_ptr<TcpSink>> sinks;
    std::vector<Route> routes;
    routes.reserve(4);
    for (uint32_t f = 0; f < 2; ++f) {
        srcs.push_back(std::make_unique<TcpSrc>(sim, f, tcp));
        sinks.push_back(std::make_unique<TcpSink>(sim));
        routes.emplace_back(std::vector<PacketSink*>{&tier.core(0), &forward, sinks[f].get()});
        routes.emplace_back(std::vector<PacketSink*>{&reverse, srcs[f].get()});
        sinks[f]->set_ack_route(routes.back());
        srcs[f]->connect(routes[routes.size() - 2], *sinks[f], SimTime::from_ms(3 * f));
    }
    sim.events().run_until(SimTime::from_sec(5));
    const SimTime w0 = tier.core(0).flow(0).work, w1 = tier.core(0).flow(1).work;
    sim.events().run_until(SimTime::from_sec(35));
    const SimTime window = SimTime::from_sec(30);
    return {(tier.core(0).flow(0).work - w0) / window, (tier.core(0).flow(1).work - w1) / window};
}

}  // namespace

TEST_CASE("one middlebox core: red4mq gives cost-1 and cost-4 connections equal CPU time",
          "[nfv][fig9]") {
    // KBNets Fig. 9: RED_4 MQ shares the CPU time equally, 0.5 / 0.5 (tolerance 0.07 absolute,
    // as the fairness scenario test); drop-tail gives equal packet rates instead, so CPU shares
    // 1/5 and 4/5 — the contrast shows the measurement can tell them apart.
    const std::vector<double> red = one_core_shares("red4mq");
    CHECK(red[0] == Approx(0.5).margin(0.07));
    CHECK(red[1] == Approx(0.5).margin(0.07));
    const std::vector<double> dt = one_core_shares("droptail");
    CHECK(dt[0] == Approx(0.2).margin(0.07));
    CHECK(dt[1] == Approx(0.8).margin(0.07));
}
