// A custom topology built from corelink's parts: the "parking lot". Two links in series; a long
// flow crosses both, and each link also carries one short flow of its own:
//
//   long  ──► [link A] ──► [link B] ──► pipe ──► sink
//   short A ─► [link A] ─────────────► pipe ──► sink
//   short B ──────────► [link B] ────► pipe ──► sink
//   (every ACK returns over an uncongested reverse pipe)
//
// Link A queues with the custom HeadDropQueue (head_drop_queue.h) and link B with corelink's own
// drop-tail. Prints each flow's goodput and checks that every link's goodput stays within its
// capacity and that all three flows got data through; exits 1 if not.
#include <cstdio>
#include <memory>
#include <vector>

#include "head_drop_queue.h"
#include "queues/droptail_queue.h"
#include "src/pipe.h"
#include "src/server.h"
#include "src/simulation.h"
#include "tcp/tcp_sink.h"
#include "tcp/tcp_src.h"

using namespace corelink;

int main() {
    Simulation sim(/*seed=*/1);
    const double link_bps = 20e6;
    const QueueLimits buffer = QueueLimits::in_packets(30);

    Server link_a(sim.events(), sim.make_rng(), ServiceModel::link(link_bps),
                  std::make_unique<HeadDropQueue>(sim.events(), sim.pool(), buffer), "A");
    Server link_b(sim.events(), sim.make_rng(), ServiceModel::link(link_bps),
                  std::make_unique<DropTailQueue>(sim.events(), sim.pool(), buffer), "B");
    Pipe forward(sim.events(), SimTime::from_ms(5));
    Pipe reverse(sim.events(), SimTime::from_ms(5));

    TcpConfig tcp;
    std::vector<std::unique_ptr<TcpSrc>> srcs;
    std::vector<std::unique_ptr<TcpSink>> sinks;
    // Routes must outlive every packet on them: reserve, so the vectors never move them.
    std::vector<Route> routes;
    routes.reserve(6);
    const std::vector<std::vector<PacketSink*>> paths = {
        {&link_a, &link_b}, {&link_a}, {&link_b}};  // long, short A, short B
    for (uint32_t id = 0; id < paths.size(); ++id) {
        auto& src = srcs.emplace_back(std::make_unique<TcpSrc>(sim, id, tcp));
        auto& sink = sinks.emplace_back(std::make_unique<TcpSink>(sim, tcp.ack_bytes));
        std::vector<PacketSink*> hops = paths[id];
        hops.push_back(&forward);
        hops.push_back(sink.get());
        const Route& data = routes.emplace_back(hops);
        sink->set_ack_route(routes.emplace_back(std::vector<PacketSink*>{&reverse, src.get()}));
        src->connect(data, *sink, SimTime::from_ms(id));
    }

    const SimTime warmup = SimTime::from_sec(1), end = SimTime::from_sec(4);
    sim.events().run_until(warmup);
    std::vector<uint64_t> acked0;
    for (auto& s : srcs) acked0.push_back(s->bytes_acked());
    sim.events().run_until(end);

    const char* names[] = {"long (A+B)", "short A", "short B"};
    std::vector<double> mbps;
    for (size_t i = 0; i < srcs.size(); ++i) {
        mbps.push_back(rate_bps(srcs[i]->bytes_acked() - acked0[i], end - warmup) / 1e6);
        std::printf("%-11s %7.3f Mb/s  retransmits %llu\n", names[i], mbps[i],
                    static_cast<unsigned long long>(srcs[i]->retransmissions()));
    }
    std::printf("link A (%s) drops %llu, link B (%s) drops %llu\n",
                std::string(link_a.queue().kind()).c_str(),
                static_cast<unsigned long long>(link_a.queue().stats().dropped_total()),
                std::string(link_b.queue().kind()).c_str(),
                static_cast<unsigned long long>(link_b.queue().stats().dropped_total()));

    // Goodput on a link cannot exceed its rate (payload counts the whole 1500-byte packet).
    const double cap = link_bps / 1e6 * 1.0001;
    const bool ok = mbps[0] + mbps[1] <= cap && mbps[0] + mbps[2] <= cap && mbps[0] > 0 &&
                    mbps[1] > 0 && mbps[2] > 0;
    std::printf("%s\n", ok ? "ok" : "FAILED: a link carried more than its rate or a flow starved");
    return ok ? 0 : 1;
}
