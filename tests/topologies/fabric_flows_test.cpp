// Finite flows on a FatTree (topologies/fabric_flows.h).
#include <catch2/catch.hpp>

#include "tests/traffic/lone_flow_fct.h"
#include "topologies/fabric_flows.h"
#include "topologies/fat_tree.h"
#include "traffic/finite_flows.h"

using namespace corelink;

namespace {

// One flow of `size` bytes from host 0 to `dst`, alone in an idle FatTree of `shape` (1 us per
// hop, 1000-packet ports: slow start's excess never overflows), run for 20 ms.
struct LoneFlowInFatTree {
    static LinkOptions links() {
        LinkOptions l;
        l.hop_delay = SimTime::from_us(1);
        l.limits = QueueLimits::in_packets(1000);
        return l;
    }
    LoneFlowInFatTree(const FatTree& shape, const FiniteFlowsConfig& cfg, uint32_t dst,
                      uint64_t size)
        : fabric(sim, shape, links()), net(fabric, 7), flows(sim, net, cfg) {
        flows.start_flow(FlowArrival{0, dst, size, SimTime::zero()});
        sim.events().run_until(SimTime::from_ms(20));
    }
    Simulation sim{1};
    Fabric fabric;
    FabricFlowNetwork net;
    FiniteFlows flows;
};

}  // namespace

TEST_CASE("a lone flow in an idle FatTree finishes in size / rate + RTT, within one packet time",
          "[traffic][fct][fabric]") {
    // Oracle, store-and-forward over h links of rate R and delay d, N full packets of size m:
    // the last packet leaves the first link at S / R and crosses the other h - 1 links at
    // m / R + d each (the first adds d), and its ACK returns in h (a / R + d). The base RTT,
    // h (m / R + d) + h (a / R + d), counts the data packet's serialisation at all h links, one
    // more than the pipelined transfer pays: FCT = S / R + RTT - m / R exactly, for paths of
    // 2 (same edge), 4 (same pod) and 6 links (across pods). The initial window (20 packets)
    // covers the longest path's RTT (19.4 us = 16 packet times at 10 Gb/s), so the window never
    // limits, and the ports' buffers hold the excess slow start puts in the sender's uplink.
    const double rate = 10e9;
    const FatTree shape(FatTreeConfig{4, rate, rate});
    for (uint32_t dst : {1U, 3U, 12U}) {  // from host 0: same edge, same pod, another pod
        for (uint64_t packets : {1, 50, 400}) {
            DYNAMIC_SECTION("to host " << dst << ", " << packets << " packets") {
                FiniteFlowsConfig cfg;
                cfg.tcp.initial_window_pkts = 20;
                cfg.tcp.min_rto = SimTime::from_ms(1);
                const uint64_t size = packets * 1500;
                LoneFlowInFatTree run(shape, cfg, dst, size);
                const FiniteFlows& flows = run.flows;
                const FabricFlowNetwork& net = run.net;
                REQUIRE(flows.finished() == 1);
                test::check_lone_flow_fct(flows.records()[0], rate,
                                          net.base_rtt(0, dst, 0, 1500, 40), 1500, 20);
                CHECK(run.sim.pool().in_use() == 0);
            }
        }
    }
}

TEST_CASE(
    "a lone MPTCP flow in an idle FatTree also finishes in size / rate + RTT: its subflows share "
    "the host link",
    "[traffic][fct][fabric][mptcp]") {
    // Four subflows hashed onto paths of equal length: the sender's uplink, which they all
    // cross, is the bottleneck and stays busy (the four initial windows, 40 packets, exceed the
    // RTT of 16 packet times). Every later link sees packets at most as often as that uplink
    // sends them, and at the receiver's downlink the subflows' packets arrive as they left the
    // uplink, one packet time apart, so nothing queues after the first hop. Hence the lone TCP
    // flow's oracle holds for the connection: FCT = S / R + RTT - m / R. When the last piece is
    // short (800 bytes), it is the last handed out, so the last to leave the uplink, at S / R.
    // Alone on its path it would then need the RTT of an 800-byte packet minus its first-hop
    // serialisation (the lower bound, S / R + RTT(800) - 800 B / R); on the path of the full
    // packet before it, it waits behind that one at every later hop and arrives as a full
    // packet leaving at S / R would (the upper bound, S / R + RTT - m / R). Which happens
    // depends on the hash; both bounds are checked.
    const double rate = 10e9;
    const FatTree shape(FatTreeConfig{4, rate, rate});
    for (uint32_t dst : {3U, 12U}) {
        for (uint64_t size : {50 * 1500, 400 * 1500, 400 * 1500 - 700}) {
            DYNAMIC_SECTION("to host " << dst << ", " << size << " bytes") {
                FiniteFlowsConfig cfg;
                cfg.tcp.min_rto = SimTime::from_ms(1);
                cfg.subflows = 4;
                LoneFlowInFatTree run(shape, cfg, dst, size);
                const FiniteFlows& flows = run.flows;
                const FabricFlowNetwork& net = run.net;
                REQUIRE(flows.finished() == 1);
                const FlowRecord& r = flows.records()[0];
                if (size % 1500 == 0) {
                    test::check_lone_flow_fct(r, rate, net.base_rtt(0, dst, 0, 1500, 40), 1500, 20);
                } else {
                    const uint32_t last = size % 1500;
                    const SimTime at_uplink_end = serialization_time(size, rate);
                    CHECK(r.fct >= at_uplink_end + net.base_rtt(0, dst, 0, last, 40) -
                                       serialization_time(last, rate));
                    CHECK(r.fct <= at_uplink_end + net.base_rtt(0, dst, 0, 1500, 40) -
                                       serialization_time(1500, rate));
                }
                CHECK(flows.finished_bytes_delivered() == size);
                CHECK(run.sim.pool().in_use() == 0);
            }
        }
    }
}
