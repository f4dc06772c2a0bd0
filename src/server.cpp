#include "server.h"

#include <cstdint>
#include <stdexcept>
#include <string>
#include <utility>

namespace corelink {

Server::Server(EventList& events, Rng rng, ServiceModel model, std::unique_ptr<Queue> queue,
               std::string name)
    : events_(events),
      rng_(rng),
      model_(std::move(model)),
      queue_(std::move(queue)),
      name_(std::move(name)) {}

SimTime Server::busy_time() const {
    return in_service_ ? busy_ + (events_.now() - service_started_) : busy_;
}

[[gnu::always_inline]] inline void Server::serve_next() {
    in_service_ = queue_->dequeue();
    if (!in_service_) {
        queue_->server_idle();
        return;
    }
    service_started_ = events_.now();
    events_.schedule_at(service_started_ + in_service_->cost, *this);
    // What the departure will touch that is the flow's own: its route and its service record.
    // With many flows both are usually out of cache, and the service time hides the fetch.
    __builtin_prefetch(in_service_->route);
    // A prefetch is only a hint and never faults, so a flow id past the table (a flow not yet
    // served) needs no bounds check: the address is formed as an integer, not a pointer.
    if (per_flow_accounting_)
        __builtin_prefetch(
            reinterpret_cast<const void*>(reinterpret_cast<uintptr_t>(per_flow_base_) +
                                          uintptr_t{in_service_->flow_id} * per_flow_stride_));
}

void Server::place_per_flow(FlowService* first, size_t stride_bytes, uint32_t flows) {
    if (served_packets_ != 0 || stride_bytes < sizeof(FlowService))
        throw std::logic_error("server " + name_ +
                               ": per-flow records placed after the first packet or overlapping");
    own_per_flow_.clear();
    per_flow_base_ = reinterpret_cast<char*>(first);
    per_flow_stride_ = stride_bytes;
    per_flow_count_ = flows;
    per_flow_placed_ = true;
}

void Server::grow_per_flow(uint32_t flow_id) {
    if (per_flow_placed_)
        throw std::logic_error("server " + name_ + ": flow id " + std::to_string(flow_id) +
                               " beyond the " + std::to_string(per_flow_count_) +
                               " per-flow records placed");
    own_per_flow_.resize(size_t{flow_id} + 1);
    per_flow_base_ = reinterpret_cast<char*>(own_per_flow_.data());
    per_flow_count_ = static_cast<uint32_t>(own_per_flow_.size());
}

void Server::start_next() {
    serve_next();
}

void Server::handle_event(uint32_t) {
    Packet& done = *in_service_;
    busy_ += done.cost;
    ++served_packets_;
    if (per_flow_accounting_) {
        if (done.flow_id >= per_flow_count_) [[unlikely]]
            grow_per_flow(done.flow_id);
        FlowService& f = record(done.flow_id);
        ++f.packets;
        f.bytes += done.size_bytes;
        f.work += done.cost;
    }
    // Start the next packet before forwarding this one, so whatever the forwarded packet
    // triggers downstream sees this server in a consistent state.
    serve_next();
    done.send_on();
}

}  // namespace corelink
