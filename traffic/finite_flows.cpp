#include "traffic/finite_flows.h"

#include <algorithm>
#include <cassert>

#include "mptcp/mptcp_sink.h"
#include "mptcp/mptcp_src.h"
#include "tcp/tcp_sink.h"
#include "tcp/tcp_src.h"

namespace corelink {

struct FiniteFlows::Slot {
    // The three places a slot sees one subflow's packets.
    class Hop final : public PacketSink {
    public:
        enum Kind : uint8_t { kFirstHop, kDataGate, kAckGate };
        Hop(Slot& slot, Kind kind, uint32_t subflow)
            : slot_(slot), subflow_(subflow), kind_(kind) {}
        void receive(Packet& p) override { slot_.on_packet(kind_, subflow_, p); }

    private:
        Slot& slot_;
        uint32_t subflow_;
        Kind kind_;
    };

    // One subflow's hops; the sender's route is one hop, which forwards onto the shared route.
    struct Path {
        Path(Slot& slot, uint32_t i)
            : first_hop(slot, Hop::kFirstHop, i),
              data_gate(slot, Hop::kDataGate, i),
              ack_gate(slot, Hop::kAckGate, i),
              first_route(std::vector<PacketSink*>{&first_hop}) {}
        Hop first_hop, data_gate, ack_gate;
        Route first_route;
        const Route* data_route = nullptr;
    };

    Slot(FiniteFlows& pool, uint32_t slot_id, uint32_t subflows) : owner(pool), id(slot_id) {
        for (uint32_t i = 0; i < subflows; ++i) paths.push_back(std::make_unique<Path>(*this, i));
    }

    // The connection's sender and receiver of subflow i (TCP has one).
    TcpSrc& sender(uint32_t i) { return tcp_src ? *tcp_src : mptcp_src->subflow(i); }
    PacketSink& receiver(uint32_t i) {
        if (tcp_sink) return *tcp_sink;
        return mptcp_sink->subflow(i);
    }
    bool has_endpoints() const { return tcp_src || mptcp_src; }
    // Checked after subflow i took an ACK: only a subflow finishing can finish the connection.
    bool connection_finished(uint32_t i) {
        if (!sender(i).finished()) return false;
        return tcp_src || mptcp_src->finished();
    }
    SimTime finish_time() const {
        return tcp_src ? tcp_src->finish_time() : mptcp_src->finish_time();
    }
    void release_endpoints() {
        tcp_src.reset();
        tcp_sink.reset();
        mptcp_src.reset();
        mptcp_sink.reset();
    }

    void note_timer(uint32_t i) {
        const SimTime t = owner.sim_.now() + sender(i).rto();
        if (t > timer_bound) timer_bound = t;
    }

    void on_packet(Hop::Kind kind, uint32_t i, Packet& p) {
        Simulation& sim = owner.sim_;
        switch (kind) {
            case Hop::kFirstHop:
                // Sent by this slot's live sender: it may just have armed its timer.
                note_timer(i);
                p.send_on(*paths[i]->data_route);
                return;
            case Hop::kDataGate:
                if (!has_endpoints() || p.sent_time < start) break;
                receiver(i).receive(p);
                return;
            case Hop::kAckGate:
                if (!has_endpoints() || p.sent_time < start) break;
                sender(i).receive(p);
                note_timer(i);
                if (running && connection_finished(i)) owner.on_finished(*this);
                return;
        }
        sim.pool().release(p);  // a packet of an earlier flow in this slot
    }

