// Small elements and paths for the TCP tests: a tap that observes the sender after each ACK, a
// dropper that loses chosen packets, and a CE marker.
#pragma once

#include <functional>
#include <memory>
#include <set>

#include "queues/droptail_queue.h"
#include "src/pipe.h"
#include "src/server.h"
#include "src/simulation.h"
#include "tcp/tcp_sink.h"
#include "tcp/tcp_src.h"

namespace corelink::testing {

// Forwards a packet, then calls `after` (so an ACK tap sees the sender's state after the ACK).
class Tap final : public PacketSink {
public:
    void receive(Packet& p) override {
        p.send_on();
        if (after) after();
    }
    std::function<void()> after;
};

// Drops the first transmission of chosen data packets (by packet index: seqno = index*mss + 1),
// or every packet while drop_all is set.
class Dropper final : public PacketSink {
public:
    Dropper(PacketPool& pool, uint32_t mss) : pool_(pool), mss_(mss) {}
    void drop_first_transmission_of(uint64_t packet_index) { pending_.insert(packet_index); }
    void receive(Packet& p) override {
        const uint64_t index = (p.seqno - 1) / mss_;
        if (drop_all || pending_.erase(index) > 0) {
            ++dropped;
            pool_.release(p);
            return;
        }
        p.send_on();
    }
    bool drop_all = false;
    uint64_t dropped = 0;

private:
    PacketPool& pool_;
    uint32_t mss_;
    std::set<uint64_t> pending_;
};

// Sets CE on the first transmission of chosen data packets.
class CeMarker final : public PacketSink {
public:
    explicit CeMarker(uint32_t mss) : mss_(mss) {}
    void mark_first_transmission_of(uint64_t packet_index) { pending_.insert(packet_index); }
    void receive(Packet& p) override {
        if (pending_.erase((p.seqno - 1) / mss_) > 0) {
            p.flags |= pkt_flags::kEcnCe;
            ++marked;
        }
        p.send_on();
    }
    uint64_t marked = 0;

private:
    uint32_t mss_;
    std::set<uint64_t> pending_;
};

// One flow: src -> [dropper] -> [marker] -> [optional link] -> pipe -> sink -> pipe -> tap -> src.
// With no link the path has no queueing and no serialisation: every window arrives at once.
struct TcpPath {
    TcpPath(TcpConfig cfg, SimTime rtt, double link_rate_bps = 0.0, uint64_t queue_pkts = 0,
            uint64_t seed = 1)
        : sim(seed),
          fwd(sim.events(), rtt / 2),
          rev(sim.events(), rtt / 2),
          dropper(sim.pool(), cfg.mss_bytes),
          marker(cfg.mss_bytes),
          sink(sim, cfg.ack_bytes),
          src(sim, 0, cfg) {
        data.push_back(dropper);
        data.push_back(marker);
        if (link_rate_bps > 0.0) {
            link = std::make_unique<Server>(
                sim.events(), sim.make_rng(), ServiceModel::link(link_rate_bps),
                std::make_unique<DropTailQueue>(sim.events(), sim.pool(),
                                                QueueLimits::in_packets(queue_pkts)));
            data.push_back(*link);
        }
        data.push_back(fwd);
        data.push_back(sink);
        ack.push_back(rev);
        ack.push_back(tap);
        ack.push_back(src);
        sink.set_ack_route(ack);
    }
    void start(SimTime at = SimTime::zero()) { src.connect(data, sink, at); }
    void run_until(SimTime t) { sim.events().run_until(t); }

    Simulation sim;
    Pipe fwd, rev;
    Dropper dropper;
    CeMarker marker;
    Tap tap;
    std::unique_ptr<Server> link;
    TcpSink sink;
    TcpSrc src;
    Route data, ack;
};

}  // namespace corelink::testing
