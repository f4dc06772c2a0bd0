#include "datacenter.h"

#include <algorithm>
#include <stdexcept>
#include <unordered_map>

namespace corelink {

std::vector<uint16_t> ecmp_choices(const FabricShape& shape, const std::vector<Connection>& conns,
                                   uint32_t subflows, const EcmpHash& hash) {
    std::vector<uint16_t> choice;
    choice.reserve(conns.size() * subflows);
    for (size_t c = 0; c < conns.size(); ++c) {
        const uint32_t paths = shape.path_count(conns[c].src, conns[c].dst);
        for (uint32_t s = 0; s < subflows; ++s) {
            const auto id = static_cast<uint32_t>(c * subflows + s);
            choice.push_back(
                static_cast<uint16_t>(hash.pick(id, conns[c].src, conns[c].dst, paths)));
        }
    }
    return choice;
}

DatacenterNet::DatacenterNet(Simulation& sim, const FabricShape& shape,
                             std::vector<Connection> conns, const DatacenterConfig& cfg,
                             std::vector<uint16_t> ecmp_choice)
    : sim_(sim), conns_(std::move(conns)), n_(cfg.subflows) {
    fabric_ = std::make_unique<Fabric>(sim, shape, cfg.links);
    routes_ = std::make_unique<RouteTable>(*fabric_, demux_);
    const auto nconn = static_cast<uint32_t>(conns_.size());
    if (cfg.routing == RoutingMode::Ecmp) {
        choice_ = std::move(ecmp_choice);
        if (choice_.size() != conns_.size() * n_)
            throw std::invalid_argument("DatacenterNet: one ECMP choice per subflow expected");
    } else {
        sprayers_.reserve(2 * static_cast<size_t>(nconn));
        spray_routes_.reserve(2 * static_cast<size_t>(nconn));
    }
    // The routes a subflow's data and ACKs take: shared fabric routes under ECMP; under
    // spraying a one-hop route into the connection's sprayer for that direction.
    auto routes_for = [&](uint32_t c, uint32_t flow_id) -> std::pair<const Route*, const Route*> {
        const Connection& k = conns_[c];
        if (cfg.routing == RoutingMode::Ecmp) {
            const uint32_t i = choice_[flow_id];
            return {&routes_->route(k.src, k.dst, i), &routes_->route(k.dst, k.src, i)};
        }
        if (flow_id % n_ == 0) {  // the connection's first subflow makes its two sprayers
            const uint32_t paths = shape.path_count(k.src, k.dst);
            for (auto [a, b] : {std::pair{k.src, k.dst}, std::pair{k.dst, k.src}}) {
                auto& s = sprayers_.emplace_back(
                    std::make_unique<Sprayer>(*routes_, a, b, paths, sim.make_rng()));
                spray_routes_.emplace_back(std::vector<PacketSink*>{s.get()});
            }
        }
        const size_t at = 2 * static_cast<size_t>(c);
        return {&spray_routes_[at], &spray_routes_[at + 1]};
    };

    Rng start_rng = sim.make_rng();
    auto start_time = [&] {
        return SimTime::from_ps(static_cast<int64_t>(
            start_rng.below(static_cast<uint64_t>(std::max<int64_t>(cfg.start_spread.ps(), 1)))));
    };
    if (n_ == 1) {
        tcp_srcs_.reserve(nconn);
        tcp_sinks_.reserve(nconn);
        for (uint32_t c = 0; c < nconn; ++c) {
            auto [data, ack] = routes_for(c, c);
            auto& src = tcp_srcs_.emplace_back(std::make_unique<TcpSrc>(sim, c, cfg.tcp));
            auto& sink = tcp_sinks_.emplace_back(std::make_unique<TcpSink>(sim, cfg.tcp.ack_bytes));
            demux_.attach(c, *sink, *src);
            sink->set_ack_route(*ack);
            src->connect(*data, *sink, start_time());
        }
        return;
    }
    mptcp_srcs_.reserve(nconn);
    mptcp_sinks_.reserve(nconn);
    for (uint32_t c = 0; c < nconn; ++c) {
        auto& src = mptcp_srcs_.emplace_back(std::make_unique<MptcpSrc>(sim, cfg.cc, cfg.tcp));
        auto& sink = mptcp_sinks_.emplace_back(
            std::make_unique<MptcpSink>(sim, cfg.tcp.mss_bytes, cfg.tcp.ack_bytes));
        for (uint32_t s = 0; s < n_; ++s) {
            const uint32_t id = c * n_ + s;
            auto [data, ack] = routes_for(c, id);
            MptcpSubflow& sub = src->add_subflow(id);
            MptcpSubflowSink& end = sink->add_subflow(*ack);
            demux_.attach(id, end, sub);
            sub.connect(*data, end.tcp(), start_time());
        }
    }
}

TcpSrc& DatacenterNet::subflow_src(uint32_t flow_id) const {
    if (n_ == 1) return *tcp_srcs_[flow_id];
    return mptcp_srcs_[flow_id / n_]->subflow(flow_id % n_);
}

TcpSink& DatacenterNet::subflow_sink(uint32_t flow_id) const {
    if (n_ == 1) return *tcp_sinks_[flow_id];
    return mptcp_sinks_[flow_id / n_]->subflow(flow_id % n_).tcp();
}

void DatacenterNet::register_trace_points(TracePoints& points) {
    Fabric& fabric = *fabric_;
    std::unordered_map<const PacketSink*, TracePoints::Point*> by_server;
    for (uint32_t l = 0; l < fabric.links(); ++l) {
        Server& server = fabric.server(l);
        const std::string name = fabric.shape().link_name(l);
        TracePoints::Point& p = points.add(name, "departures of link " + name, &server.queue());
        p.on_attach = [&fabric, l](PacketSink& tap) { fabric.set_link_tap(l, tap); };
        by_server[&server] = &p;
    }
    // Routes built so far get their taps inserted; set_link_tap covers the ones built later.
    routes_->for_each_route([&](Route& r) {
        for (size_t i = 0; i < r.size(); ++i)
            if (auto it = by_server.find(&r.hop(i)); it != by_server.end())
                it->second->slots.push_back(TapSlot{&r, &r.hop(i), true});
    });
    for (uint32_t id = 0; id < conns_.size() * n_; ++id) {
        const std::string name = "flow:" + std::to_string(id);
        TracePoints::Point& p = points.add(name, "subflow " + std::to_string(id) + "'s sender");
        p.on_attach = [this, id](PacketSink& tap) { trace_flow(id, tap); };
        const TcpSrc& src = subflow_src(id);
        points.add_flow(id, [&src] {
            return FlowState{src.cwnd_bytes(), src.ssthresh_bytes(), src.srtt(),
                             src.rto(),        src.bytes_acked(),    src.retransmissions()};
        });
    }
}

std::pair<const Route*, const Route*> DatacenterNet::routes_of(uint32_t flow_id) const {
    const uint32_t c = flow_id / n_;
    const Connection& k = conns_[c];
    if (!choice_.empty()) {
        const uint32_t i = choice_[flow_id];
        return {&routes_->route(k.src, k.dst, i), &routes_->route(k.dst, k.src, i)};
    }
    const size_t at = 2 * static_cast<size_t>(c);
    return {&spray_routes_[at], &spray_routes_[at + 1]};
}

void DatacenterNet::trace_flow(uint32_t flow_id, PacketSink& tap) {
    const auto [data, ack] = routes_of(flow_id);
    Route& traced_data = traced_routes_.emplace_back(*data);
    traced_data.insert(0, tap);
    Route& traced_ack = traced_routes_.emplace_back(*ack);
    // An ECMP route ends at the demultiplexer, which hands the ACK to the sender at once: the tap
    // goes just before it. A spray route is one hop into the sprayer: the tap goes first.
    const size_t at = traced_ack.index_of(demux_);
    traced_ack.insert(at < traced_ack.size() ? at : 0, tap);
    subflow_src(flow_id).set_data_route(traced_data);
    subflow_sink(flow_id).set_ack_route(traced_ack);
}

DatacenterSnapshot DatacenterNet::snapshot() {
    DatacenterSnapshot s;
    s.at = sim_.now();
    s.conn_bytes.assign(conns_.size(), 0);
    for (uint32_t id = 0; id < conns_.size() * n_; ++id) {
        const TcpSrc& src = subflow_src(id);
        src.sink()->start_measurement();
        s.conn_bytes[id / n_] += src.sink()->bytes_delivered();
        s.data_packets_sent += src.packets_sent();
        s.timeouts += src.timeouts();
        s.spurious_timeouts += src.spurious_timeouts();
    }
    s.link_busy.reserve(fabric_->links());
    for (uint32_t l = 0; l < fabric_->links(); ++l)
        s.link_busy.push_back(fabric_->server(l).busy_time());
    return s;
}

DatacenterRates DatacenterNet::rates_between(const DatacenterSnapshot& from,
                                             const DatacenterSnapshot& to) {
    DatacenterRates r;
    const SimTime window = to.at - from.at;
    for (size_t c = 0; c < to.conn_bytes.size(); ++c)
        r.conn_mbps.push_back(rate_bps(to.conn_bytes[c] - from.conn_bytes[c], window) / 1e6);
    for (size_t l = 0; l < to.link_busy.size(); ++l)
        r.link_utilisation.push_back((to.link_busy[l] - from.link_busy[l]) / window);
    r.data_packets = to.data_packets_sent - from.data_packets_sent;
    r.timeouts = to.timeouts - from.timeouts;
    r.spurious_timeouts = to.spurious_timeouts - from.spurious_timeouts;
    return r;
}

namespace {

fluid::MaxMinProblem link_resources(const FabricShape& shape) {
    fluid::MaxMinProblem p;
    for (uint32_t l = 0; l < shape.links(); ++l) p.add_resource(shape.link(l).rate_bps);
    return p;
}

}  // namespace

fluid::MaxMinSolution fluid_for_paths(const FabricShape& shape,
                                      const std::vector<Connection>& conns, uint32_t subflows,
                                      const std::vector<uint16_t>& choice) {
    fluid::MaxMinProblem p = link_resources(shape);
    std::vector<uint32_t> links;
    std::vector<fluid::Use> uses;
    for (size_t c = 0; c < conns.size(); ++c) {
        const uint32_t g = p.add_group();
        for (uint32_t s = 0; s < subflows; ++s) {
            links.clear();
            shape.path(conns[c].src, conns[c].dst, choice[c * subflows + s], links);
            uses.clear();
            for (uint32_t l : links) uses.push_back({l, 1.0});
            p.add_flow(uses, g);
        }
    }
    return solve_max_min(p);
}

fluid::MaxMinSolution fluid_even_split(const FabricShape& shape,
                                       const std::vector<Connection>& conns) {
    fluid::MaxMinProblem p = link_resources(shape);
    std::vector<uint32_t> links;
    std::vector<fluid::Use> uses;
    for (const Connection& k : conns) {
        const uint32_t paths = shape.path_count(k.src, k.dst);
        links.clear();
        for (uint32_t i = 0; i < paths; ++i) shape.path(k.src, k.dst, i, links);
        // Each link's share of the connection: the fraction of its paths that cross it.
        std::sort(links.begin(), links.end());
        uses.clear();
        for (size_t i = 0; i < links.size();) {
            size_t j = i;
            while (j < links.size() && links[j] == links[i]) ++j;
            uses.push_back({links[i], static_cast<double>(j - i) / paths});
            i = j;
        }
        p.add_flow(uses);
    }
    return solve_max_min(p);
}

}  // namespace corelink
