// Long-run MPTCP behaviour against RFC 6356's goals (docs/algorithms.md §4.2): "improve throughput"
// over disjoint paths and "do no harm" at a shared bottleneck.
#include <catch2/catch.hpp>

#include <memory>
#include <vector>

#include "mptcp/mptcp_sink.h"
#include "mptcp/mptcp_src.h"
#include "queues/droptail_queue.h"
#include "queues/red_queue.h"
#include "src/pipe.h"
#include "src/server.h"
#include "tcp/tcp_sink.h"
#include "tcp/tcp_src.h"

using namespace corelink;

namespace {

constexpr double kLinkBps = 10e6;
const SimTime kRtt = SimTime::from_ms(20);
constexpr uint64_t kBufferPkts = 40;  // >= one BDP (16.7 packets): a lone Reno flow fills a link

// Links, each followed by the forward half of the RTT; ACKs return over an uncongested pipe.
struct Net {
    // `red`: RED with thresholds at 1/4 and 3/4 of the buffer instead of drop-tail.
    explicit Net(size_t links, uint64_t seed = 1, bool red = false) : sim(seed) {
        for (size_t i = 0; i < links; ++i) {
            std::unique_ptr<Queue> q;
            const QueueLimits limits = QueueLimits::in_packets(kBufferPkts);
            if (red) {
                RedParams rp;
                rp.min_th = kBufferPkts / 4.0;
                rp.max_th = kBufferPkts * 3.0 / 4.0;
                q = std::make_unique<RedQueue>(sim.events(), sim.pool(), limits, rp,
                                               serialization_time(1500, kLinkBps), sim.make_rng());
            } else {
                q = std::make_unique<DropTailQueue>(sim.events(), sim.pool(), limits);
            }
            servers.push_back(std::make_unique<Server>(sim.events(), sim.make_rng(),
                                                       ServiceModel::link(kLinkBps), std::move(q)));
            fwd.push_back(std::make_unique<Pipe>(sim.events(), kRtt / 2));
        }
        rev = std::make_unique<Pipe>(sim.events(), kRtt / 2);
        routes.reserve(64);  // routes are referenced by address: never reallocate
    }
    Route& data_route(size_t link, PacketSink& end) {
        return routes.emplace_back(
            std::vector<PacketSink*>{servers[link].get(), fwd[link].get(), &end});
    }
    Route& ack_route(PacketSink& src) {
        return routes.emplace_back(std::vector<PacketSink*>{rev.get(), &src});
    }
    void add_tcp(size_t link, uint32_t flow_id) {
        auto& src = tcps.emplace_back(std::make_unique<TcpSrc>(sim, flow_id, TcpConfig{}));
        auto& sink = tcp_sinks.emplace_back(std::make_unique<TcpSink>(sim));
        sink->set_ack_route(ack_route(*src));
        src->connect(data_route(link, *sink), *sink, SimTime::from_ms(3.0 * flow_id));
    }
    // One MPTCP connection with a subflow over each link in `links`.
    void add_mptcp(const std::vector<size_t>& links, uint32_t first_flow_id,
                   MptcpCc cc = MptcpCc::Lia) {
        mptcp = std::make_unique<MptcpSrc>(sim, cc, TcpConfig{});
        msink = std::make_unique<MptcpSink>(sim, TcpConfig{}.mss_bytes);
        for (size_t k = 0; k < links.size(); ++k) {
            MptcpSubflow& sub = mptcp->add_subflow(first_flow_id + static_cast<uint32_t>(k));
            MptcpSubflowSink& end = msink->add_subflow(ack_route(sub));
            sub.connect(data_route(links[k], end), end.tcp(), SimTime::from_ms(1.0 + 2.0 * k));
        }
    }

    Simulation sim;
    std::vector<std::unique_ptr<Server>> servers;
    std::vector<std::unique_ptr<Pipe>> fwd;
    std::unique_ptr<Pipe> rev;
    std::vector<Route> routes;
    std::vector<std::unique_ptr<TcpSrc>> tcps;
    std::vector<std::unique_ptr<TcpSink>> tcp_sinks;
    std::unique_ptr<MptcpSrc> mptcp;
    std::unique_ptr<MptcpSink> msink;
};

const SimTime kWarmup = SimTime::from_sec(5);
const SimTime kEnd = SimTime::from_sec(35);

double tcp_alone_mbps() {
    Net net(1);
    net.add_tcp(0, 0);
    net.sim.events().run_until(kWarmup);
    const uint64_t a0 = net.tcps[0]->bytes_acked();
    net.sim.events().run_until(kEnd);
    return rate_bps(net.tcps[0]->bytes_acked() - a0, kEnd - kWarmup) / 1e6;
}

}  // namespace

