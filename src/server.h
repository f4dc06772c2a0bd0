// A resource that serves one packet at a time: a link (bits at a rate) or a CPU core (cycles at a
// clock). A queue discipline in front of it decides what it serves next. On arrival the server
// stamps the packet's service time here into p.cost, so queues can count work and cost-aware
// disciplines (RED_4, DRR) see it.
#pragma once

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

class Server final : public PacketSink, private EventHandler {
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
    // Per-flow service, indexed by flow id (flows never served are absent or zero; empty when
    // per-flow accounting is off).
    const std::vector<FlowService>& per_flow() const { return per_flow_; }
    FlowService flow(uint32_t flow_id) const {
        return flow_id < per_flow_.size() ? per_flow_[flow_id] : FlowService{};
    }

private:
    void handle_event(uint32_t) override;
    // Takes the next packet into service, or leaves the server idle. receive() calls the
    // out-of-line start_next(); a departure runs serve_next() inlined, as it is most of its work.
    void start_next();
    void serve_next();

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
    std::vector<FlowService> per_flow_;
};

}  // namespace corelink
