// Every registered queue discipline, with its default options, goes through the same invariants:
// a queue registered later is covered here with no new test code. Expected values are the
// invariants themselves (conservation, per-flow FIFO order, the buffer limit, work conservation),
// each checked by the test's own counts and the packet pool, not by the queue's statistics alone.
#include <catch2/catch.hpp>

#include <fmt/format.h>

#include <memory>
#include <string>
#include <vector>

#include "queues/queue_registry.h"
#include "src/input_error.h"
#include "src/server.h"
#include "src/simulation.h"
#include "test_sinks.h"

using namespace corelink;

namespace {

// Records the first violated invariant (REQUIRE on every event would dominate the run time).
struct Violations {
    std::string first;
    void check(bool ok, const std::string& what) {
        if (!ok && first.empty()) first = what;
    }
};

struct Workload {
    QueueLimits limits;
    uint64_t seed;
    double load;  // offered work / capacity
};

class Harness final : public PacketSink {
public:
    Harness(Simulation& sim, Server& server, const Workload& w, uint32_t flows, SimTime mean_cost,
            uint64_t packets, Violations& v)
        : sim_(sim),
          server_(server),
          rng_(sim.make_rng()),
          w_(w),
          flows_(flows),
          left_(packets),
          v_(v),
          route_({&server, this}),
          next_seq_(flows, 0),
          last_seq_(flows, 0) {
        mean_gap_ = mean_cost.scaled(1.0 / w.load);
        sim.events().schedule_at(SimTime::zero(), *this);
    }

    // The sink after the server: a departure.
    void receive(Packet& p) override {
        ++delivered_;
        v_.check(p.seqno > last_seq_[p.flow_id],
                 fmt::format("flow {} delivered seqno {} after {}", p.flow_id, p.seqno,
                             last_seq_[p.flow_id]));
        last_seq_[p.flow_id] = p.seqno;
        sim_.pool().release(p);
        check_state("departure");
    }

    uint64_t sent() const { return sent_; }
    uint64_t delivered() const { return delivered_; }

private:
    // An arrival: a packet of a random flow, some ECN-capable; bursts of several back to back
    // so buffers overflow and AQMs act.
    void handle_event(uint32_t) override {
        const uint64_t burst = 1 + rng_.below(4);
        for (uint64_t i = 0; i < burst && left_ > 0; ++i, --left_) {
            const auto f = static_cast<uint32_t>(rng_.below(flows_));
            Packet& p = sim_.pool().alloc();
            p.flow_id = f;
            p.size_bytes = static_cast<uint32_t>(64 + rng_.below(1437));
            p.seqno = ++next_seq_[f];
            if (rng_.bernoulli(0.3)) p.flags |= pkt_flags::kEcnCapable;
            ++sent_;
            p.send_on(route_);
            check_state("arrival");
        }
        if (left_ > 0)
            sim_.events().schedule_in(
                SimTime::from_ps(static_cast<int64_t>(
                                     rng_.exponential(static_cast<double>(mean_gap_.ps()) * 2.5)) +
                                 1),
                *this);
    }

    void check_state(const char* when) {
        const Queue& q = server_.queue();
        const uint64_t in_service = server_.busy() ? 1 : 0;
        // Everything released to the pool that the sink did not release was dropped.
        const uint64_t dropped = sim_.pool().released() - delivered_;
        v_.check(sent_ == delivered_ + dropped + q.packets() + in_service,
                 fmt::format("{}: conservation: sent {} != delivered {} + dropped {} + queued {} "
                             "+ in service {}",
                             when, sent_, delivered_, dropped, q.packets(), in_service));
        v_.check(sim_.pool().in_use() == q.packets() + in_service,
                 fmt::format("{}: pool holds {} packets, queue {} + service {}", when,
                             sim_.pool().in_use(), q.packets(), in_service));
        v_.check(q.stats().dropped_total() == dropped,
                 fmt::format("{}: queue counts {} drops, pool {}", when, q.stats().dropped_total(),
                             dropped));
        v_.check(
            q.stats().arrived_pkts == sent_ && q.stats().departed_pkts == delivered_ + in_service,
            fmt::format("{}: arrival/departure stats", when));
        v_.check(q.packets() <= w_.limits.packets && q.bytes() <= w_.limits.bytes &&
                     (w_.limits.work == SimTime::never() || q.work() <= w_.limits.work),
                 fmt::format("{}: limit exceeded: {} pkts {} bytes", when, q.packets(), q.bytes()));
        v_.check(q.packets() == 0 || server_.busy(),
                 fmt::format("{}: server idle with {} packets waiting", when, q.packets()));
    }

