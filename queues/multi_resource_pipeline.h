// The multi-resource pipeline of DRFQ (docs/algorithms.md §5.7): resources in series (CPU, then
// link, ...), each serving one packet at a time, without preemption, for the packet's true demand
// on it (p.demand[j]); different resources work on different packets at once. One scheduling point,
// a registered Queue, sits in front of resource 0.
//
//   receive -> scheduler (per-flow input queues, drops only here) -> resource 0 -> buffer 1 ->
//   resource 1 -> ... -> last resource -> next hop of the packet's route (or back to the pool)
//
// Between stages:
//   - FIFO buffers with backpressure: the scheduler dispatches only when resource 0 is idle and
//     every later buffer holds less than theta_j of queued work (default 2 x the largest demand
//     seen on that resource), so packets wait where the scheduler can still choose among them;
//   - or, when the scheduler asks for it (per-resource-fq), an SFQ buffer on resource j's own
//     demand at every later stage, with blocking: stage j-1 may start a packet of flow f only
//     while f holds fewer than K packets in buffer j.
//
// The pipeline is a PacketSink, so it can be one hop of any route (a TCP flow's data path). It
// lives beside its schedulers: it is a scheduling point and the resources it schedules, not
// wiring; topologies (tcp_pipeline.h) and traffic sources (traffic/open_loop_source.h) use it.
#pragma once

#include <array>
#include <functional>
#include <memory>
#include <vector>

#include "queues/multi_resource_scheduler.h"
#include "queues/start_time_flows.h"
#include "src/event_list.h"
#include "src/packet.h"
#include "src/packet_pool.h"
#include "src/queue.h"
#include "src/trace_points.h"

namespace corelink {

struct PipelineConfig {
    size_t resources = 2;
    bool backpressure = true;
    // Backpressure threshold per stage (index j >= 1) in queued work; zero = 2 x the largest
    // demand seen on resource j so far.
    std::array<SimTime, kMaxResources> theta{};
    // Without backpressure: packets a later stage's FIFO can hold before it drops arrivals.
    uint64_t stage_buffer_pkts = 1000;
    uint32_t block_k = 2;             // per-resource FQ blocking, packets per flow and stage
    uint64_t flow_limit_pkts = 1000;  // per-flow input queue
    DemandEstimate estimate = DemandEstimate::Oracle;
};

// Per-flow service, cumulative since the start.
struct FlowUsage {
    uint64_t packets = 0;  // packets that left the last resource
    std::array<SimTime, kMaxResources> work{};
};

class MultiResourcePipeline final : public PacketSink {
public:
    // Told when the scheduler hands one of its flow's packets to resource 0 (a backlogged source
    // tops its input queue up on this).
    class DispatchListener {
    public:
        virtual void on_dispatch(const Packet& p) = 0;

    protected:
        ~DispatchListener() = default;
    };

    // `scheduler` must also be a MultiResourceScheduler (every scheduler registered for
    // pipelines is); throws InputError when it is not or its options do not fit.
    MultiResourcePipeline(EventList& events, PacketPool& pool, std::unique_ptr<Queue> scheduler,
                          PipelineConfig config);
    ~MultiResourcePipeline() override;

    // Packets must arrive with p.demand set, or a demand stamper must be installed.
    void receive(Packet& p) override;

    // Sets p.demand for packets that arrive without one (e.g. TCP data: CPU cycles and link
    // serialisation from the packet size). Called on arrival, before the scheduler sees it.
    void set_demand_stamper(std::function<void(Packet&)> stamper) { stamper_ = std::move(stamper); }
    // Called when a packet leaves the last resource, with its time in the pipeline.
    void set_departure_observer(std::function<void(const Packet&, SimTime delay)> observer) {
        observer_ = std::move(observer);
    }
    void set_dispatch_listener(uint32_t flow, DispatchListener* listener);
    // Trace points (src/trace_points.h) in the routes that cross this pipeline (it must be their
    // first hop): "pipeline", what leaves its last resource (the default), and "pipeline-in",
    // what arrives at its scheduler, whose occupancy both show.
    void register_trace_points(TracePoints& points, const std::vector<Route*>& routes);

    Queue& scheduler() { return *scheduler_; }
    const Queue& scheduler() const { return *scheduler_; }
    MultiResourceScheduler& policy() { return *policy_; }
    const PipelineConfig& config() const { return config_; }

    const FlowUsage& usage(uint32_t flow) const {
        static const FlowUsage kNone;
        return flow < usage_.size() ? usage_[flow] : kNone;
    }
    size_t flows_seen() const { return usage_.size(); }
    SimTime busy_time(size_t j) const { return busy_[j]; }
    size_t in_flight() const { return in_flight_; }
    // Packets dropped at the input, or (without backpressure) between stages, by flow.
    uint64_t dropped(uint32_t flow) const { return flow < dropped_.size() ? dropped_[flow] : 0; }

private:
    struct Gate;
    void handle_event(uint32_t stage) override;
    void pump();
    bool try_start(size_t j);
    void start(size_t j, Packet& p);
    void push_buffer(size_t j, Packet& p);
    SimTime theta(size_t j) const;
    void note_flow(uint32_t flow);

    EventList& events_;
    PacketPool& pool_;
    std::unique_ptr<Queue> scheduler_;
    MultiResourceScheduler* policy_ = nullptr;
    PipelineConfig config_;
    bool fair_stages_ = false;

    std::array<Packet*, kMaxResources> in_service_{};
    std::array<PacketFifo, kMaxResources> fifo_;  // FIFO buffer in front of stage j
    std::array<SimTime, kMaxResources> fifo_work_{};
    std::array<StartTimeFlows, kMaxResources> fair_;  // per-resource FQ buffer of stage j
    std::array<std::vector<SimTime>, kMaxResources> stage_finish_;  // per-flow SFQ finish tags
    std::array<SimTime, kMaxResources> stage_last_start_{};
    std::array<SimTime, kMaxResources> stage_max_finish_{};
    std::array<std::unique_ptr<Gate>, kMaxResources> gates_;  // gate into buffer j
    std::array<SimTime, kMaxResources> max_demand_{};
    std::array<SimTime, kMaxResources> busy_{};
    size_t in_flight_ = 0;
    bool pumping_ = false;

    std::vector<FlowUsage> usage_;
    std::vector<uint64_t> dropped_;
    std::vector<DispatchListener*> listeners_;
    std::function<void(Packet&)> stamper_;
    std::function<void(const Packet&, SimTime)> observer_;
};

}  // namespace corelink
