#include "start_time_fair_queue.h"

namespace corelink {

Verdict StartTimeFairQueue::admit(Packet& p) {
    return flows_.flow_packets(p.flow_id) >= flow_limit() ? Verdict::DropFlowLimit : Verdict::Admit;
}

void StartTimeFairQueue::store(Packet& p) {
    p.due = tag(p, virtual_time());
    flows_.push(p);
}

Packet& StartTimeFairQueue::take_next() {
    Packet& p = flows_.pop(gate_);
    last_start_ = max(last_start_, p.due);
    max_finish_ = max(max_finish_, p.due + charge(p));
    // Only a pipeline reports completions; as a plain queue the count just stays positive, which
    // selects SFQ's "tag of the packet in service" rule.
    ++in_flight_;
    return p;
}

void StartTimeFairQueue::on_finished(const Packet& p) {
    (void)p;
    if (in_flight_ > 0) --in_flight_;
}

}  // namespace corelink
