// The SACK sender's scoreboard (RFC 6675 §3): which segments above the cumulative ACK the
// receiver has reported holding. Segments are numbered by index (bytes [i*mss + 1, (i+1)*mss]),
// one flag byte each, in a ring over [base, base + capacity). The ring grows (doubling) only when
// the window reaches a size it has never had, so steady state allocates nothing per packet.
#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

namespace corelink {

class SackScoreboard {
public:
    // Capacity 0: no ring until the first mark() (a sender that never uses SACK allocates none).
    explicit SackScoreboard(size_t initial_capacity = 64)
        : ring_(initial_capacity == 0 ? 0 : round_up(initial_capacity)) {}

    uint64_t base() const { return base_; }
    // Segments in [base, ∞) reported SACKed right now.
    uint64_t sacked_count() const { return sacked_count_; }
    // One past the highest SACKed segment (base() when none is SACKed).
    uint64_t sacked_end() const { return sacked_count_ == 0 ? base_ : sacked_end_; }

    bool sacked(uint64_t seg) const {
        return seg >= base_ && seg < sacked_end_ && ring_[seg & (ring_.size() - 1)] != 0;
    }

    // Forgets every segment below `new_base` (the cumulative ACK moved).
    void advance_to(uint64_t new_base) {
        if (new_base <= base_) return;
        if (sacked_count_ == 0 || new_base >= sacked_end_) {
            clear_range(base_, sacked_count_ == 0 ? base_ : sacked_end_);
            sacked_count_ = 0;
            base_ = new_base;
            sacked_end_ = new_base;
            return;
        }
        for (; base_ < new_base; ++base_) {
            uint8_t& f = ring_[base_ & (ring_.size() - 1)];
            if (f != 0) --sacked_count_;
            f = 0;
        }
    }

    // Marks segments [lo, hi) SACKed; returns how many were not SACKed before.
    uint64_t mark(uint64_t lo, uint64_t hi) {
        if (lo < base_) lo = base_;
        if (hi <= lo) return 0;
        if (hi - base_ > ring_.size()) grow(hi - base_);
        uint64_t added = 0;
        for (uint64_t s = lo; s < hi; ++s) {
            uint8_t& f = ring_[s & (ring_.size() - 1)];
            if (f == 0) {
                ++added;
                f = 1;
            }
        }
        sacked_count_ += added;
        if (hi > sacked_end_) sacked_end_ = hi;
        return added;
    }

    // The start of the range RFC 6675's IsLost() covers: every segment below it that is not
    // SACKed has at least `dupthresh` SACKed segments above it (with mss-sized segments, the
    // RFC's "more than (DupThresh - 1) * SMSS bytes" and "DupThresh discontiguous SACKed
    // sequences" both reduce to that count). base() when fewer than `dupthresh` are SACKed.
    uint64_t lost_below(uint32_t dupthresh) const {
        if (sacked_count_ < dupthresh) return base_;
        uint32_t seen = 0;
        for (uint64_t s = sacked_end_; s-- > base_;) {
            if (ring_[s & (ring_.size() - 1)] != 0 && ++seen == dupthresh) return s;
        }
        return base_;
    }

private:
    static size_t round_up(size_t n) {
        size_t c = 1;
        while (c < n) c <<= 1U;
        return c;
    }
    void clear_range(uint64_t lo, uint64_t hi) {
        if (hi - lo >= ring_.size()) {
            std::fill(ring_.begin(), ring_.end(), uint8_t{0});
            return;
        }
        for (uint64_t s = lo; s < hi; ++s) ring_[s & (ring_.size() - 1)] = 0;
    }
    void grow(uint64_t needed) {
        std::vector<uint8_t> bigger(round_up(static_cast<size_t>(needed) * 2));
        for (uint64_t s = base_; s < sacked_end_; ++s)
            bigger[s & (bigger.size() - 1)] = ring_[s & (ring_.size() - 1)];
        ring_.swap(bigger);
    }

    std::vector<uint8_t> ring_;
    uint64_t base_ = 0;
    uint64_t sacked_end_ = 0;  // slots in [base_, sacked_end_) may be set; above it all are 0
    uint64_t sacked_count_ = 0;
};

}  // namespace corelink