    FiniteFlows& owner;
    uint32_t id;
    std::vector<std::unique_ptr<Path>> paths;  // one per subflow; hops must not move
    // TCP: tcp_src and tcp_sink; MPTCP: mptcp_src and mptcp_sink. None while the slot is idle.
    std::unique_ptr<TcpSrc> tcp_src;
    std::unique_ptr<TcpSink> tcp_sink;
    std::unique_ptr<MptcpSrc> mptcp_src;
    std::unique_ptr<MptcpSink> mptcp_sink;
    SimTime start;
    SimTime timer_bound;
    size_t record = 0;
    bool running = false;
};

FiniteFlows::FiniteFlows(Simulation& sim, FlowNetwork& net, const FiniteFlowsConfig& cfg)
    : sim_(sim), net_(net), cfg_(cfg) {
    assert(cfg.subflows >= 1 && cfg.tcp.flow_size_bytes == 0);
}

FiniteFlows::FiniteFlows(Simulation& sim, FlowNetwork& net, const TcpConfig& tcp)
    : FiniteFlows(sim, net, FiniteFlowsConfig{tcp, 1, MptcpCc::Lia}) {}

FiniteFlows::~FiniteFlows() = default;

void FiniteFlows::recycle_drained() {
    // Strictly after the bound: an entry due exactly now may not have fired yet.
    while (!draining_.empty() && draining_.top().first < sim_.now()) {
        Slot& s = *slots_[draining_.top().second];
        draining_.pop();
        s.release_endpoints();
        free_.push_back(s.id);
    }
}

void FiniteFlows::start_flow(const FlowArrival& a) {
    assert(a.size_bytes > 0 && a.src != a.dst);
    const uint32_t n = cfg_.subflows;
    recycle_drained();
    if (free_.empty()) {
        const auto id = static_cast<uint32_t>(slots_.size());
        slots_.push_back(std::make_unique<Slot>(*this, id, n));
        for (uint32_t i = 0; i < n; ++i) {
            Slot::Path& p = *slots_.back()->paths[i];
            net_.attach(id * n + i, p.data_gate, p.ack_gate);
        }
        free_.push_back(id);
    }
    Slot& s = *slots_[free_.back()];
    free_.pop_back();

    const uint64_t conn = next_key_++;
    s.start = sim_.now();
    s.timer_bound = s.start;
    s.running = true;
    s.record = records_.size();
    if (n == 1) {
        TcpConfig cfg = cfg_.tcp;
        cfg.flow_size_bytes = a.size_bytes;
        Slot::Path& p = *s.paths[0];
        p.data_route = &net_.data_route(a.src, a.dst, conn);
        s.tcp_sink = std::make_unique<TcpSink>(sim_, cfg.ack_bytes);
        s.tcp_sink->set_ack_route(net_.ack_route(a.src, a.dst, conn));
        s.tcp_src = std::make_unique<TcpSrc>(sim_, s.id, cfg);
        s.tcp_src->connect(p.first_route, *s.tcp_sink, s.start);
    } else {
        s.mptcp_src = std::make_unique<MptcpSrc>(sim_, cfg_.cc, cfg_.tcp, a.size_bytes);
        s.mptcp_sink = std::make_unique<MptcpSink>(sim_, cfg_.tcp.mss_bytes, cfg_.tcp.ack_bytes);
        for (uint32_t i = 0; i < n; ++i) {
            const uint64_t key = conn * n + i;
            Slot::Path& p = *s.paths[i];
            p.data_route = &net_.data_route(a.src, a.dst, key);
            MptcpSubflowSink& end = s.mptcp_sink->add_subflow(net_.ack_route(a.src, a.dst, key));
            s.mptcp_src->add_subflow(s.id * n + i).connect(p.first_route, end.tcp(), s.start);
        }
    }

    // The base RTT is that of the flow's first packet (on its first subflow's path): a
    // one-packet flow of 300 bytes is not expected to wait for a full-size packet's
    // serialisation.
    const auto first_packet_bytes =
        static_cast<uint32_t>(std::min<uint64_t>(a.size_bytes, cfg_.tcp.mss_bytes));
    FlowRecord r;
    r.src = a.src;
    r.dst = a.dst;
    r.size_bytes = a.size_bytes;
    r.start = s.start;
    r.ideal = serialization_time(a.size_bytes, net_.host_rate_bps(a.src)) +
              net_.base_rtt(a.src, a.dst, conn * n, first_packet_bytes, cfg_.tcp.ack_bytes);
    records_.push_back(r);
    ++active_;
}

void FiniteFlows::on_finished(Slot& s) {
    s.running = false;
    records_[s.record].fct = s.finish_time() - s.start;
    ++finished_;
    --active_;
    if (s.tcp_src) {
        handed_out_ += s.tcp_src->highest_sent();
        acked_ += s.tcp_src->bytes_acked();
        delivered_ += s.tcp_sink->cumulative_ack();
        retransmissions_ += s.tcp_src->retransmissions();
    } else {
        handed_out_ += s.mptcp_src->data_bytes_sent();
        acked_ += s.mptcp_src->subflow_bytes_acked();
        delivered_ += s.mptcp_sink->data_ack();
        for (size_t i = 0; i < s.mptcp_src->subflows(); ++i)
            retransmissions_ += s.mptcp_src->subflow(i).retransmissions();
    }
    draining_.emplace(s.timer_bound, s.id);
}

}  // namespace corelink
