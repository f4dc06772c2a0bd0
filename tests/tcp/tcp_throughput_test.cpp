// Long-run TCP behaviour: link utilisation, the Mathis response function and fairness on a
// drop-tail dumbbell (docs/algorithms.md §3 and §7 item 4).
#include <catch2/catch.hpp>

#include <cmath>
#include <memory>
#include <vector>

#include "queues/droptail_queue.h"
#include "src/pipe.h"
#include "src/random_drop.h"
#include "src/server.h"
#include "src/statistics.h"
#include "tcp_test_net.h"

using namespace corelink;
using corelink::testing::TcpPath;

TEST_CASE("one flow fills a 10 Mb/s link with a buffer of one BDP", "[tcp][slow]") {
    // Reno halves a window of BDP + buffer; with buffer >= BDP (25 kB = 16.7 packets at 10 Mb/s
    // and 20 ms) the halved window still covers the BDP, so the link never idles in steady state.
    // Expected: goodput >= 95% of the rate after a 5 s warm-up. Also: the heap work per data
    // packet stays near the three hops that need an event (link, two pipes): the retransmit
    // timer must not add an entry per ACK.
    const double link_bps = 10e6;
    TcpPath path(TcpConfig{}, SimTime::from_ms(20), link_bps, 20);
    path.start();
    path.run_until(SimTime::from_sec(5));
    const uint64_t acked0 = path.src.bytes_acked();
    const uint64_t sent0 = path.src.packets_sent();
    const uint64_t events0 = path.sim.events().dispatched();
    const uint64_t timeouts0 = path.src.timeouts();  // slow start's overshoot may cause some
    path.run_until(SimTime::from_sec(35));
    const double utilisation =
        rate_bps(path.src.bytes_acked() - acked0, SimTime::from_sec(30)) / link_bps;
    const double events_per_packet = static_cast<double>(path.sim.events().dispatched() - events0) /
                                     static_cast<double>(path.src.packets_sent() - sent0);
    INFO("utilisation " << utilisation << ", events per packet " << events_per_packet);
    CHECK(utilisation >= 0.95);
    CHECK(utilisation <= 1.0);
    CHECK(path.link->queue().stats().dropped_total() > 0);  // it did probe the buffer
    CHECK(path.src.timeouts() == timeouts0);
    CHECK(events_per_packet < 3.2);
}

namespace {

// One flow over a path with Bernoulli loss p and no queueing; returns measured / Mathis rate.
double mathis_ratio(double p, uint64_t seed) {
    const SimTime rtt = SimTime::from_ms(100);
    TcpConfig cfg;
    // docs/algorithms.md §3 "Minimum RTO": with no queueing srtt = RTT and rttvar -> 0, so rto =
    // min_rto. It must exceed 2 RTTs: when the first packet of a flight is lost, its retransmission
    // is ACKed exactly 2 RTTs after the last new ACK restarted the timer. 3 RTTs keeps real
    // timeouts (lost retransmissions) short.
    cfg.min_rto = rtt * 3;
    Simulation sim(seed);
    Pipe fwd(sim.events(), rtt / 2), rev(sim.events(), rtt / 2);
    RandomDrop loss(sim.pool(), sim.make_rng(), p);
    TcpSink sink(sim);
    TcpSrc src(sim, 0, cfg);
    Route data({&loss, &fwd, &sink}), ack({&rev, &src});
    sink.set_ack_route(ack);
    src.connect(data, sink, SimTime::zero());

    const SimTime warmup = SimTime::from_sec(20);
    sim.events().run_until(warmup);
    const uint64_t acked0 = src.bytes_acked();
    // Measure over >= 10^4 packets (docs/algorithms.md §3): 2·10^5 at p = 0.001 (~200 losses),
    // 5·10^4 at p = 0.01 (~500 losses).
    const double mathis_pps = 1.0 / rtt.to_sec() * std::sqrt(1.5 / p);
    const double packets = p < 0.005 ? 2e5 : 5e4;
    const SimTime span = SimTime::from_sec(packets / mathis_pps);
    sim.events().run_until(warmup + span);
    const double measured_pps =
        static_cast<double>(src.bytes_acked() - acked0) / cfg.mss_bytes / span.to_sec();
    return measured_pps / mathis_pps;
}

}  // namespace

