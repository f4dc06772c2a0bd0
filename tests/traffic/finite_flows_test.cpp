// Finite flows on a hand-wired star (tests/traffic/star_network.h).
#include <catch2/catch.hpp>

#include "tests/traffic/lone_flow_fct.h"
#include "tests/traffic/star_network.h"
#include "traffic/fct_stats.h"
#include "traffic/finite_flows.h"

using namespace corelink;

namespace {
TcpConfig dc_tcp() {
    TcpConfig tcp;
    tcp.min_rto = SimTime::from_ms(1);
    tcp.initial_rto = SimTime::from_ms(1);
    return tcp;
}
}  // namespace

TEST_CASE("a lone flow in an idle network finishes in size / rate + RTT, within one packet time",
          "[traffic][fct]") {
    // Oracle, store-and-forward over two hops of rate R and delay d, N full packets of size m:
    // the last packet leaves the uplink at S / R, crosses the downlink (m / R + 2 d) and its ACK
    // returns (2 a / R + 2 d). The base RTT counts the data packet's serialisation at both hops,
    // one more than the pipelined flow pays, so FCT = S / R + RTT - m / R exactly. The window
    // never limits: the RTT (6.5 us) is 5.4 packet times, under the initial window of 10. Slow
    // start keeps growing the window past that, and the excess waits in the sender's own
    // uplink queue: its buffer holds the whole flow, so nothing is lost there.
    const double rate = 10e9;
    const SimTime d = SimTime::from_us(1);
    for (uint64_t packets : {1, 7, 100, 1000}) {
        DYNAMIC_SECTION(packets << " packets") {
            Simulation sim(1);
            test::StarNetwork net(sim, 4, rate, d, /*buffer_pkts=*/2000);
            FiniteFlows flows(sim, net, dc_tcp());
            const uint64_t size = packets * 1500;
            flows.start_flow(FlowArrival{1, 3, size, SimTime::zero()});
            sim.events().run_until(SimTime::from_ms(50));
            REQUIRE(flows.finished() == 1);
            // Within one packet time of size / rate + RTT, and exactly the pipelined value (a
            // few ps of rounding per hop).
            test::check_lone_flow_fct(flows.records()[0], rate, net.base_rtt(1, 3, 0, 1500, 40),
                                      1500, 10);
        }
    }
}

TEST_CASE("Poisson finite flows: every started flow finishes or is counted, memory is pooled",
          "[traffic][fct]") {
    // Conservation: started = finished + unfinished, per bucket and overall. Once arrivals stop
    // and the network drains, nothing is unfinished. Connections are pooled: the slots ever
    // created stay far below the flows started (about load x hosts flows are alive at once).
    Simulation sim(5);
    test::StarNetwork net(sim, 8, 1e9, SimTime::from_us(2));
    FiniteFlows flows(sim, net, dc_tcp());
    const FlowSizeCdf sizes = FlowSizeCdf::hadoop();
    PoissonConfig cfg;
    cfg.hosts = 8;
    cfg.host_rate_bps = 1e9;
    cfg.load = 0.5;
    cfg.stop = SimTime::from_ms(200);
    PoissonArrivals arrivals(sim.events(), sim.make_rng(), sizes, cfg,
                             [&](const FlowArrival& a) { flows.start_flow(a); });
    arrivals.start(SimTime::zero());

    sim.events().run_until(SimTime::from_ms(100));
    const std::vector<FctBucketRow> mid = fct_by_bucket(flows.records());
    REQUIRE(mid.back().bucket == "all");
    CHECK(mid.back().flows + mid.back().unfinished == flows.started());
    CHECK(mid.back().unfinished == flows.active());
    uint64_t sum = 0;
    for (size_t b = 0; b + 1 < mid.size(); ++b) sum += mid[b].flows + mid[b].unfinished;
    CHECK(sum == flows.started());

    sim.events().run_until(SimTime::from_sec(2));
    const std::vector<FctBucketRow> end = fct_by_bucket(flows.records());
    INFO(flows.started() << " flows, " << flows.slots() << " slots");
    CHECK(flows.started() == arrivals.arrivals());
    CHECK(flows.started() > 500);
    CHECK(end.back().unfinished == 0);
    CHECK(end.back().flows == flows.started());
    CHECK(flows.slots() * 10 < flows.started());
    // Slowdowns are at least one (up to the packet time the ideal counts twice) and the
    // network idles once drained: every packet went back to the pool.
    CHECK(end.back().mean_slowdown >= 0.9);
    CHECK(sim.pool().in_use() == 0);
}
