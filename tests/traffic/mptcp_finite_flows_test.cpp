// Finite MPTCP connections (traffic/finite_flows.h, mptcp/mptcp_src.h) on a hand-wired star whose
// hosts have two disjoint rails (tests/traffic/star_network.h).
#include <catch2/catch.hpp>

#include "tests/traffic/star_network.h"
#include "traffic/fct_stats.h"
#include "traffic/finite_flows.h"

using namespace corelink;

namespace {
FiniteFlowsConfig mptcp(uint32_t subflows) {
    FiniteFlowsConfig cfg;
    cfg.tcp.min_rto = SimTime::from_ms(1);
    cfg.tcp.initial_rto = SimTime::from_ms(1);
    cfg.subflows = subflows;
    cfg.cc = MptcpCc::Lia;
    return cfg;
}

// Every byte of the finished flows handed to a subflow once, acknowledged once and delivered
// once at connection level: each of the three books equals the flows' total size.
void check_conservation(const FiniteFlows& flows) {
    uint64_t bytes = 0;
    for (const FlowRecord& r : flows.records())
        if (r.finished()) bytes += r.size_bytes;
    CHECK(flows.finished_bytes_handed_out() == bytes);
    CHECK(flows.finished_bytes_acked() == bytes);
    CHECK(flows.finished_bytes_delivered() == bytes);
}
}  // namespace

TEST_CASE(
    "a lone MPTCP flow over two idle disjoint paths finishes in size / (2 R) + RTT, within one "
    "packet time",
    "[traffic][fct][mptcp]") {
    // Oracle: two rails of rate R each (packet time T = m / R), one subflow on each. The windows
    // never limit (the initial 10 packets exceed the RTT of 5.4 packet times, and the buffers
    // hold everything slow start sends), so each rail's uplink is busy from 0 until its last
    // piece leaves. The rails are symmetric: both subflows take their initial windows at 0, and
    // afterwards their ACKs arrive at the same instants, each taking the same number of new
    // pieces (two per ACK in slow start), so when the data runs out the rails' shares differ by
    // at most two pieces, i.e. by at most one packet time of finishing time each way from an
    // even split. The busier rail's last piece leaves its uplink at size / (2 R) + at most T and
    // then, like a lone TCP flow's (tests/traffic/lone_flow_fct.h), needs the base RTT minus
    // the one serialisation the pipeline saves: FCT = size / (2 R) + RTT - T, within T.
    // Sizes with a last piece shorter than an mss (700 bytes, 1 byte) are included.
    const double rate = 10e9;
    const SimTime d = SimTime::from_us(1);
    const SimTime packet_time = serialization_time(1500, rate);
    for (uint64_t size : {100 * 1500 + 700, 333 * 1500 + 1, 1000 * 1500}) {
        DYNAMIC_SECTION(size << " bytes") {
            Simulation sim(1);
            test::StarNetwork net(sim, 4, rate, d, /*buffer_pkts=*/4000, /*rails=*/2);
            FiniteFlows flows(sim, net, mptcp(2));
            flows.start_flow(FlowArrival{1, 3, size, SimTime::zero()});
            sim.events().run_until(SimTime::from_ms(50));
            REQUIRE(flows.finished() == 1);
            const FlowRecord& r = flows.records()[0];
            const SimTime rtt = net.base_rtt(1, 3, 0, 1500, 40);
            CHECK(r.ideal == serialization_time(size, 2 * rate) + rtt);
            const SimTime expected = serialization_time(size, 2 * rate) + rtt - packet_time;
            const SimTime err = r.fct > expected ? r.fct - expected : expected - r.fct;
            INFO("FCT " << r.fct.to_us() << " us, oracle " << expected.to_us() << " us");
            CHECK(err <= packet_time);
            // Faster than either rail alone could carry it.
            CHECK(r.fct < serialization_time(size, rate));
            check_conservation(flows);
            CHECK(sim.pool().in_use() == 0);
        }
    }
}

