#include "queue.h"

namespace corelink {

std::string_view to_string(DropReason r) {
    switch (r) {
        case DropReason::Overflow: return "overflow";
        case DropReason::Early: return "early";
        case DropReason::Forced: return "forced";
        case DropReason::FlowLimit: return "flow_limit";
        case DropReason::Count: break;
    }
    return "?";
}

void Queue::enqueue_general(Packet& p) {
    ++stats_.arrived_pkts;
    stats_.arrived_bytes += p.size_bytes;
    switch (default_hooks_ ? Verdict::Admit : admit(p)) {
        case Verdict::Admit: break;
        case Verdict::DropEarly: count_drop(p, DropReason::Early); return;
        case Verdict::DropForced: count_drop(p, DropReason::Forced); return;
        case Verdict::DropFlowLimit: count_drop(p, DropReason::FlowLimit); return;
    }
    if (!fits(p) && (default_hooks_ || !(make_room(p) && fits(p)))) {
        count_drop(p, DropReason::Overflow);
        return;
    }
    if (mark_k_pkts_ != 0 && packets_ >= mark_k_pkts_ && p.has(pkt_flags::kEcnCapable) &&
        !p.has(pkt_flags::kEcnCe)) {
        p.flags |= pkt_flags::kEcnCe;
        ++stats_.marked_pkts;
    }
    add(p);
    if (default_hooks_)
        fifo_.push_back(p);
    else
        store(p);
}

Verdict Queue::signal(Packet& p) {
    if (p.has(pkt_flags::kEcnCapable)) {
        p.flags |= pkt_flags::kEcnCe;
        ++stats_.marked_pkts;
        return Verdict::Admit;
    }
    return Verdict::DropEarly;
}

void Queue::drop_stored(Packet& p, DropReason reason) {
    --packets_;
    bytes_ -= p.size_bytes;
    work_ -= p.cost;
    if (packets_ == 0) empty_since_ = now();
    count_drop(p, reason);
}

void Queue::count_drop(Packet& p, DropReason reason) {
    ++stats_.dropped_pkts[static_cast<size_t>(reason)];
    stats_.dropped_bytes += p.size_bytes;
    pool_.release(p);
}

}  // namespace corelink
