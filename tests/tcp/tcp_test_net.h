// Small elements and paths for the TCP tests: sender configs, a tap that observes the sender
// after each ACK, a dropper that loses chosen packets, a CE marker, and for the sink alone an ACK
// recorder and a way to hand it numbered segments.
#pragma once

#include <functional>
#include <memory>
#include <set>
#include <utility>
#include <vector>

#include "queues/droptail_queue.h"
#include "src/pipe.h"
#include "src/server.h"
#include "src/simulation.h"
#include "tcp/tcp_sink.h"
#include "tcp/tcp_src.h"
#include "test_sinks.h"

namespace corelink::testing {

constexpr uint32_t kMss = 1500;  // TcpConfig's default
constexpr double kMssD = kMss;

// A sender: initial window and ssthresh in packets, and the variant.
inline TcpConfig tcp_config(uint32_t iw_pkts, double ssthresh_pkts,
                            TcpVariant variant = TcpVariant::NewReno) {
    TcpConfig cfg;
    cfg.initial_window_pkts = iw_pkts;
    cfg.initial_ssthresh_pkts = ssthresh_pkts;
    cfg.apply(variant);
    return cfg;
}

// Collects the ACKs a sink sends, in place of a sender.
class AckRecorder final : public PacketSink {
public:
    explicit AckRecorder(Simulation& sim) : sim_(sim) {}
    void receive(Packet& p) override {
        acks.push_back(p.ackno);
        times.push_back(sim_.now());
        echoes.push_back(p.sent_time);
        ece.push_back(p.has(pkt_flags::kEcnEcho));
        sizes.push_back(p.size_bytes);
        kinds.push_back(p.kind);
        std::vector<std::pair<uint64_t, uint64_t>> b;
        for (const SackBlock& s : p.sack_blocks())
            b.emplace_back(p.ackno + s.first_offset, p.ackno + s.last_offset);
        blocks.push_back(b);
        sim_.pool().release(p);
    }
    std::vector<uint64_t> acks;
    std::vector<SimTime> times;   // when each ACK left the sink
    std::vector<SimTime> echoes;  // the send time it echoes
    std::vector<bool> ece;
    std::vector<uint32_t> sizes;
    std::vector<PacketKind> kinds;
    std::vector<std::vector<std::pair<uint64_t, uint64_t>>> blocks;  // [first, last] byte

private:
    Simulation& sim_;
};

// Segments of 1000 bytes for sink tests: segment i holds bytes [1000 i + 1, 1000 (i + 1)].
constexpr uint32_t kSegBytes = 1000;
inline void deliver_segment(Simulation& sim, TcpSink& sink, uint64_t index, uint8_t flags = 0,
                            SimTime sent = SimTime::zero()) {
    Packet& p = make_packet(sim, 7, kSegBytes, index * kSegBytes + 1);
    p.flags = flags;
    p.sent_time = sent;
    sink.receive(p);
}

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
