// A hand-wired FlowNetwork for tests: H hosts on one switch. Each host's uplink and downlink is a
// drop-tail queue + server at `rate_bps` + a pipe of `hop_delay`; a route is uplink, downlink and
// the demultiplexer that hands packets to endpoints by flow id.
//
// With `rails` > 1 every host has that many such links, each on its own switch (disjoint paths,
// as dual-homed hosts): a flow key k takes rail k mod rails both ways, and a host's rate is the
// sum of its rails'.
#pragma once

#include <memory>
#include <vector>

#include "queues/queue_registry.h"
#include "src/pipe.h"
#include "src/server.h"
#include "src/simulation.h"
#include "traffic/flow_network.h"

namespace corelink::test {

class StarNetwork final : public corelink::FlowNetwork {
public:
    StarNetwork(Simulation& sim, uint32_t hosts, double rate_bps, SimTime hop_delay,
                uint64_t buffer_pkts = 100, uint32_t rails = 1)
        : rails_(rails), rate_bps_(rate_bps), hop_delay_(hop_delay), demux_(*this) {
        const QueueOptionValues defaults = builtin_queues().defaults();
        for (uint32_t h = 0; h < 2 * hosts * rails; ++h) {
            const QueueEnv env{sim.events(),   sim.pool(),
                               sim.make_rng(), QueueLimits::in_packets(buffer_pkts),
                               defaults,       serialization_time(1500, rate_bps)};
            links_.push_back(std::make_unique<Server>(sim.events(), sim.make_rng(),
                                                      ServiceModel::link(rate_bps),
                                                      builtin_queues().make("droptail", env)));
            pipes_.push_back(std::make_unique<Pipe>(sim.events(), hop_delay));
        }
        for (uint32_t r = 0; r < rails; ++r) {
            const uint32_t base = 2 * hosts * r;
            for (uint32_t s = 0; s < hosts; ++s) {
                for (uint32_t d = 0; d < hosts; ++d) {
                    routes_.emplace_back(std::vector<PacketSink*>{
                        links_[base + 2 * s].get(), pipes_[base + 2 * s].get(),
                        links_[base + 2 * d + 1].get(), pipes_[base + 2 * d + 1].get(), &demux_});
                }
            }
        }
        hosts_ = hosts;
    }

    uint32_t hosts() const override { return hosts_; }
    double host_rate_bps(uint32_t) const override { return rate_bps_ * rails_; }
    const Route& data_route(uint32_t src, uint32_t dst, uint64_t key) override {
        return routes_[rail_base(key) + src * hosts_ + dst];
    }
    const Route& ack_route(uint32_t src, uint32_t dst, uint64_t key) override {
        return routes_[rail_base(key) + dst * hosts_ + src];
    }
    void attach(uint32_t flow_id, PacketSink& data, PacketSink& ack) override {
        if (flow_id >= data_.size()) {
            data_.resize(flow_id + 1, nullptr);
            ack_.resize(flow_id + 1, nullptr);
        }
        data_[flow_id] = &data;
        ack_[flow_id] = &ack;
    }
    SimTime base_rtt(uint32_t, uint32_t, uint64_t, uint32_t data_bytes,
                     uint32_t ack_bytes) const override {
        return (serialization_time(data_bytes, rate_bps_) + hop_delay_) * 2 +
               (serialization_time(ack_bytes, rate_bps_) + hop_delay_) * 2;
    }
    const Server& uplink(uint32_t host) const { return *links_[2 * host]; }

private:
    class Demux final : public PacketSink {
    public:
        explicit Demux(StarNetwork& net) : net_(net) {}
        void receive(Packet& p) override {
            (p.kind == PacketKind::Ack ? net_.ack_ : net_.data_)[p.flow_id]->receive(p);
        }

    private:
        StarNetwork& net_;
    };

    size_t rail_base(uint64_t key) const {
        return static_cast<size_t>(key % rails_) * hosts_ * hosts_;
    }

    uint32_t hosts_ = 0;
    uint32_t rails_;
    double rate_bps_;
    SimTime hop_delay_;
    Demux demux_;
    std::vector<std::unique_ptr<Server>> links_;
    std::vector<std::unique_ptr<Pipe>> pipes_;
    std::vector<Route> routes_;
    std::vector<PacketSink*> data_, ack_;
};

}  // namespace corelink::test
