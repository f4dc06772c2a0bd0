#include "traffic/finite_flows.h"

#include <algorithm>
#include <cassert>

namespace corelink {

struct FiniteFlows::Slot {
    // The three places a slot sees its flow's packets.
    class Hop final : public PacketSink {
    public:
        enum Kind : uint8_t { kFirstHop, kDataGate, kAckGate };
        Hop(Slot& slot, Kind kind) : slot_(slot), kind_(kind) {}
        void receive(Packet& p) override { slot_.on_packet(kind_, p); }

    private:
        Slot& slot_;
        Kind kind_;
    };

    Slot(FiniteFlows& pool, uint32_t slot_id)
        : owner(pool),
          id(slot_id),
          first_hop(*this, Hop::kFirstHop),
          data_gate(*this, Hop::kDataGate),
          ack_gate(*this, Hop::kAckGate),
          first_route(std::vector<PacketSink*>{&first_hop}) {}

    void note_timer() {
        const SimTime t = owner.sim_.now() + src->rto();
        if (t > timer_bound) timer_bound = t;
    }

    void on_packet(Hop::Kind kind, Packet& p) {
        Simulation& sim = owner.sim_;
        switch (kind) {
            case Hop::kFirstHop:
                // Sent by this slot's live sender: it may just have armed its timer.
                note_timer();
                p.send_on(*data_route);
                return;
            case Hop::kDataGate:
                if (!sink || p.sent_time < start) break;
                sink->receive(p);
                return;
            case Hop::kAckGate:
                if (!src || p.sent_time < start) break;
                src->receive(p);
                note_timer();
                if (running && src->finished()) owner.on_finished(*this);
                return;
        }
        sim.pool().release(p);  // a packet of an earlier flow in this slot
    }

    FiniteFlows& owner;
    uint32_t id;
    Hop first_hop, data_gate, ack_gate;
    Route first_route;  // the sender's route: one hop, which forwards onto the shared route
    const Route* data_route = nullptr;
    std::unique_ptr<TcpSrc> src;
    std::unique_ptr<TcpSink> sink;
    SimTime start;
    SimTime timer_bound;
    size_t record = 0;
    bool running = false;
};

FiniteFlows::FiniteFlows(Simulation& sim, FlowNetwork& net, const TcpConfig& tcp)
    : sim_(sim), net_(net), tcp_(tcp) {}

FiniteFlows::~FiniteFlows() = default;

void FiniteFlows::recycle_drained() {
    // Strictly after the bound: an entry due exactly now may not have fired yet.
    while (!draining_.empty() && draining_.top().first < sim_.now()) {
        Slot& s = *slots_[draining_.top().second];
        draining_.pop();
        s.src.reset();
        s.sink.reset();
        free_.push_back(s.id);
    }
}

void FiniteFlows::start_flow(const FlowArrival& a) {
    assert(a.size_bytes > 0 && a.src != a.dst);
    recycle_drained();
    if (free_.empty()) {
        const auto id = static_cast<uint32_t>(slots_.size());
        slots_.push_back(std::make_unique<Slot>(*this, id));
        net_.attach(id, slots_.back()->data_gate, slots_.back()->ack_gate);
        free_.push_back(id);
    }
    Slot& s = *slots_[free_.back()];
    free_.pop_back();

    const uint64_t key = next_key_++;
    TcpConfig cfg = tcp_;
    cfg.flow_size_bytes = a.size_bytes;
    s.start = sim_.now();
    s.timer_bound = s.start;
    s.running = true;
    s.record = records_.size();
    s.data_route = &net_.data_route(a.src, a.dst, key);
    s.sink = std::make_unique<TcpSink>(sim_, cfg.ack_bytes);
    s.sink->set_ack_route(net_.ack_route(a.src, a.dst, key));
    s.src = std::make_unique<TcpSrc>(sim_, s.id, cfg);
    s.src->connect(s.first_route, *s.sink, s.start);

    // The base RTT is that of the flow's first packet: a one-packet flow of 300 bytes is not
    // expected to wait for a full-size packet's serialisation.
    const auto first_packet_bytes =
        static_cast<uint32_t>(std::min<uint64_t>(a.size_bytes, cfg.mss_bytes));
    FlowRecord r;
    r.src = a.src;
    r.dst = a.dst;
    r.size_bytes = a.size_bytes;
    r.start = s.start;
    r.ideal = serialization_time(a.size_bytes, net_.host_rate_bps(a.src)) +
              net_.base_rtt(a.src, a.dst, key, first_packet_bytes, cfg.ack_bytes);
    records_.push_back(r);
    ++active_;
}

void FiniteFlows::on_finished(Slot& s) {
    s.running = false;
    records_[s.record].fct = s.src->finish_time() - s.start;
    ++finished_;
    --active_;
    draining_.emplace(s.timer_bound, s.id);
}

}  // namespace corelink
