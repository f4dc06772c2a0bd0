#include "topologies/nfv_pool.h"

#include <fmt/format.h>

#include <algorithm>
#include <numeric>

#include "fluid/max_min.h"
#include "src/input_error.h"
#include "topologies/ecmp.h"
#include "topologies/trace_registration.h"

namespace corelink {

NfvPoolNet::NfvPoolNet(Simulation& sim, const FabricShape& shape, const NfvPoolConfig& cfg)
    : sim_(sim), cfg_(cfg), shape_(shape) {
    const uint32_t hosts = shape.hosts();
    const uint32_t m = cfg.tier.middleboxes;
    if (m == 0 || m >= hosts) throw InputError("--middleboxes: must be in 1 .. hosts - 1");
    for (uint32_t i = 0; i < m; ++i)
        mb_hosts_.push_back(static_cast<uint32_t>(uint64_t{i} * hosts / m));
    std::vector<uint32_t> others;
    for (uint32_t h = 0; h < hosts; ++h) {
        if (std::find(mb_hosts_.begin(), mb_hosts_.end(), h) == mb_hosts_.end())
            others.push_back(h);
    }
    const auto n_conn = cfg.connections;
    if (n_conn == 0 || n_conn >= others.size()) {
        throw InputError("--connections: must be in 1 .. " + std::to_string(others.size() - 1) +
                         " (the hosts that are not middleboxes, less one)");
    }
    // Distinct sources and distinct destinations: shuffle the hosts, connection i goes from the
    // i-th to the (i + n)-th (cyclically), never to itself since n < hosts.
    Rng rng = sim.make_rng();
    for (size_t i = others.size(); i > 1; --i) std::swap(others[i - 1], others[rng.below(i)]);
    for (uint32_t i = 0; i < n_conn; ++i) {
        conns_.push_back({others[i], others[(i + n_conn) % others.size()]});
    }
    costs_ = assign_costs(cfg.cost, n_conn, rng);

    fabric_ = std::make_unique<Fabric>(sim, shape, cfg.links);
    NfvTierConfig tier_cfg = cfg.tier;
    tier_cfg.min_cost_units = *std::min_element(costs_.begin(), costs_.end());
    // The cheapest packet sets RED's units (and DRR's quantum): it must take at least 1 ps.
    if (cycles_time(tier_cfg.min_cost_units * cfg.tier.cost_unit_cycles, cfg.tier.cpu_hz) <
        SimTime::from_ps(1))
        throw InputError(fmt::format(
            "--cost-mix: the cheapest connection's packet ({} units of {} cycles at {} GHz) "
            "would take under 1 ps; use larger costs or --cost-unit-cycles",
            tier_cfg.min_cost_units, cfg.tier.cost_unit_cycles, cfg.tier.cpu_hz / 1e9));
    tier_ = std::make_unique<NfvTier>(sim, tier_cfg);

    const uint32_t n = cfg.subflows;
    const InstanceHash ihash(cfg.hash_seed ^ 0x5bd1e995ULL);
    LeastLoaded least(tier_->instances());
    const EcmpHash ecmp(cfg.hash_seed);
    routes_.reserve(2 * static_cast<size_t>(n_conn) * n);
    std::vector<uint32_t> links;
    Rng start_rng = sim.make_rng();
    auto start_time = [&] {
        return SimTime::from_ps(static_cast<int64_t>(
            start_rng.below(static_cast<uint64_t>(std::max<int64_t>(cfg.start_spread.ps(), 1)))));
    };
    auto fabric_leg = [&](uint32_t from, uint32_t to, uint32_t flow_id,
                          std::vector<PacketSink*>& hops) {
        links.clear();
        shape.path(from, to, ecmp.pick(flow_id, from, to, shape.path_count(from, to)), links);
        fabric_->append_hops(links, hops);
    };

    for (uint32_t c = 0; c < n_conn; ++c) {
        const Connection k = conns_[c];
        const uint32_t ll_instance =
            cfg.choice == InstanceChoice::LeastLoaded ? least.pick(costs_[c]) : 0;
        if (n > 1) {
            mptcp_srcs_.push_back(std::make_unique<MptcpSrc>(sim, cfg.cc, cfg.tcp));
            mptcp_sinks_.push_back(
                std::make_unique<MptcpSink>(sim, cfg.tcp.mss_bytes, cfg.tcp.ack_bytes));
        }
        for (uint32_t s = 0; s < n; ++s) {
            const uint32_t id = c * n + s;
            const uint32_t inst = cfg.choice == InstanceChoice::Hash
                                      ? ihash.pick(c, s, tier_->instances())
                                      : ll_instance;
            instance_.push_back(inst);
            tier_->set_cost(inst, id, costs_[c]);
            const uint32_t mb = mb_hosts_[tier_->middlebox_of(inst)];

            std::vector<PacketSink*> ack_hops;
            fabric_leg(k.dst, k.src, id, ack_hops);
            std::vector<PacketSink*> data_hops;
            fabric_leg(k.src, mb, id, data_hops);
            data_hops.push_back(&tier_->core(inst));
            fabric_leg(mb, k.dst, id, data_hops);

            TcpSrc* src = nullptr;
            PacketSink* data_end = nullptr;
            TcpSink* sink = nullptr;
            if (n == 1) {
                src = tcp_srcs_.emplace_back(std::make_unique<TcpSrc>(sim, id, cfg.tcp)).get();
                sink = tcp_sinks_.emplace_back(std::make_unique<TcpSink>(sim, cfg.tcp.ack_bytes))
                           .get();
                data_end = sink;
                ack_hops.push_back(src);
                sink->set_ack_route(routes_.emplace_back(std::move(ack_hops)));
            } else {
                MptcpSubflow& sub = mptcp_srcs_.back()->add_subflow(id);
                src = &sub;
                ack_hops.push_back(src);
                MptcpSubflowSink& end =
                    mptcp_sinks_.back()->add_subflow(routes_.emplace_back(std::move(ack_hops)));
                data_end = &end;
                sink = &end.tcp();
            }
            data_hops.push_back(data_end);
            src->connect(routes_.emplace_back(std::move(data_hops)), *sink, start_time());
        }
    }
}

const TcpSrc& NfvPoolNet::subflow_src(uint32_t flow_id) const {
    const uint32_t n = cfg_.subflows;
    if (n == 1) return *tcp_srcs_[flow_id];
    return mptcp_srcs_[flow_id / n]->subflow(flow_id % n);
}

uint64_t NfvPoolNet::timeouts() const {
    uint64_t n = 0;
    for (uint32_t id = 0; id < instance_.size(); ++id) n += subflow_src(id).timeouts();
    return n;
}

void NfvPoolNet::register_trace_points(TracePoints& points) {
    for (uint32_t i = 0; i < tier_->instances(); ++i)
        register_server_departures(points, "core:" + std::to_string(i), tier_->core(i), routes_);
    points.set_default("core:0");
    const uint32_t n = cfg_.subflows;
    for (uint32_t id = 0; id < conns_.size() * n; ++id) {
        TcpSrc& src =
            n == 1 ? static_cast<TcpSrc&>(*tcp_srcs_[id]) : mptcp_srcs_[id / n]->subflow(id % n);
        register_tcp_flow_in(points, src, routes_);
    }
}

double NfvPoolNet::optimal_mbps() const {
    // The flow-level oracle on CPU time with perfect pooling: every connection is a group with
    // one flow through each core, its access links and that core's middlebox access links; a
    // core's demand is the connection's cycles per bit, and the group's weight 1 / (cycles per
    // bit) makes the filling raise every connection's CPU time, not its rate, at one pace.
    const double mss_bits = 8.0 * cfg_.tcp.mss_bytes;
    fluid::MaxMinProblem p;
    std::vector<uint32_t> core_res, mb_in, mb_out;
    for (uint32_t i = 0; i < tier_->instances(); ++i)
        core_res.push_back(p.add_resource(cfg_.tier.cpu_hz));
    for (uint32_t h : mb_hosts_) {
        const uint32_t up = shape_.host_uplink(h);
        mb_in.push_back(p.add_resource(shape_.link(FabricShape::reverse(up)).rate_bps));
        mb_out.push_back(p.add_resource(shape_.link(up).rate_bps));
    }
    std::vector<fluid::Use> uses;
    for (size_t c = 0; c < conns_.size(); ++c) {
        const uint32_t up = shape_.host_uplink(conns_[c].src);
        const uint32_t down = FabricShape::reverse(shape_.host_uplink(conns_[c].dst));
        const uint32_t r_up = p.add_resource(shape_.link(up).rate_bps);
        const uint32_t r_down = p.add_resource(shape_.link(down).rate_bps);
        const double cycles_per_bit = costs_[c] * cfg_.tier.cost_unit_cycles / mss_bits;
        const uint32_t g = p.add_group(1.0 / cycles_per_bit);
        for (uint32_t i = 0; i < tier_->instances(); ++i) {
            const uint32_t m = tier_->middlebox_of(i);
            uses = {{core_res[i], cycles_per_bit},
                    {r_up, 1.0},
                    {r_down, 1.0},
                    {mb_in[m], 1.0},
                    {mb_out[m], 1.0}};
            p.add_flow(uses, g);
        }
    }
    const fluid::MaxMinSolution sol = fluid::solve_max_min(p);
    return std::accumulate(sol.group_rate.begin(), sol.group_rate.end(), 0.0) / 1e6;
}

NfvPoolSnapshot NfvPoolNet::snapshot() const {
    NfvPoolSnapshot s;
    s.at = sim_.now();
    const uint32_t n = cfg_.subflows;
    s.conn_bytes.assign(conns_.size(), 0);
    s.conn_cpu.assign(conns_.size(), SimTime::zero());
    s.conn_packets.assign(conns_.size(), 0);
    for (uint32_t id = 0; id < conns_.size() * n; ++id) {
        const uint32_t c = id / n;
        s.conn_bytes[c] += subflow_src(id).bytes_acked();
        const FlowService f = tier_->core(instance_[id]).flow(id);
        s.conn_cpu[c] += f.work;
        s.conn_packets[c] += f.packets;
    }
    for (uint32_t i = 0; i < tier_->instances(); ++i)
        s.core_busy.push_back(tier_->core(i).busy_time());
    return s;
}

NfvPoolRates NfvPoolNet::rates_between(const NfvPoolSnapshot& from, const NfvPoolSnapshot& to) {
    NfvPoolRates r;
    const SimTime window = to.at - from.at;
    for (size_t c = 0; c < to.conn_bytes.size(); ++c) {
        r.conn_mbps.push_back(rate_bps(to.conn_bytes[c] - from.conn_bytes[c], window) / 1e6);
        r.total_mbps += r.conn_mbps.back();
        r.conn_cpu_share.push_back((to.conn_cpu[c] - from.conn_cpu[c]) / window);
        r.conn_packet_rate.push_back(
            static_cast<double>(to.conn_packets[c] - from.conn_packets[c]) / window.to_sec());
    }
    for (size_t i = 0; i < to.core_busy.size(); ++i) {
        r.core_utilisation.push_back((to.core_busy[i] - from.core_busy[i]) / window);
    }
    return r;
}

}  // namespace corelink
