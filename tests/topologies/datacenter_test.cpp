// Traffic matrices, the fabric's fluid optimum, and a small packet-level FatTree run against the
// fluid model.
#include <catch2/catch.hpp>

#include <numeric>
#include <set>

#include "topologies/datacenter.h"
#include "topologies/fat_tree.h"
#include "topologies/leaf_spine.h"

using namespace corelink;

TEST_CASE("traffic matrices: permutation, random, stride, incast", "[tm]") {
    Rng rng(5);
    const uint32_t H = 128;
    SECTION("permutation: every host sends once and receives once, never to itself") {
        const auto c = make_traffic_matrix({TrafficMatrixKind::Permutation, 1, 1}, H, rng);
        REQUIRE(c.size() == H);
        std::vector<int> in(H, 0);
        for (uint32_t i = 0; i < H; ++i) {
            CHECK(c[i].src == i);
            CHECK(c[i].dst != i);
            ++in[c[i].dst];
        }
        for (int v : in) CHECK(v == 1);
    }
    SECTION("random: one connection per host, destinations never the sender") {
        const auto c = make_traffic_matrix({TrafficMatrixKind::Random, 1, 1}, H, rng);
        REQUIRE(c.size() == H);
        for (uint32_t i = 0; i < H; ++i) CHECK(c[i].dst != c[i].src);
    }
    SECTION("stride s: i -> (i + s) mod H") {
        const auto c = make_traffic_matrix({TrafficMatrixKind::Stride, 17, 1}, H, rng);
        for (uint32_t i = 0; i < H; ++i) CHECK(c[i].dst == (i + 17) % H);
    }
    SECTION("incast n: n distinct senders, one receiver not among them") {
        const auto c = make_traffic_matrix({TrafficMatrixKind::Incast, 1, 9}, H, rng);
        REQUIRE(c.size() == 9);
        std::set<uint32_t> senders;
        for (const Connection& k : c) {
            CHECK(k.dst == c[0].dst);
            CHECK(k.src != k.dst);
            senders.insert(k.src);
        }
        CHECK(senders.size() == 9);
    }
    SECTION("unusable matrices say why") {
        CHECK_FALSE(traffic_matrix_problem({TrafficMatrixKind::Stride, 128, 1}, H).empty());
        CHECK_FALSE(traffic_matrix_problem({TrafficMatrixKind::Incast, 1, 128}, H).empty());
        CHECK_FALSE(traffic_matrix_problem({TrafficMatrixKind::Permutation, 1, 1}, 1).empty());
        CHECK(traffic_matrix_problem({TrafficMatrixKind::Incast, 1, 127}, H).empty());
    }
}

TEST_CASE("fluid optimum: a permutation on a full-bisection FatTree runs every host at line rate",
          "[fluid][fattree]") {
    // Full bisection (docs/datacenter.md): split evenly over all paths, no switch link carries
    // more than its rate, so every host sends at its 100 Mb/s access rate.
    FatTree t(FatTreeConfig{8, 100e6, 100e6});
    Rng rng(3);
    const auto conns = make_traffic_matrix({TrafficMatrixKind::Permutation, 1, 1}, t.hosts(), rng);
    const fluid::MaxMinSolution s = fluid_even_split(t, conns);
    for (double r : s.rate) CHECK(r == Approx(100e6));
}

TEST_CASE("fluid optimum: leaf-spine oversubscribed 4:1 under stride gives a quarter of line rate",
          "[fluid][leafspine]") {
    // 4 leaves x 8 hosts, 2 spines, 100 Mb/s everywhere: each leaf has 800 Mb/s of hosts and
    // 200 Mb/s of uplinks. Stride 8 sends every host to the next leaf, so each leaf's 8 flows
    // share its 200 Mb/s of uplinks: 25 Mb/s each.
    LeafSpine t(LeafSpineConfig{4, 2, 8, 100e6, 100e6});
    Rng rng(1);
    const auto conns = make_traffic_matrix({TrafficMatrixKind::Stride, 8, 1}, t.hosts(), rng);
    const fluid::MaxMinSolution s = fluid_even_split(t, conns);
    for (double r : s.rate) CHECK(r == Approx(25e6));
}

