#include <catch2/catch.hpp>

#include <array>
#include <stdexcept>

#include "queues/droptail_queue.h"
#include "src/pipe.h"
#include "src/server.h"
#include "src/simulation.h"
#include "test_sinks.h"

using namespace corelink;
using corelink::testing::make_packet;
using corelink::testing::RecordingSink;

namespace {

// Each event sends one 100-byte packet on `route`, numbered 0, 1, 2, ... in its seqno.
struct Sender final : EventHandler {
    Simulation& sim;
    Route& route;
    uint32_t n = 0;
    Sender(Simulation& s, Route& r) : sim(s), route(r) {}
    void handle_event(uint32_t) override { make_packet(sim, 0, 100, n++).send_on(route); }
};

}  // namespace

TEST_CASE("a pipe delays every packet by exactly its delay, in order", "[pipe]") {
    // Expected: arrival = send time + delay, exactly (integer picoseconds).
    Simulation sim(1);
    const SimTime delay = SimTime::from_us(37.5);
    Pipe pipe(sim.events(), delay);
    RecordingSink sink(sim);
    Route route({&pipe, &sink});

    Sender sender(sim, route);
    const std::vector<int64_t> send_ps{0, 5, 5, 1'000'000, 90'000'000, 90'000'001};
    for (int64_t t : send_ps) sim.events().schedule_at(SimTime::from_ps(t), sender);
    while (sim.events().step()) {
    }

    REQUIRE(sink.times.size() == send_ps.size());
    for (size_t i = 0; i < send_ps.size(); ++i) {
        CHECK(sink.times[i] == SimTime::from_ps(send_ps[i]) + delay);
        CHECK(sink.seqnos[i] == i);
    }
    CHECK(sim.pool().in_use() == 0);
}

TEST_CASE("a packet fed straight back into a pipe does not delay the packets ahead of it",
          "[pipe]") {
    // A hop after the pipe sends the first packet it sees back into the same pipe, synchronously,
    // while a second packet is still in flight. Expected, by the pipe's definition (every packet
    // leaves exactly `delay` after it entered): the second packet at its own send time + delay,
    // then the looped packet at the first arrival + delay.
    Simulation sim(1);
    const SimTime delay = SimTime::from_us(10);
    Pipe pipe(sim.events(), delay);
    RecordingSink sink(sim);
    Route loop({&pipe, &sink});
    struct LoopOnce final : PacketSink {
        Route& loop;
        PacketSink& sink;
        bool looped = false;
        LoopOnce(Route& l, PacketSink& s) : loop(l), sink(s) {}
        void receive(Packet& p) override {
            if (looped) return sink.receive(p);
            looped = true;
            p.send_on(loop);
        }
    } hop(loop, sink);
    Route route({&pipe, &hop});

    Sender sender(sim, route);
    sim.events().schedule_at(SimTime::zero(), sender);
    sim.events().schedule_at(SimTime::from_us(3), sender);
    while (sim.events().step()) {
    }

    REQUIRE(sink.times.size() == 2);
    CHECK(sink.seqnos[0] == 1);
    CHECK(sink.times[0] == SimTime::from_us(3) + delay);
    CHECK(sink.seqnos[1] == 0);
    CHECK(sink.times[1] == delay + delay);
    CHECK(sim.pool().in_use() == 0);
}

TEST_CASE("a link server serves back-to-back packets at exactly its rate", "[server]") {
    // Expected: k-th departure at k * size * 8 / rate (1500 B at 100 Mb/s = 120 µs).
    Simulation sim(1);
    Server link(sim.events(), sim.make_rng(), ServiceModel::link(100e6),
                std::make_unique<DropTailQueue>(sim.events(), sim.pool(), QueueLimits{}));
    RecordingSink sink(sim);
    Route route({&link, &sink});
    for (int i = 0; i < 50; ++i) make_packet(sim, 0, 1500).send_on(route);
    while (sim.events().step()) {
    }
    REQUIRE(sink.times.size() == 50);
    for (int i = 0; i < 50; ++i) CHECK(sink.times[i] == SimTime::from_us(120) * (i + 1));
    CHECK(link.busy_time() == SimTime::from_us(120) * 50);
}

