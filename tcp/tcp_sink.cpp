#include "tcp_sink.h"

#include <algorithm>
#include <cassert>

namespace corelink {

// Delayed-ACK state, allocated only when the connection asks for delayed ACKs.
struct TcpSink::DelayedAcks final : EventHandler {
    DelayedAcks(TcpSink& s, EventList& events, const TcpConfig& cfg)
        : sink(s), timer(events, *this), timeout(cfg.delack_timeout), mss(cfg.mss_bytes) {}
    void handle_event(uint32_t /*tag*/) override {
        ++timer_acks;
        sink.send_pending_ack();
    }

    TcpSink& sink;
    Timer timer;
    SimTime timeout;
    uint32_t mss;
    uint64_t pending_bytes = 0;  // in-order data received and not yet ACKed
    Packet latest{};             // the latest such segment's identity (its fields only)
    SimTime echo;                // the earliest one's send time [RFC 7323 §4.3]
    bool pending_ece = false;    // some segment the pending ACK covers asks for ECE
    bool sack_ok = false;
    bool ce_state = false;  // DCTCP.CE (RFC 8257 §3.2): the CE mark of the latest arrival
    uint64_t acks = 0;
    uint64_t timer_acks = 0;
};

TcpSink::TcpSink(Simulation& sim, uint32_t ack_bytes) : sim_(sim), ack_bytes_(ack_bytes) {}

TcpSink::~TcpSink() = default;

void TcpSink::open(const TcpConfig& cfg) {
    latch_ece_ = cfg.ecn && !cfg.dctcp;
    ece_latched_ = false;
    if (cfg.delayed_ack)
        delack_ = std::make_unique<DelayedAcks>(*this, sim_.events(), cfg);
    else
        delack_.reset();
    special_ = latch_ece_ || delack_ != nullptr;
}

uint64_t TcpSink::acks_sent() const {
    return delack_ ? delack_->acks : packets_received_;
}

uint64_t TcpSink::delack_timer_acks() const {
    return delack_ ? delack_->timer_acks : 0;
}

// Inlined into both receive paths: as a call it cost the ACK-per-packet path ~18 instructions
// per packet (callgrind, 64-flow NewReno dumbbell).
[[gnu::always_inline]] inline TcpSink::Arrival TcpSink::store(const Packet& p) {
    Arrival a;
    const uint64_t first = p.seqno;
    const uint64_t last = p.seqno + p.size_bytes - 1;
    if (last <= cumulative_ack_) {
        ++duplicates_received_;
    } else if (first <= cumulative_ack_ + 1) {
        cumulative_ack_ = last;
        if (intervals_.empty())
            a.in_order = true;
        else
            advance_over_buffered();
    } else if (size_t at = 0; buffer_out_of_order(first, last, at)) {
        a.out_of_order = true;
        a.at = at;  // a local, so `a` itself never needs an address
    } else {
        ++duplicates_received_;
        a.at = interval_containing(first);
        a.out_of_order = a.at < intervals_.size();
    }
    return a;
}

// Inlined too: every data packet makes one ACK, and as a call it cost the ACK-per-packet path a
// prologue and epilogue per packet.
[[gnu::always_inline]] inline Packet& TcpSink::make_ack(const Packet& trigger, SimTime echo) {
    Packet& ack = sim_.pool().alloc();
    ack.kind = PacketKind::Ack;
    ack.flow_id = trigger.flow_id;
    ack.subflow = trigger.subflow;
    ack.size_bytes = ack_bytes_;
    ack.seqno = trigger.seqno;  // which packet triggered this ACK (diagnostics only)
    ack.ackno = cumulative_ack_;
    if (trigger.has(pkt_flags::kDataSeq)) {  // MPTCP only: a plain TCP ACK's second cache line
        ack.data_seq = trigger.data_seq;     // stays untouched
        ack.flags |= pkt_flags::kDataSeq;
    }
    ack.sent_time = echo;  // timestamp echo: the sender samples the RTT on every ACK
    return ack;
}

// The ACK make_ack(p, p.sent_time) would build, made of the data packet itself: the fields an ACK
// shares with the segment it answers (flow, subflow, seqno, send time to echo, MPTCP mapping)
// are already there, and the packet's line is in cache, where a fresh one would cost the pool a
// release and an alloc per data packet. The second line keeps what the data packet left, as a
// fresh packet's keeps what its previous use left: its users set what they read.
[[gnu::always_inline]] inline Packet& TcpSink::ack_in_place(Packet& p) {
    sim_.pool().recycle(p);
    p.next = nullptr;
    p.kind = PacketKind::Ack;
    p.flags &= pkt_flags::kDataSeq;
    p.sack_count = 0;
    p.size_bytes = ack_bytes_;
    p.ackno = cumulative_ack_;
    p.cost = SimTime::zero();
    return p;
}

void TcpSink::receive(Packet& p) {
    assert(ack_route_ && "TcpSink needs an ACK route before data arrives");
    if (special_) {
        receive_special(p);
        return;
    }
    ++packets_received_;
    const Arrival a = store(p);
    const uint8_t data_flags = p.flags;
    Packet& ack = ack_in_place(p);
    if (data_flags & pkt_flags::kEcnCe) ack.flags |= pkt_flags::kEcnEcho;
    if ((data_flags & pkt_flags::kSackOk) && !intervals_.empty())
        fill_sack_blocks(ack, a.out_of_order, a.at);
    ack.send_on(*ack_route_);
}

uint8_t TcpSink::ece_for(const Packet& p) {
    if (!latch_ece_) return p.has(pkt_flags::kEcnCe) ? pkt_flags::kEcnEcho : 0;
    // RFC 3168 §6.1.3: CWR ends the echo; a CE on that same packet starts a new one.
    if (p.has(pkt_flags::kCwr)) ece_latched_ = false;
    if (p.has(pkt_flags::kEcnCe)) ece_latched_ = true;
    return ece_latched_ ? pkt_flags::kEcnEcho : 0;
}

void TcpSink::receive_special(Packet& p) {
    DelayedAcks* d = delack_.get();
    ++packets_received_;
    bool now = false;
    if (d && !latch_ece_ && p.has(pkt_flags::kEcnCe) != d->ce_state) {
        // RFC 8257 §3.2: the CE state changed. ACK what was received before this packet with the
        // old ECE value (the RFC's "two ACKs" option, so no ACK mixes packets of both states),
        // then this packet at once with the new one.
        if (d->pending_bytes > 0) send_pending_ack();
        d->ce_state = !d->ce_state;
        now = true;
    }
    const bool ece = ece_for(p) != 0;
    const Arrival a = store(p);
    if (d && a.in_order) {
        if (d->pending_bytes == 0) d->echo = p.sent_time;
        d->latest.flow_id = p.flow_id;
        d->latest.subflow = p.subflow;
        d->latest.seqno = p.seqno;
        d->latest.flags = p.flags & pkt_flags::kDataSeq;
        d->latest.data_seq = p.data_seq;
        d->pending_bytes += p.size_bytes;
        d->pending_ece = d->pending_ece || ece;
        d->sack_ok = p.has(pkt_flags::kSackOk);
        sim_.pool().release(p);
        // RFC 5681 §4.2: at least every second full-sized segment (more than one mss pending).
        if (now || d->pending_bytes > d->mss)
            send_pending_ack();
        else if (!d->timer.armed())
            d->timer.arm_in(d->timeout);
        return;
    }
    // No delayed ACKs, or duplicate or out-of-order data, or data filling (part of) a hole: ACK
    // at once, echoing this packet's send time, and covering anything that was pending.
    Packet& ack = make_ack(p, p.sent_time);
    if (ece || (d && d->pending_ece)) ack.flags |= pkt_flags::kEcnEcho;
    if (p.has(pkt_flags::kSackOk) && !intervals_.empty())
        fill_sack_blocks(ack, a.out_of_order, a.at);
    if (d) {
        d->pending_bytes = 0;
        d->pending_ece = false;
        d->timer.cancel();
        ++d->acks;
    }
    sim_.pool().release(p);
    ack.send_on(*ack_route_);
}

void TcpSink::send_pending_ack() {
    DelayedAcks& d = *delack_;
    if (d.pending_bytes == 0) return;
    Packet& ack = make_ack(d.latest, d.echo);
    if (d.pending_ece) ack.flags |= pkt_flags::kEcnEcho;
    if (d.sack_ok && !intervals_.empty()) fill_sack_blocks(ack, false, 0);
    d.pending_bytes = 0;
    d.pending_ece = false;
    d.timer.cancel();
    ++d.acks;
    ack.send_on(*ack_route_);
}

bool TcpSink::buffer_out_of_order(uint64_t first, uint64_t last, size_t& at) {
    // Common case: at or above the highest interval.
    if (intervals_.empty() || first > intervals_.back().last + 1) {
        intervals_.push_back(Interval{first, last, 1, 0});
        ++held_segments_;
        at = intervals_.size() - 1;
        return true;
    }
    // The first interval that ends at or after first - 1 (touching or overlapping the segment).
    auto it = std::lower_bound(intervals_.begin(), intervals_.end(), first,
                               [](const Interval& s, uint64_t f) { return s.last + 1 < f; });
    if (it != intervals_.end() && it->first <= first && last <= it->last) return false;
    if (it == intervals_.end() || last + 1 < it->first) {
        it = intervals_.insert(it, Interval{first, last, 1, 0});
        at = static_cast<size_t>(it - intervals_.begin());
    } else {
        // Merge the segment and every interval it touches into *it.
        it->first = std::min(it->first, first);
        it->last = std::max(it->last, last);
        ++it->segments;
        auto next = it + 1;
        while (next != intervals_.end() && next->first <= it->last + 1) {
            it->last = std::max(it->last, next->last);
            it->segments += next->segments;
            it->pre_measurement += next->pre_measurement;
            ++next;
        }
        // The index before the erase, which may move the one interval left back inline.
        at = static_cast<size_t>(it - intervals_.begin());
        intervals_.erase(it + 1, next);
    }
    ++held_segments_;
    return true;
}

void TcpSink::advance_over_buffered() {
    auto it = intervals_.begin();
    while (it != intervals_.end() && it->first <= cumulative_ack_ + 1) {
        if (it->last > cumulative_ack_) {
            pre_measurement_delivered_ += std::min(it->pre_measurement, it->last - cumulative_ack_);
            cumulative_ack_ = it->last;
        }
        held_segments_ -= it->segments;
        ++it;
    }
    intervals_.erase(intervals_.begin(), it);
}

size_t TcpSink::interval_containing(uint64_t byte) const {
    auto it = std::lower_bound(intervals_.begin(), intervals_.end(), byte,
                               [](const Interval& s, uint64_t b) { return s.last < b; });
    if (it == intervals_.end() || it->first > byte) return intervals_.size();
    return static_cast<size_t>(it - intervals_.begin());
}

void TcpSink::fill_sack_blocks(Packet& ack, bool arrived_out_of_order, size_t arrived_at) {
    // RFC 2018 §4: the first block is the one holding the segment that triggered this ACK
    // (unless it advanced the cumulative ACK); then the most recently reported blocks that are
    // still above the cumulative ACK and not already included.
    std::array<size_t, kMaxSackBlocks> chosen{};
    size_t n = 0;
    if (arrived_out_of_order) chosen[n++] = arrived_at;
    for (uint64_t byte : reported_) {
        if (n == kMaxSackBlocks) break;
        if (byte <= cumulative_ack_) continue;
        const size_t i = interval_containing(byte);
        if (i == intervals_.size()) continue;
        if (std::find(chosen.begin(), chosen.begin() + n, i) != chosen.begin() + n) continue;
        chosen[n++] = i;
    }
    // Nothing recent to repeat (the ACK advanced over every reported block): report the lowest
    // held data, which is where the sender's next hole is.
    for (size_t i = 0; n < kMaxSackBlocks && i < intervals_.size(); ++i)
        if (std::find(chosen.begin(), chosen.begin() + n, i) == chosen.begin() + n) chosen[n++] = i;
    reported_.fill(0);
    for (size_t k = 0; k < n; ++k) {
        const Interval& iv = intervals_[chosen[k]];
        ack.add_sack_block(SackBlock{static_cast<uint32_t>(iv.first - cumulative_ack_),
                                     static_cast<uint32_t>(iv.last - cumulative_ack_)});
        reported_[k] = iv.first;
    }
}

void TcpSink::start_measurement() {
    for (Interval& iv : intervals_) iv.pre_measurement = iv.last - iv.first + 1;
}

}  // namespace corelink