    Simulation& sim_;
    Server& server_;
    Rng rng_;
    Workload w_;
    uint32_t flows_;
    uint64_t left_;
    Violations& v_;
    Route route_;
    SimTime mean_gap_;
    std::vector<uint64_t> next_seq_;
    std::vector<uint64_t> last_seq_;
    uint64_t sent_ = 0;
    uint64_t delivered_ = 0;
};

}  // namespace

TEST_CASE("every registered queue conserves packets, keeps flows in order and respects limits",
          "[queues][generic]") {
    const QueueRegistry& registry = builtin_queues();
    const std::string name = GENERATE(from_range(builtin_queues().names()));
    // The defaults, and sets that move every built-in knob off its default (options a queue does
    // not declare are ignored by it): per-packet round robin, work occupancy, a DRR quantum below
    // the packet costs, a per-flow cap; then the two other batch modes with small batches and caps.
    const int alternate = GENERATE(0, 1, 2, 3);
    QueueOptionValues options = registry.defaults();
    const std::vector<std::vector<std::pair<std::string, std::string>>> knob_sets{
        {},
        {{"batch", "1"},
         {"red-occupancy", "work"},
         {"red-gentle", "off"},
         {"red-byte-mode", "on"},
         {"red4-cost", "packet"},
         {"red4mq-flow-cap", "4"},
         {"drr-quantum", "0.3"},
         {"red-wq", "0.05"}},
        {{"batch", "3"},
         {"batch-mode", "committed"},
         {"fq-flow-cap", "3"},
         {"red4mq-flow-cap", "3"}},
        {{"batch", "3"}, {"batch-mode", "greedy"}, {"fq-overflow", "tail"}}};
    for (const auto& [k, val] : knob_sets[static_cast<size_t>(alternate)])
        if (options.has(k)) options.set(k, val);

    // A CPU at 1 GHz; five flows with different mean costs (1..5 µs) and noise, so cost-aware
    // disciplines see unequal and random costs. The cheapest expected packet costs ~1 µs.
    const SimTime typical_cost = SimTime::from_us(1);
    const std::vector<Workload> workloads{
        {QueueLimits::in_packets(1), 1, 1.5},
        {QueueLimits::in_packets(8), 2, 1.2},
        {QueueLimits::in_packets(64), 3, 2.0},
        {QueueLimits::in_bytes(20000), 4, 1.5},
        {[] {
             QueueLimits l;
             l.work = SimTime::from_us(30);
             return l;
         }(),
         5, 1.5},
        {QueueLimits{}, 6, 0.9},  // unlimited: only AQM drops
    };
    for (const Workload& w : workloads) {
        DYNAMIC_SECTION(name << (alternate ? " (option set " + std::to_string(alternate) + ")" : "")
                             << ", limits " << w.limits.packets << " pkts / " << w.limits.bytes
                             << " B, seed " << w.seed) {
            Simulation sim(w.seed);
            ServiceModel cpu = ServiceModel::cpu(1e9, CpuCost::normal(1000, 100));
            for (uint32_t f = 1; f < 5; ++f)
                cpu.set_flow_cost(f, CpuCost::normal(1000.0 * (f + 1), 100.0 * (f + 1)));
            QueueEnv env{sim.events(), sim.pool(), sim.make_rng(), w.limits, options, typical_cost};
            Server server(sim.events(), sim.make_rng(), cpu, registry.make(name, env));
            Violations v;
            Harness h(sim, server, w, 5, SimTime::from_us(3), 6000, v);
            while (sim.events().step()) {
            }
            INFO(v.first);
            CHECK(v.first.empty());
            CHECK(h.sent() == 6000);
            CHECK(sim.pool().in_use() == 0);  // drained: everything delivered or dropped
            CHECK(h.delivered() > 0);
            CHECK(server.queue().kind() == name);
        }
    }
}