TEST_CASE("fluid for ECMP choices: two flows hashed onto one core link share it", "[fluid]") {
    // FatTree(4): hosts 0 and 1 (edge 0, pod 0) send to hosts 4 and 5 (edge 2, pod 1). If both
    // take path 0 they share every switch link of it: 50 Mb/s each. On different cores: 100 each.
    FatTree t(FatTreeConfig{4, 100e6, 100e6});
    const std::vector<Connection> conns{{0, 4}, {1, 5}};
    const auto same = fluid_for_paths(t, conns, 1, {0, 0});
    CHECK(same.group_rate[0] == Approx(50e6));
    CHECK(same.group_rate[1] == Approx(50e6));
    const auto apart = fluid_for_paths(t, conns, 1, {0, 3});
    CHECK(apart.group_rate[0] == Approx(100e6));
    CHECK(apart.group_rate[1] == Approx(100e6));
}

TEST_CASE("packet level FatTree(4): permutation goodput lies near the fluid prediction",
          "[datacenter]") {
    // 16 TCP flows, 100 Mb/s links, ECMP. Conservation: no connection can beat its access link,
    // and the packet-level total lies within 15% of the fluid max-min total for the same hash
    // choices (TCP's sawtooth and RTT bias keep it below, never far: docs/datacenter.md).
    FatTree t(FatTreeConfig{4, 100e6, 100e6});
    Rng rng(11);
    const auto conns = make_traffic_matrix({TrafficMatrixKind::Permutation, 1, 1}, t.hosts(), rng);
    const auto choice = ecmp_choices(t, conns, 1, EcmpHash(11));
    const auto fl = fluid_for_paths(t, conns, 1, choice);
    const double fluid_total =
        std::accumulate(fl.group_rate.begin(), fl.group_rate.end(), 0.0) / 1e6;
    Simulation sim(11);
    DatacenterConfig cfg;
    cfg.tcp.min_rto = SimTime::from_ms(10);
    DatacenterNet net(sim, t, conns, cfg, choice);
    sim.events().run_until(SimTime::from_ms(300));
    const auto a = net.snapshot();
    sim.events().run_until(SimTime::from_ms(1300));
    const auto r = DatacenterNet::rates_between(a, net.snapshot());
    double total = 0.0;
    for (double m : r.conn_mbps) {
        CHECK(m <= 100.0 * 1.001);
        total += m;
    }
    CHECK(total > 0.85 * fluid_total);
    CHECK(total <= fluid_total * 1.01);
    for (double u : r.link_utilisation) CHECK(u <= 1.0 + 1e-9);
}

namespace {

// Counts packets and forwards them along their route (a stand-in for a middlebox).
struct CountingHop final : PacketSink {
    int seen = 0;
    void receive(Packet& p) override {
        ++seen;
        p.send_on();
    }
};
struct Endpoint final : PacketSink {
    PacketPool& pool;
    int got = 0;
    SimTime at;
    EventList& events;
    Endpoint(PacketPool& p, EventList& e) : pool(p), events(e) {}
    void receive(Packet& p) override {
        ++got;
        at = events.now();
        pool.release(p);
    }
};

}  // namespace