TEST_CASE("MPTCP over two disjoint equal links gets at least 1.8x one TCP on one link",
          "[mptcp][slow]") {
    // RFC 6356 goal 1 (improve throughput) and resource pooling: with nobody else on either link,
    // each subflow fills its link, so the connection gets ~2x a single TCP. docs/algorithms.md §4 /
    // the issue ask for >= 1.8x; checked for every controller. Fully coupled empties a path on each
    // of its losses (w_i - w_tot/2 ~ 0, Wischik et al. NSDI 2011), so it needs the buffer of
    // 2.4 BDP to keep the links busy (with 1.2 BDP it gets 1.6x).
    const double one = tcp_alone_mbps();
    for (MptcpCc cc : {MptcpCc::Lia, MptcpCc::Olia, MptcpCc::Uncoupled, MptcpCc::FullyCoupled}) {
        Net net(2);
        net.add_mptcp({0, 1}, 0, cc);
        net.sim.events().run_until(kWarmup);
        const uint64_t d0 = net.msink->data_ack();
        net.sim.events().run_until(kEnd);
        const double mp = rate_bps(net.msink->data_ack() - d0, kEnd - kWarmup) / 1e6;
        INFO(mptcp_cc_name(cc) << ": MPTCP " << mp << " Mb/s, one TCP " << one << " Mb/s");
        CHECK(mp >= 1.8 * one);
        // Connection-level delivery keeps up with the subflows: nothing is stuck in reassembly.
        CHECK(net.msink->out_of_order_pieces() < 200);
    }
}

TEST_CASE("LIA MPTCP sharing one bottleneck with one TCP takes 0.8-1.25x what the TCP gets",
          "[mptcp][slow]") {
    // RFC 6356 goal 2 (do no harm) and docs/algorithms.md §4.2 oracle (3): two LIA subflows on one
    // bottleneck have alpha = 1/2 between them and together behave like one Reno flow, *if* every
    // packet sees the same loss probability, as the RFC's analysis assumes. RED gives that. On a
    // deterministic drop-tail queue the packet that overflows the buffer is the extra one a
    // window increase sends, so drops fall on flows in proportion to how fast they grow, and
    // LIA's gentler growth is hit less: measured ratios 1.2-1.6 for buffers of 80-20 packets.
    // Three seeds (RED's random streams) are pooled.
    double mp_total = 0.0, tcp_total = 0.0;
    for (uint64_t seed = 1; seed <= 3; ++seed) {
        Net net(1, seed, /*red=*/true);
        net.add_tcp(0, 0);
        net.add_mptcp({0, 0}, 1);
        net.sim.events().run_until(kWarmup);
        const uint64_t d0 = net.msink->data_ack(), t0 = net.tcps[0]->bytes_acked();
        net.sim.events().run_until(SimTime::from_sec(65));
        mp_total += static_cast<double>(net.msink->data_ack() - d0);
        // Retransmissions (fast and after timeouts) carry their first transmission's data_seq:
        // every distinct packet the subflow sinks hold is exactly one piece the connection
        // delivered or holds.
        uint64_t subflow_pieces = 0;
        for (size_t k = 0; k < net.msink->subflows(); ++k) {
            const TcpSink& t = net.msink->subflow(k).tcp();
            subflow_pieces += t.cumulative_ack() / 1500 + t.out_of_order_segments();
        }
        CHECK(net.msink->data_ack() / 1500 + net.msink->out_of_order_pieces() == subflow_pieces);
        CHECK(net.mptcp->subflow(0).retransmissions() > 0);
        tcp_total += static_cast<double>(net.tcps[0]->bytes_acked() - t0);
    }
    const double ratio = mp_total / tcp_total;
    INFO("MPTCP / TCP = " << ratio);
    CHECK(ratio >= 0.8);
    CHECK(ratio <= 1.25);
}

TEST_CASE("uncoupled MPTCP on one bottleneck takes more than its share (why coupling exists)",
          "[mptcp][slow]") {
    // docs/algorithms.md §4.1: two uncoupled subflows are two Reno flows, so against one TCP they
    // take about 2/3 of the link: a ratio near 2, well above LIA's.
    Net net(1);
    net.add_tcp(0, 0);
    net.add_mptcp({0, 0}, 1, MptcpCc::Uncoupled);
    net.sim.events().run_until(kWarmup);
    const uint64_t d0 = net.msink->data_ack(), t0 = net.tcps[0]->bytes_acked();
    net.sim.events().run_until(kEnd);
    const double ratio = static_cast<double>(net.msink->data_ack() - d0) /
                         static_cast<double>(net.tcps[0]->bytes_acked() - t0);
    INFO("uncoupled MPTCP / TCP = " << ratio);
    CHECK(ratio > 1.4);
}
