// Poisson flow arrivals offer the requested load. Oracle: over T seconds each of H hosts starts
// flows at rate lambda = load * R / (8 E[S]), so the offered bytes divided by H * R * T / 8 tend to
// the load. For web-search sizes E[S^2] / E[S]^2 = 6.37 (from the table), so with N arrivals the
// relative standard deviation of the offered load is sqrt(6.37 / N): 0.56 % for N = 200,000, and
// the 3 % tolerance is more than five standard deviations.
#include <catch2/catch.hpp>

#include <map>

#include "src/simulation.h"
#include "traffic/poisson_arrivals.h"

using namespace corelink;

TEST_CASE("Poisson arrivals offer the requested load within 3 %", "[traffic][poisson]") {
    for (double load : {0.3, 0.7}) {
        DYNAMIC_SECTION("load " << load) {
            Simulation sim(11);
            const FlowSizeCdf sizes = FlowSizeCdf::websearch();
            PoissonConfig cfg;
            cfg.hosts = 16;
            cfg.host_rate_bps = 10e9;
            cfg.load = load;
            // Long enough for ~200,000 arrivals at this load.
            const double seconds =
                200'000 / (cfg.hosts * load * cfg.host_rate_bps / 8 / sizes.mean_bytes());
            cfg.stop = SimTime::from_sec(seconds);
            std::vector<uint64_t> per_host(cfg.hosts, 0);
            bool self_addressed = false;
            PoissonArrivals arrivals(sim.events(), sim.make_rng(), sizes, cfg,
                                     [&](const FlowArrival& a) {
                                         per_host[a.src] += a.size_bytes;
                                         self_addressed |= a.src == a.dst;
                                     });
            arrivals.start(SimTime::zero());
            sim.events().run_until(cfg.stop);
            const double offered = static_cast<double>(arrivals.bytes_offered()) * 8 /
                                   (cfg.hosts * cfg.host_rate_bps * seconds);
            INFO(arrivals.arrivals() << " arrivals, offered load " << offered);
            CHECK(arrivals.arrivals() > 150'000);
            CHECK(offered == Approx(load).epsilon(0.03));
            CHECK_FALSE(self_addressed);
        }
    }
}

TEST_CASE("destinations are uniform over the other hosts", "[traffic][poisson]") {
    // Chi-square goodness of fit, 3 degrees of freedom (4 possible destinations): the critical
    // value at significance 0.001 is 16.27.
    Simulation sim(3);
    const FlowSizeCdf sizes = FlowSizeCdf::hadoop();
    PoissonConfig cfg;
    cfg.hosts = 5;
    cfg.host_rate_bps = 1e9;
    cfg.load = 0.5;
    cfg.stop = SimTime::from_sec(40'000 / (cfg.hosts * 0.5 * 1e9 / 8 / sizes.mean_bytes()));
    std::map<uint32_t, double> from_zero;
    PoissonArrivals arrivals(sim.events(), sim.make_rng(), sizes, cfg, [&](const FlowArrival& a) {
        if (a.src == 0) from_zero[a.dst] += 1;
    });
    arrivals.start(SimTime::zero());
    sim.events().run_until(cfg.stop);
    double total = 0;
    for (const auto& [dst, n] : from_zero) total += n;
    REQUIRE(from_zero.size() == 4);
    double chi2 = 0;
    for (const auto& [dst, n] : from_zero) chi2 += (n - total / 4) * (n - total / 4) / (total / 4);
    INFO("chi-square " << chi2 << " over " << total << " flows");
    CHECK(chi2 < 16.27);
}