TEST_CASE("one flow with Bernoulli loss follows the Mathis response function", "[tcp][slow]") {
    // Mathis et al. 1997: rate = (MSS/RTT)·sqrt(3/2)/sqrt(p) with an ACK per packet; e.g.
    // 122.5 pkt/s at p = 0.01, RTT = 100 ms. docs/algorithms.md §3: within ±25% for p in {0.001,
    // 0.01}.
    for (double p : {0.001, 0.01}) {
        const double ratio = mathis_ratio(p, 42);
        INFO("p = " << p << ": measured / Mathis = " << ratio);
        CHECK(ratio > 0.75);
        CHECK(ratio < 1.25);
    }
}

TEST_CASE("16 flows on a drop-tail dumbbell share it fairly", "[tcp][slow]") {
    // Equal-RTT Reno flows converge to equal shares (AIMD, Chiu & Jain 1989); over a long run
    // drop-tail's phase effects average out. Expected: Jain's index >= 0.9 over 40 s after a
    // 10 s warm-up, and the link nearly full (>= 90%: 16 windows share a 1-BDP buffer).
    Simulation sim(7);
    const double link_bps = 100e6;
    const int n = 16;
    const SimTime one_way = SimTime::from_ms(10);  // RTT 20 ms; BDP = 250 kB ≈ 167 packets
    Server bottleneck(
        sim.events(), sim.make_rng(), ServiceModel::link(link_bps),
        std::make_unique<DropTailQueue>(sim.events(), sim.pool(), QueueLimits::in_packets(167)));
    std::vector<std::unique_ptr<Pipe>> pipes;
    std::vector<std::unique_ptr<TcpSink>> sinks;
    std::vector<std::unique_ptr<TcpSrc>> srcs;
    std::vector<std::unique_ptr<Route>> routes;
    for (int i = 0; i < n; ++i) {
        auto& fwd = *pipes.emplace_back(std::make_unique<Pipe>(sim.events(), one_way));
        auto& rev = *pipes.emplace_back(std::make_unique<Pipe>(sim.events(), one_way));
        auto& sink = *sinks.emplace_back(std::make_unique<TcpSink>(sim));
        auto& src = *srcs.emplace_back(
            std::make_unique<TcpSrc>(sim, static_cast<uint32_t>(i), TcpConfig{}));
        auto& data = *routes.emplace_back(
            std::make_unique<Route>(std::vector<PacketSink*>{&bottleneck, &fwd, &sink}));
        auto& ack =
            *routes.emplace_back(std::make_unique<Route>(std::vector<PacketSink*>{&rev, &src}));
        sink.set_ack_route(ack);
        // Staggered starts, so slow starts do not all collide in one burst.
        src.connect(data, sink, SimTime::from_ms(37) * i);
    }
    sim.events().run_until(SimTime::from_sec(10));
    std::vector<uint64_t> acked0;
    for (auto& s : srcs) acked0.push_back(s->bytes_acked());
    sim.events().run_until(SimTime::from_sec(50));
    std::vector<double> goodput;
    double total = 0.0;
    for (int i = 0; i < n; ++i) {
        goodput.push_back(rate_bps(srcs[i]->bytes_acked() - acked0[i], SimTime::from_sec(40)));
        total += goodput.back();
    }
    const double jain = jain_index(goodput);
    INFO("Jain " << jain << ", utilisation " << total / link_bps);
    CHECK(jain >= 0.9);
    CHECK(total / link_bps >= 0.9);
}
