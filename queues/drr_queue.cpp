#include "drr_queue.h"

#include <fmt/format.h>

#include <stdexcept>

#include "src/input_error.h"

namespace corelink {

DrrQueue::DrrQueue(EventList& events, PacketPool& pool, QueueLimits limits, SimTime quantum)
    : Queue(events, pool, limits), quantum_(quantum) {
    if (quantum.ps() <= 0) throw std::invalid_argument("DRR needs a quantum > 0");
}

void DrrQueue::store(Packet& p) {
    const uint32_t f = p.flow_id;
    if (f >= queues_.size()) {  // a new flow: the only allocation
        queues_.resize(static_cast<size_t>(f) + 1);
        deficit_.resize(queues_.size(), SimTime::zero());
        work_.resize(queues_.size(), SimTime::zero());
        waiting_.grow(queues_.size());
    }
    queues_[f].push_back(p);
    work_[f] += p.cost;
    // A newly backlogged flow joins the tail with DC = 0 (its deficit was cleared when it emptied).
    if (queues_[f].size() == 1 && f != current_) waiting_.push_back(f);
}

Packet& DrrQueue::take_next() {
    size_t idle_visits = 0;  // visits started in this call that could send nothing
    for (;;) {
        if (current_ == FlowList::kNone) {
            // FIFO rotation: once as many idle visits as flows, every flow has had one.
            if (idle_visits > 0 && idle_visits == waiting_.size()) {
                skip_empty_rounds();
                idle_visits = 0;
            }
            current_ = waiting_.pop_front();
            deficit_[current_] += quantum_;
            ++idle_visits;
        }
        PacketFifo& q = queues_[current_];
        if (q.front().cost <= deficit_[current_]) {
            deficit_[current_] -= q.front().cost;
            return pop_head(current_);
        }
        // The head does not fit the deficit: the visit ends, the flow keeps its deficit.
        waiting_.push_back(current_);
        current_ = FlowList::kNone;
    }
}

Packet& DrrQueue::pop_head(uint32_t f) {
    Packet& p = queues_[f].pop_front();
    work_[f] -= p.cost;
    if (queues_[f].empty()) {
        deficit_[f] = SimTime::zero();  // an idle flow keeps no credit
        if (f == current_)
            current_ = FlowList::kNone;
        else
            waiting_.remove(f);
    }
    return p;
}

bool DrrQueue::make_room(const Packet& arriving) {
    while (!fits(arriving)) {
        // The flow with the most queued work, counting the arrival for its own flow.
        const uint32_t a = arriving.flow_id;
        auto work = [&](uint32_t f) {
            return (f < work_.size() ? work_[f] : SimTime::zero()) +
                   (f == a ? arriving.cost : SimTime::zero());
        };
        uint32_t victim = a;
        auto consider = [&](uint32_t f) {
            if (work(f) > work(victim)) victim = f;
        };
        if (current_ != FlowList::kNone) consider(current_);
        for (uint32_t f = waiting_.front(); f != FlowList::kNone; f = waiting_.next(f)) consider(f);
        if (victim >= queues_.size() || queues_[victim].empty()) return false;  // drop the arrival
        drop_stored(pop_head(victim), DropReason::Overflow);
    }
    return true;
}

void DrrQueue::skip_empty_rounds() {
    // Every waiting flow f was just visited and still has head_f > DC_f. It can first send in
    // round r_f = ceil((head_f - DC_f) / Q) from now, so rounds 1 .. min r_f - 1 send nothing.
    int64_t rounds = -1;
    for (uint32_t f = waiting_.front(); f != FlowList::kNone; f = waiting_.next(f)) {
        const int64_t need = (queues_[f].front().cost - deficit_[f]).ps();
        const int64_t r = (need + quantum_.ps() - 1) / quantum_.ps();
        if (rounds < 0 || r < rounds) rounds = r;
    }
    if (rounds <= 1) return;
    for (uint32_t f = waiting_.front(); f != FlowList::kNone; f = waiting_.next(f))
        deficit_[f] += quantum_ * (rounds - 1);
}

QueueType DrrQueue::type() {
    return QueueType{
        "drr",
        "deficit round robin on cost (service time): cost-fair per-flow queues; overflow "
        "pushes out the head of the flow with the most queued work",
        {{"drr-quantum", QueueOption::Type::Double, "1",
          "DRR quantum per flow per round, in units of the typical (cheapest) packet cost"}},
        [](const QueueEnv& env) {
            const double q = env.options.get_double("drr-quantum");
            if (!(q > 0.0))
                throw InputError(fmt::format("--drr-quantum: must be a number > 0, got {}", q));
            const double quantum_ps = q * static_cast<double>(env.typical_cost.ps());
            if (!(quantum_ps >= 0.5 && quantum_ps < 1e17))  // 1 ps .. ~1 day of service
                throw InputError(
                    fmt::format("--drr-quantum: {} typical costs is {} ps; must be 1 ps to 1e17 ps",
                                q, quantum_ps));
            const SimTime quantum = env.typical_cost.scaled(q);
            return std::make_unique<DrrQueue>(env.events, env.pool, env.limits, quantum);
        }};
}

}  // namespace corelink