TEST_CASE("every registered queue accepts its defaults and rejects bad values with the flag",
          "[queues][generic]") {
    const QueueRegistry& registry = builtin_queues();
    const std::string name = GENERATE(from_range(builtin_queues().names()));
    const QueueType* type = registry.find(name);
    REQUIRE(type);
    CHECK(!type->summary.empty());
    Simulation sim(1);
    for (const QueueOption& o : type->options) {
        INFO(name << " --" << o.name);
        CHECK(!o.help.empty());
        // A value no option accepts: every typed read or validation must name the flag.
        QueueOptionValues bad = registry.defaults();
        bad.set(o.name, o.type == QueueOption::Type::Bool ? "maybe" : "-7x");
        QueueEnv env{sim.events(),  sim.pool(), sim.make_rng(),
                     QueueLimits{}, bad,        SimTime::from_us(1)};
        try {
            (void)registry.make(name, env);
            FAIL("accepted a malformed value");
        } catch (const InputError& e) {
            CHECK(std::string(e.what()).find("--" + o.name) != std::string::npos);
        }
    }
}

TEST_CASE("every registered queue step-marks ECN-capable arrivals above --mark-k-pkts",
          "[queues][generic]") {
    // The rule (DCTCP's switch marking, implemented once in the Queue base class): an
    // ECN-capable packet admitted while K or more packets are queued leaves with CE; a packet
    // that is not ECN-capable is never marked by it. 40 arrivals of 4 flows with nothing served,
    // no buffer limit, K = 5: arrivals 6..40 (those that find >= 5 queued) must be marked,
    // whatever else the discipline's own AQM does.
    const QueueRegistry& registry = builtin_queues();
    const std::string name = GENERATE(from_range(builtin_queues().names()));
    INFO(name);
    QueueOptionValues options = registry.defaults();
    options.set("mark-k-pkts", "5");
    Simulation sim(1);
    QueueEnv env{sim.events(),  sim.pool(), sim.make_rng(),
                 QueueLimits{}, options,    SimTime::from_us(1)};
    std::unique_ptr<Queue> q = registry.make(name, env);
    CHECK(q->mark_threshold_pkts() == 5);
    std::vector<bool> must_mark(41, false), ect(41, false);
    for (uint64_t i = 1; i <= 40; ++i) {
        Packet& p = corelink::testing::make_packet(sim, static_cast<uint32_t>(i % 4), 1000, i);
        p.cost = SimTime::from_us(1);
        ect[i] = i % 5 != 0;  // every fifth packet is not ECN-capable
        if (ect[i]) p.flags = pkt_flags::kEcnCapable;
        must_mark[i] = ect[i] && q->packets() >= 5;
        q->enqueue(p);
    }
    uint64_t out = 0;
    while (Packet* p = q->dequeue()) {
        ++out;
        if (must_mark[p->seqno]) CHECK(p->has(pkt_flags::kEcnCe));
        if (!ect[p->seqno]) CHECK_FALSE(p->has(pkt_flags::kEcnCe));
        sim.pool().release(*p);
    }
    // Step marking never drops; the buffer is unlimited, so only the discipline's own AQM may
    // drop (non-ECN-capable packets, or per-flow caps): every packet is served or counted.
    CHECK(out + q->stats().dropped_total() == 40);
    // Arrivals 6..40 found >= 5 queued unless earlier ones were dropped; of those 35, 7 are not
    // ECN-capable, so at least 28 marks when nothing was dropped.
    if (q->stats().dropped_total() == 0) CHECK(q->stats().marked_pkts >= 28);

    SECTION("K = 0 turns it off, a negative K is refused naming the flag") {
        options.set("mark-k-pkts", "-1");
        QueueEnv bad{sim.events(),  sim.pool(), sim.make_rng(),
                     QueueLimits{}, options,    SimTime::from_us(1)};
        CHECK_THROWS_WITH(registry.make(name, bad), Catch::Contains("--mark-k-pkts"));
    }
}