TEST_CASE("an MPTCP flow of one short piece: only the first subflow sends, the others stop",
          "[traffic][fct][mptcp]") {
    // A 700-byte connection with four subflows: the subflow that starts first takes the only
    // piece (700 bytes, not an mss), the other three never send, and the connection finishes
    // when that piece's ACK returns: FCT = the base RTT of a 700-byte packet, exactly as for a
    // one-packet TCP flow (a few ps of rounding per hop). Nothing else crosses the network: one
    // data packet and one ACK.
    const double rate = 10e9;
    Simulation sim(2);
    test::StarNetwork net(sim, 4, rate, SimTime::from_us(1), 100, /*rails=*/2);
    FiniteFlows flows(sim, net, mptcp(4));
    flows.start_flow(FlowArrival{0, 2, 700, SimTime::zero()});
    sim.events().run_until(SimTime::from_ms(50));
    REQUIRE(flows.finished() == 1);
    const SimTime expected = net.base_rtt(0, 2, 0, 700, 40);
    const SimTime fct = flows.records()[0].fct;
    const SimTime err = fct > expected ? fct - expected : expected - fct;
    CHECK(err.ps() <= 10);
    CHECK(net.uplink(0).served_packets() == 1);
    CHECK(flows.finished_retransmissions() == 0);
    check_conservation(flows);
}

TEST_CASE(
    "Poisson MPTCP finite flows with losses: every started flow finishes or is counted, every "
    "byte acknowledged once, memory pooled",
    "[traffic][fct][mptcp]") {
    // Conservation, as for TCP flows (finite_flows_test.cpp): started = finished + unfinished,
    // nothing unfinished once drained, slots far below flows. Here also the byte books of every
    // finished connection: handed out = acknowledged = delivered = size, although small buffers
    // (20 packets) make subflows lose and retransmit (checked, so the books are tested under
    // loss), and every packet back in the pool at the end.
    Simulation sim(5);
    test::StarNetwork net(sim, 8, 1e9, SimTime::from_us(2), /*buffer_pkts=*/20, /*rails=*/2);
    FiniteFlows flows(sim, net, mptcp(4));
    const FlowSizeCdf sizes = FlowSizeCdf::hadoop();
    PoissonConfig cfg;
    cfg.hosts = 8;
    cfg.host_rate_bps = net.host_rate_bps(0);
    cfg.load = 0.6;
    cfg.stop = SimTime::from_ms(100);
    PoissonArrivals arrivals(sim.events(), sim.make_rng(), sizes, cfg,
                             [&](const FlowArrival& a) { flows.start_flow(a); });
    arrivals.start(SimTime::zero());

    sim.events().run_until(SimTime::from_ms(50));
    const std::vector<FctBucketRow> mid = fct_by_bucket(flows.records());
    REQUIRE(mid.back().bucket == "all");
    CHECK(mid.back().flows + mid.back().unfinished == flows.started());
    CHECK(mid.back().unfinished == flows.active());

    sim.events().run_until(SimTime::from_sec(2));
    const std::vector<FctBucketRow> end = fct_by_bucket(flows.records());
    INFO(flows.started() << " flows, " << flows.slots() << " slots, "
                         << flows.finished_retransmissions() << " retransmissions");
    CHECK(flows.started() == arrivals.arrivals());
    CHECK(flows.started() > 500);
    CHECK(end.back().unfinished == 0);
    CHECK(end.back().flows == flows.started());
    uint64_t sum = 0;
    for (size_t b = 0; b + 1 < end.size(); ++b) sum += end[b].flows + end[b].unfinished;
    CHECK(sum == flows.started());
    CHECK(flows.slots() * 10 < flows.started());
    CHECK(flows.finished_retransmissions() > 0);
    check_conservation(flows);
    CHECK(sim.pool().in_use() == 0);
}
