// A resource that serves one packet at a time: a link (bits at a rate) or a CPU core (cycles at a
// clock). A queue discipline in front of it decides what it serves next. On arrival the server
// stamps the packet's service time here into p.cost, so queues can count work and cost-aware
// disciplines (RED_4, DRR) see it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "event_list.h"
#include "packet.h"
#include "queue.h"
#include "rng.h"
#include "service_model.h"

namespace corelink {

struct FlowService {
    uint64_t packets = 0;
    uint64_t bytes = 0;
    SimTime work = SimTime::zero();  // time this server spent on the flow's packets
};

class Server final : public PacketSink {
public:
    Server(EventList& events, Rng rng, ServiceModel model, std::unique_ptr<Queue> queue,
           std::string name = "server");

    void receive(Packet& p) override {
        p.cost = model_.service_time(p, rng_);
        queue_->enqueue(p);
        if (!in_service_) start_next();
    }

    const std::string& name() const { return name_; }
    Queue& queue() { return *queue_; }
    const Queue& queue() const { return *queue_; }
    const ServiceModel& model() const { return model_; }
    ServiceModel& model() { return model_; }
    bool busy() const { return in_service_ != nullptr; }
    // Total time spent serving, including the packet in service up to now.
    SimTime busy_time() const;
    uint64_t served_packets() const { return served_packets_; }
    // Per-flow service counters (on by default). A fabric with tens of thousands of ports and
    // flows turns them off: the table grows with the largest flow id each port has seen.
    void set_per_flow_accounting(bool on) { per_flow_accounting_ = on; }
    // Keeps flow f's service record at byte offset f * stride_bytes from `first`, for f < flows,
    // in storage the caller owns and keeps alive, instead of in the server's own table. A
    // topology that lays out each flow's state in one block puts the record beside the flow's
    // sender and route, which a departure touches anyway: with thousands of flows a table of its
    // own costs every departure one more cold line and page. Before the first packet.
    void place_per_flow(FlowService* first, size_t stride_bytes, uint32_t flows);
    // Per-flow service by flow id (zero for flows never served or with accounting off).
    FlowService flow(uint32_t flow_id) const {
        return flow_id < per_flow_count_ ? record(flow_id) : FlowService{};
    }

private:
    void handle_event(uint32_t) override;
    // Takes the next packet into service, or leaves the server idle. receive() calls the
    // out-of-line start_next(); a departure runs serve_next() inlined, as it is most of its work.
    void start_next();
    void serve_next();
    // Flow `flow_id`'s record; the id must be below per_flow_count_.
    FlowService& record(uint32_t flow_id) const {
        return *reinterpret_cast<FlowService*>(per_flow_base_ +
                                               uintptr_t{flow_id} * per_flow_stride_);
    }
    // Makes room in the server's own table for a flow id not seen before.
    [[gnu::noinline, gnu::cold]] void grow_per_flow(uint32_t flow_id);

    EventList& events_;
    Rng rng_;
    ServiceModel model_;
    std::unique_ptr<Queue> queue_;
    std::string name_;
    Packet* in_service_ = nullptr;
    SimTime service_started_ = SimTime::zero();
    SimTime busy_ = SimTime::zero();
    uint64_t served_packets_ = 0;
    bool per_flow_accounting_ = true;
    // Flow f's record is at per_flow_base_ + f * per_flow_stride_, for f < per_flow_count_:
    // own_per_flow_'s elements, or storage placed by place_per_flow().
    std::vector<FlowService> own_per_flow_;
    char* per_flow_base_ = nullptr;
    size_t per_flow_stride_ = sizeof(FlowService);
    uint32_t per_flow_count_ = 0;
    bool per_flow_placed_ = false;
};

}  // namespace corelink