TEST_CASE("fabric: a route with an extra hop between two path segments", "[datacenter]") {
    // Host 0 -> host 3 (edge 1 of pod 0: 4 links) -> a middle element -> host 9 (edge 4, pod 2:
    // 6 links). An unloaded 1500-byte packet takes 10 serialisations at 100 Mb/s (120 us each)
    // and 10 hop delays of 1 us: 1.21 ms.
    FatTree t(FatTreeConfig{4, 100e6, 100e6});
    Simulation sim(1);
    LinkOptions opt;
    Fabric fabric(sim, t, opt);
    FlowDemux demux;
    RouteTable routes(fabric, demux);
    CountingHop mid;
    Endpoint end(sim.pool(), sim.events());
    demux.attach(0, end, end);
    std::vector<PacketSink*> hops;
    fabric.append_path_hops(0, 3, 1, hops);
    hops.push_back(&mid);
    fabric.append_path_hops(3, 9, 2, hops);
    hops.push_back(&routes.tail());
    const Route& r = routes.keep(std::move(hops));
    CHECK(r.size() == 2 * 4 + 1 + 2 * 6 + 1);
    Packet& p = sim.pool().alloc();
    p.flow_id = 0;
    p.size_bytes = 1500;
    p.send_on(r);
    sim.events().run_until(SimTime::from_ms(5));
    CHECK(mid.seen == 1);
    CHECK(end.got == 1);
    CHECK(end.at == SimTime::from_us(10 * 120 + 10 * 1));
}

namespace {

// A trace tap that records which flows and kinds of packets pass it.
struct RecordingTap final : PacketSink {
    std::set<uint32_t> flows;
    uint64_t data = 0, acks = 0;
    void receive(Packet& p) override {
        flows.insert(p.flow_id);
        ++(p.kind == PacketKind::Data ? data : acks);
        p.send_on();
    }
};

// Connection goodput and the link departures after 60 ms of a k = 4 permutation with two
// subflows per connection; `traced` >= 0 taps that subflow's trace point first.
struct TraceRun {
    std::vector<uint64_t> bytes;
    RecordingTap tap;
    uint64_t traced_sent = 0, traced_acked = 0;
};

void trace_run(RoutingMode routing, int traced, TraceRun& out) {
    FatTree t(FatTreeConfig{4, 100e6, 100e6});
    Rng rng(3);
    const auto conns = make_traffic_matrix({TrafficMatrixKind::Permutation, 1, 1}, t.hosts(), rng);
    Simulation sim(3);
    DatacenterConfig cfg;
    cfg.subflows = 2;
    cfg.routing = routing;
    cfg.tcp.min_rto = SimTime::from_ms(10);
    DatacenterNet net(sim, t, conns, cfg, ecmp_choices(t, conns, 2, EcmpHash(3)));
    if (traced >= 0) {
        TracePoints points;
        net.register_trace_points(points);
        const TracePoints::Point* p = points.find("flow:" + std::to_string(traced));
        REQUIRE(p != nullptr);
        REQUIRE(p->on_attach);
        p->on_attach(out.tap);
    }
    sim.events().run_until(SimTime::from_ms(60));
    out.bytes = net.snapshot().conn_bytes;
    if (traced >= 0) {
        out.traced_sent = net.subflow(static_cast<uint32_t>(traced)).packets_sent();
        out.traced_acked = net.subflow(static_cast<uint32_t>(traced)).bytes_acked();
    }
}

}  // namespace

TEST_CASE("fabric trace point flow:N taps one subflow's sender and changes nothing",
          "[datacenter][trace]") {
    // Subflows share the fabric's routes (both subflows of a connection when they hash onto one
    // path): the tap must see only the traced subflow, every data packet its sender sent
    // (TcpSrc::packets_sent, retransmissions included), and ACKs; and a traced run must deliver
    // exactly the bytes of an untraced one (the tap adds a hop without delay).
    for (RoutingMode routing : {RoutingMode::Ecmp, RoutingMode::Spray}) {
        TraceRun plain, traced;
        trace_run(routing, -1, plain);
        trace_run(routing, 5, traced);
        CHECK(traced.bytes == plain.bytes);
        CHECK(traced.tap.flows == std::set<uint32_t>{5});
        CHECK(traced.tap.data == traced.traced_sent);
        CHECK(traced.traced_acked > 0);
        CHECK(traced.tap.acks > 0);
    }
}
