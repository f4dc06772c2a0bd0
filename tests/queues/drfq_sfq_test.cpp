// Start-time fair queueing as a plain queue in front of one server: the trace of
// docs/algorithms.md §6.1.
#include <catch2/catch.hpp>

#include "queues/queue_registry.h"
#include "src/server.h"
#include "src/simulation.h"
#include "test_sinks.h"

using namespace corelink;
using corelink::testing::make_packet;
using corelink::testing::RecordingSink;

namespace {

std::unique_ptr<Queue> make_queue(Simulation& sim, const std::string& name) {
    const QueueOptionValues values = builtin_queues().defaults();
    QueueEnv env{sim.events(),  sim.pool(), sim.make_rng(),
                 QueueLimits{}, values,     SimTime::from_sec(1)};
    return builtin_queues().make(name, env);
}

}  // namespace

TEST_CASE("sfq: the §6.1 service order, with and without C at t = 5", "[sfq]") {
    // §6.1 oracle: rate 1 byte/s; A has three 2-byte packets, B four 1-byte packets, all at t=0.
    // Order A1,B1,B2,A2,B3,B4,A3 finishing at 2,3,4,6,7,8,10. With C (1 byte) at t=5, while A2
    // (S=2) is in service: S_C = 2, served right after B3 (ties go to the lower flow id).
    for (bool with_c : {false, true}) {
        Simulation sim(1);
        RecordingSink sink(sim);
        Server server(sim.events(), sim.make_rng(), ServiceModel::link(8.0),
                      make_queue(sim, "sfq"));
        Route route({&server, &sink});
        for (uint64_t k = 1; k <= 3; ++k) make_packet(sim, 0, 2, k).send_on(route);
        for (uint64_t k = 1; k <= 4; ++k) make_packet(sim, 1, 1, k).send_on(route);
        struct Late final : EventHandler {
            Simulation& sim;
            Route& route;
            Late(Simulation& s, Route& r) : sim(s), route(r) {}
            void handle_event(uint32_t) override { make_packet(sim, 2, 1, 1).send_on(route); }
        } late(sim, route);
        if (with_c) sim.events().schedule_at(SimTime::from_sec(5), late);
        while (sim.events().step()) {
        }
        std::vector<std::pair<uint32_t, uint64_t>> order;
        std::vector<double> finish;
        for (size_t i = 0; i < sink.flows.size(); ++i) {
            order.emplace_back(sink.flows[i], sink.seqnos[i]);
            finish.push_back(sink.times[i].to_sec());
        }
        if (!with_c) {
            CHECK(order == std::vector<std::pair<uint32_t, uint64_t>>{
                               {0, 1}, {1, 1}, {1, 2}, {0, 2}, {1, 3}, {1, 4}, {0, 3}});
            CHECK(finish == std::vector<double>{2, 3, 4, 6, 7, 8, 10});
        } else {
            CHECK(order == std::vector<std::pair<uint32_t, uint64_t>>{
                               {0, 1}, {1, 1}, {1, 2}, {0, 2}, {1, 3}, {2, 1}, {1, 4}, {0, 3}});
            CHECK(finish == std::vector<double>{2, 3, 4, 6, 7, 8, 9, 11});
        }
    }
}

TEST_CASE("multi-resource schedulers are valid plain queues", "[drfq][sfq]") {
    // With one resource (p.cost) each must conserve packets, keep every flow in FIFO order and
    // be work-conserving (the server never idles while packets wait), as the generic suite checks.
    for (const char* name : {"fifo", "drfq", "sfq", "bottleneck-fair", "per-resource-fq"}) {
        INFO(name);
        Simulation sim(7);
        RecordingSink sink(sim);
        Server server(sim.events(), sim.make_rng(), ServiceModel::link(1e9), make_queue(sim, name));
        Route route({&server, &sink});
        Rng rng(3);
        uint64_t seq[4] = {};
        for (int i = 0; i < 400; ++i) {
            const auto f = static_cast<uint32_t>(rng.below(4));
            make_packet(sim, f, static_cast<uint32_t>(40 + rng.below(1460)), ++seq[f])
                .send_on(route);
        }
        uint64_t total_bytes = 0;
        // All arrive at t = 0, so a work-conserving server finishes at Σ size·8 ns.
        while (sim.events().step()) {
        }
        REQUIRE(sink.flows.size() == 400);
        uint64_t last[4] = {};
        for (size_t i = 0; i < sink.flows.size(); ++i) {
            CHECK(sink.seqnos[i] == last[sink.flows[i]] + 1);
            last[sink.flows[i]] = sink.seqnos[i];
        }
        total_bytes = server.queue().stats().departed_bytes;
        CHECK(sink.times.back() == serialization_time(total_bytes, 1e9));
        CHECK(server.queue().empty());
        CHECK(sim.pool().in_use() == 0);
    }
}
