#include "multi_resource_pipeline.h"

#include <cassert>

#include <fmt/format.h>

#include "src/input_error.h"

namespace corelink {

// Blocking into buffer j (§5.7): open for a flow holding fewer than K packets there.
struct MultiResourcePipeline::Gate final : FlowGate {
    const StartTimeFlows* buffer;
    uint32_t k;
    Gate(const StartTimeFlows& b, uint32_t k_pkts) : buffer(&b), k(k_pkts) {}
    bool open(uint32_t flow) const override { return buffer->flow_packets(flow) < k; }
};

MultiResourcePipeline::MultiResourcePipeline(EventList& events, PacketPool& pool,
                                             std::unique_ptr<Queue> scheduler,
                                             PipelineConfig config)
    : events_(events), pool_(pool), scheduler_(std::move(scheduler)), config_(config) {
    if (config_.resources < 1 || config_.resources > kMaxResources)
        throw InputError(fmt::format("pipeline: between 1 and {} resources, got {}", kMaxResources,
                                     config_.resources));
    if (config_.block_k < 1) throw InputError("--block-k: must be an integer >= 1, got 0");
    policy_ = dynamic_cast<MultiResourceScheduler*>(scheduler_.get());
    if (!policy_)
        throw InputError(fmt::format(
            "--scheduler: '{}' is not a multi-resource scheduler; accepted: fifo, drfq, sfq, "
            "bottleneck-fair, per-resource-fq",
            scheduler_->kind()));
    policy_->attach_pipeline(config_.resources, config_.estimate);
    policy_->set_flow_limit(config_.flow_limit_pkts);
    fair_stages_ = policy_->fair_queue_every_stage();
    if (fair_stages_) {
        for (size_t j = 1; j < config_.resources; ++j)
            gates_[j] = std::make_unique<Gate>(fair_[j], config_.block_k);
        if (config_.resources > 1) policy_->set_gate(gates_[1].get());
    }
}

MultiResourcePipeline::~MultiResourcePipeline() {
    // Return every packet still held to the pool (the scheduler's own queue frees nothing).
    for (size_t j = 0; j < config_.resources; ++j) {
        if (in_service_[j]) pool_.release(*in_service_[j]);
        while (!fifo_[j].empty()) pool_.release(fifo_[j].pop_front());
        while (!fair_[j].empty()) pool_.release(fair_[j].pop());
    }
    policy_->set_gate(nullptr);
    while (Packet* p = scheduler_->dequeue()) pool_.release(*p);
}

void MultiResourcePipeline::note_flow(uint32_t flow) {
    if (flow < usage_.size()) return;
    usage_.resize(flow + 1);
    dropped_.resize(flow + 1);
    listeners_.resize(flow + 1, nullptr);
    for (auto& f : stage_finish_) f.resize(flow + 1, SimTime::zero());
}

void MultiResourcePipeline::set_dispatch_listener(uint32_t flow, DispatchListener* listener) {
    note_flow(flow);
    listeners_[flow] = listener;
}

void MultiResourcePipeline::receive(Packet& p) {
    // Demand and SACK blocks share a packet's space: an ACK carrying SACK blocks has no demand.
    assert(p.sack_count == 0 && "a packet with SACK blocks entered a multi-resource pipeline");
    if (stamper_) stamper_(p);
    p.enqueued_at = events_.now();
    note_flow(p.flow_id);
    for (size_t j = 0; j < config_.resources; ++j)
        max_demand_[j] = max(max_demand_[j], p.demand[j]);
    // The scheduler's work accounting counts the first resource's demand.
    p.cost = p.demand[0];
    const uint64_t drops_before = scheduler_->stats().dropped_total();
    scheduler_->enqueue(p);
    if (scheduler_->stats().dropped_total() != drops_before) ++dropped_[p.flow_id];
    pump();
}

SimTime MultiResourcePipeline::theta(size_t j) const {
    return config_.theta[j] > SimTime::zero() ? config_.theta[j] : max_demand_[j] * 2;
}

void MultiResourcePipeline::pump() {
    // Re-entrancy guard: a dispatch listener may inject a packet (receive) while we pump.
    if (pumping_) return;
    pumping_ = true;
    for (bool progress = true; progress;) {
        progress = false;
        // Later stages first: their starts free buffer space that earlier stages wait on.
        for (size_t j = config_.resources; j-- > 0;)
            if (!in_service_[j] && try_start(j)) progress = true;
    }
    pumping_ = false;
}

bool MultiResourcePipeline::try_start(size_t j) {
    if (j == 0) {
        if (scheduler_->empty()) return false;
        if (fair_stages_) {
            if (!policy_->can_dispatch()) return false;
        } else if (config_.backpressure) {
            for (size_t k = 1; k < config_.resources; ++k)
                if (fifo_work_[k] >= theta(k)) return false;
        }
        Packet& p = *scheduler_->dequeue();
        ++in_flight_;
        if (DispatchListener* l = listeners_[p.flow_id]) l->on_dispatch(p);
        start(0, p);
        return true;
    }
    if (fair_stages_) {
        const FlowGate* gate = j + 1 < config_.resources ? gates_[j + 1].get() : nullptr;
        if (!fair_[j].has_eligible(gate)) return false;
        Packet& p = fair_[j].pop(gate);
        stage_last_start_[j] = max(stage_last_start_[j], p.due);
        start(j, p);
        return true;
    }
    if (fifo_[j].empty()) return false;
    Packet& p = fifo_[j].pop_front();
    fifo_work_[j] -= p.demand[j];
    start(j, p);
    return true;
}

void MultiResourcePipeline::start(size_t j, Packet& p) {
    in_service_[j] = &p;
    events_.schedule_in(p.demand[j], *this, static_cast<uint32_t>(j));
}

void MultiResourcePipeline::push_buffer(size_t j, Packet& p) {
    if (!fair_stages_) {
        if (!config_.backpressure && fifo_[j].size() >= config_.stage_buffer_pkts) {
            // §5.7: without backpressure the inter-stage FIFO overflows; resource j-1's work on
            // this packet is wasted.
            ++dropped_[p.flow_id];
            --in_flight_;
            policy_->on_dropped(j, p);
            policy_->on_finished(p);
            pool_.release(p);
            return;
        }
        fifo_[j].push_back(p);
        fifo_work_[j] += p.demand[j];
        return;
    }
    // SFQ at stage j on resource j's own demand (§5.8 item 3). Virtual time: the start tag of
    // the packet in service, or queued; the largest finish tag when the stage has gone idle.
    const bool busy = in_service_[j] != nullptr || !fair_[j].empty();
    const SimTime v = busy ? stage_last_start_[j] : stage_max_finish_[j];
    SimTime& finish = stage_finish_[j][p.flow_id];
    const SimTime start_tag = max(v, finish);
    const double w = policy_->weight(p.flow_id);
    finish = start_tag + (w == 1.0 ? p.demand[j] : p.demand[j].scaled(1.0 / w));
    stage_max_finish_[j] = max(stage_max_finish_[j], finish);
    p.due = start_tag;
    fair_[j].push(p);
}

void MultiResourcePipeline::handle_event(uint32_t stage) {
    const size_t j = stage;
    Packet& p = *in_service_[j];
    in_service_[j] = nullptr;
    busy_[j] += p.demand[j];
    usage_[p.flow_id].work[j] += p.demand[j];
    policy_->on_resource_done(j, p);
    if (j + 1 < config_.resources) {
        push_buffer(j + 1, p);
        pump();
        return;
    }
    --in_flight_;
    ++usage_[p.flow_id].packets;
    policy_->on_finished(p);
    if (observer_) observer_(p, events_.now() - p.enqueued_at);
    pump();
    if (p.route && p.next_hop < p.route->size())
        p.send_on();
    else
        pool_.release(p);
}

void MultiResourcePipeline::register_trace_points(TracePoints& points,
                                                  const std::vector<Route*>& routes) {
    TracePoints::Point& out =
        points.add("pipeline", "what leaves the pipeline's last resource", scheduler_.get());
    TracePoints::Point& in =
        points.add("pipeline-in", "arrivals at the pipeline's scheduler", scheduler_.get());
    points.set_default("pipeline");
    for (Route* r : routes) {
        out.slots.push_back(TapSlot{r, this, true});
        in.slots.push_back(TapSlot{r, this, false});
    }
}

}  // namespace corelink
