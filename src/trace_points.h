// Named places of a topology where a packet trace can be taken and whose state can be sampled.
// A topology registers its points once, when asked (register_trace_points); an experiment looks
// a point up by the name the user gave (--pcap-at, --sample-at) and inserts a tap into the routes
// the point lists. Nothing is registered, and no route changes, unless tracing is requested.
//
// Names are short and stable: "bottleneck" (the dumbbell's departures), "flow:3" (what flow 3's
// sender sends and the ACKs it receives), "cpu:2", or a fabric's link names.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "packet.h"
#include "queue.h"
#include "sim_time.h"

namespace corelink {

// Where in one route a tap goes: right after `anchor` (after = true), right before it
// (after = false), or, with no anchor, at the start of the route.
struct TapSlot {
    Route* route = nullptr;
    const PacketSink* anchor = nullptr;
    bool after = true;

    size_t position() const {
        if (!anchor) return 0;
        return route->index_of(*anchor) + (after ? 1 : 0);
    }
};

// A sender's congestion state at one instant (what the time series records per flow).
struct FlowState {
    double cwnd_bytes = 0;
    double ssthresh_bytes = 0;
    SimTime srtt = SimTime::zero();  // zero before the first RTT sample
    SimTime rto = SimTime::zero();
    uint64_t bytes_acked = 0;
    uint64_t retransmissions = 0;
};

class TracePoints {
public:
    struct Point {
        std::string name;
        std::string about;  // one line for error messages and --help
        std::vector<TapSlot> slots;
        const Queue* queue = nullptr;  // whose occupancy, drops and marks this point shows
        // For topologies that build routes during the run (a fabric's shared route table): called
        // once with the tap, so routes built later carry it too.
        std::function<void(PacketSink&)> on_attach;
    };

    // Registers a point; a name may be registered once.
    Point& add(std::string name, std::string about, const Queue* queue = nullptr) {
        auto [it, fresh] = points_.try_emplace(name);
        if (!fresh) throw std::logic_error("trace point registered twice: " + name);
        it->second =
            std::make_unique<Point>(Point{std::move(name), std::move(about), {}, queue, {}});
        return *it->second;
    }
    const Point* find(std::string_view name) const {
        auto it = points_.find(name);
        return it == points_.end() ? nullptr : it->second.get();
    }
    // "a, b, c" (sorted), or "none" — for error messages.
    std::string names_joined(size_t at_most = 12) const {
        std::string out;
        size_t n = 0;
        for (const auto& [name, p] : points_) {
            if (n++ == at_most) return out + ", ...";
            out += (out.empty() ? "" : ", ") + name;
        }
        return out.empty() ? "none" : out;
    }
    size_t size() const { return points_.size(); }
    // The point used when the user names none: the topology's bottleneck departures.
    void set_default(std::string name) { default_ = std::move(name); }
    const std::string& default_name() const { return default_; }

    // A flow whose congestion state can be sampled.
    void add_flow(uint32_t flow_id, std::function<FlowState()> sample) {
        flows_[flow_id] = std::move(sample);
    }
    const std::function<FlowState()>* flow(uint32_t flow_id) const {
        auto it = flows_.find(flow_id);
        return it == flows_.end() ? nullptr : &it->second;
    }
    // Registered flow ids, ascending.
    std::vector<uint32_t> flow_ids() const {
        std::vector<uint32_t> ids;
        for (const auto& [id, f] : flows_) ids.push_back(id);
        return ids;
    }

    // Points and flows that other runs of the same experiment have and this one does not (a run
    // holding a subset of the flows): naming one traces nothing in this run instead of being an
    // error.
    void add_elsewhere(std::string name) { elsewhere_.insert(std::move(name)); }
    void add_flow_elsewhere(uint32_t flow_id) { flows_elsewhere_.insert(flow_id); }
    bool elsewhere(std::string_view name) const {
        return elsewhere_.find(name) != elsewhere_.end();
    }
    bool flow_elsewhere(uint32_t flow_id) const { return flows_elsewhere_.count(flow_id) > 0; }

private:
    std::map<std::string, std::unique_ptr<Point>, std::less<>> points_;
    std::set<std::string, std::less<>> elsewhere_;
    std::set<uint32_t> flows_elsewhere_;
    std::map<uint32_t, std::function<FlowState()>> flows_;
    std::string default_;
};

}  // namespace corelink
