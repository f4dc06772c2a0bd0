// Finite flows on a FatTree (topologies/fabric_flows.h).
#include <catch2/catch.hpp>

#include "tests/traffic/lone_flow_fct.h"
#include "topologies/fabric_flows.h"
#include "topologies/fat_tree.h"
#include "traffic/finite_flows.h"

using namespace corelink;

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
                Simulation sim(1);
                LinkOptions links;
                links.hop_delay = SimTime::from_us(1);
                links.limits = QueueLimits::in_packets(1000);
                Fabric fabric(sim, shape, links);
                FabricFlowNetwork net(fabric, 7);
                TcpConfig tcp;
                tcp.initial_window_pkts = 20;
                tcp.min_rto = SimTime::from_ms(1);
                FiniteFlows flows(sim, net, tcp);
                const uint64_t size = packets * 1500;
                flows.start_flow(FlowArrival{0, dst, size, SimTime::zero()});
                sim.events().run_until(SimTime::from_ms(20));
                REQUIRE(flows.finished() == 1);
                test::check_lone_flow_fct(flows.records()[0], rate,
                                          net.base_rtt(0, dst, 0, 1500, 40), 1500, 20);
                CHECK(sim.pool().in_use() == 0);
            }
        }
    }
}