TEST_CASE("a CPU server serves at its clock with per-flow costs", "[server]") {
    // Expected: flow 0 costs 2000 cycles = 1 µs at 2 GHz; flow 1 costs 1000 + 4 cycles/byte,
    // which on 500-byte packets is 3000 cycles = 1.5 µs.
    Simulation sim(1);
    ServiceModel cpu = ServiceModel::cpu(2e9, CpuCost::constant(2000));
    cpu.set_flow_cost(1, CpuCost::affine(1000, 4));
    Server core(sim.events(), sim.make_rng(), cpu,
                std::make_unique<DropTailQueue>(sim.events(), sim.pool(), QueueLimits{}));
    RecordingSink sink(sim);
    Route route({&core, &sink});
    for (int i = 0; i < 10; ++i) make_packet(sim, static_cast<uint32_t>(i % 2), 500).send_on(route);
    while (sim.events().step()) {
    }
    REQUIRE(sink.times.size() == 10);
    SimTime t = SimTime::zero();
    for (int i = 0; i < 10; ++i) {
        t += i % 2 == 0 ? SimTime::from_us(1) : SimTime::from_us(1.5);
        CHECK(sink.times[i] == t);
    }
    CHECK(core.flow(0).work == SimTime::from_us(5));
    CHECK(core.flow(1).work == SimTime::from_us(7.5));
    CHECK(core.flow(1).packets == 5);
}

TEST_CASE("normally distributed CPU costs have the configured mean", "[server]") {
    // Expected: mean service time = mean cycles / clock; 20,000 samples with sd = 10% of mean
    // give a standard error of 0.07%, so ±0.5% is a safe margin.
    Simulation sim(3);
    Server core(sim.events(), sim.make_rng(), ServiceModel::cpu(1e9, CpuCost::normal(1000, 100)),
                std::make_unique<DropTailQueue>(sim.events(), sim.pool(), QueueLimits{}));
    RecordingSink sink(sim);
    Route route({&core, &sink});
    const int n = 20000;
    for (int i = 0; i < n; ++i) make_packet(sim, 0, 64).send_on(route);
    while (sim.events().step()) {
    }
    CHECK(core.busy_time().to_us() / n == Approx(1.0).epsilon(0.005));
}

TEST_CASE("a queue behind a server is idle from when the server finishes", "[server]") {
    // RED's idle period starts when the link goes idle (F&J 1993), i.e. when the last packet has
    // been served, not when it started service: two 1500-byte packets at 100 Mb/s finish at
    // 240 µs.
    Simulation sim(1);
    Server link(sim.events(), sim.make_rng(), ServiceModel::link(100e6),
                std::make_unique<DropTailQueue>(sim.events(), sim.pool(), QueueLimits{}));
    RecordingSink sink(sim);
    Route route({&link, &sink});
    make_packet(sim, 0, 1500).send_on(route);
    make_packet(sim, 0, 1500).send_on(route);
    while (sim.events().step()) {
    }
    CHECK(link.queue().empty_since() == SimTime::from_us(240));
}

TEST_CASE("a server counts per-flow service into records the topology placed", "[server]") {
    // Records interleaved with other per-flow state (a stride larger than the record), as the
    // dumbbell lays them out. Expected: flow f sends f + 1 packets of 1000 B at 1 Gb/s, so its
    // record holds f + 1 packets, (f + 1) * 1000 B and (f + 1) * 8 µs of work; the bytes between
    // records are untouched.
    struct PerFlow {
        uint64_t before = 0xA5A5;
        FlowService service;
        uint64_t after = 0x5A5A;
    };
    std::array<PerFlow, 3> flows{};
    Simulation sim(1);
    Server link(sim.events(), sim.make_rng(), ServiceModel::link(1e9),
                std::make_unique<DropTailQueue>(sim.events(), sim.pool(), QueueLimits{}));
    link.place_per_flow(&flows[0].service, sizeof(PerFlow), 3);
    RecordingSink sink(sim);
    Route route({&link, &sink});
    for (uint32_t f = 0; f < 3; ++f)
        for (uint32_t k = 0; k <= f; ++k) make_packet(sim, f, 1000).send_on(route);
    while (sim.events().step()) {
    }
    for (uint32_t f = 0; f < 3; ++f) {
        CHECK(flows[f].service.packets == f + 1);
        CHECK(flows[f].service.bytes == (f + 1) * 1000);
        CHECK(flows[f].service.work == SimTime::from_us(8) * (f + 1));
        CHECK(link.flow(f).packets == f + 1);
        CHECK(flows[f].before == 0xA5A5);
        CHECK(flows[f].after == 0x5A5A);
    }
    CHECK(link.flow(3).packets == 0);
    // A flow without a placed record is a wiring error, not something to count silently.
    make_packet(sim, 3, 1000).send_on(route);
    CHECK_THROWS_AS(sim.events().step(), std::logic_error);
}
