// A growable ring indexed by an ever-increasing slot number, for per-packet state over a sliding
// window of sequence space (MPTCP's subflow-to-data mapping and the receiver's reassembly). Slots
// below `base` are forgotten; reaching more than capacity() slots above it doubles the ring, so
// once the window has reached its largest size nothing allocates.
#pragma once

#include <algorithm>
#include <cassert>
#include <cstdint>
#include <vector>

namespace corelink {

template <typename T>
class SlotRing {
public:
    explicit SlotRing(size_t initial_capacity = 256) : ring_(round_up(initial_capacity)) {}

    uint64_t base() const { return base_; }
    size_t capacity() const { return ring_.size(); }
    bool covers(uint64_t slot) const { return slot >= base_ && slot - base_ < ring_.size(); }

    // The value at `slot`, making room for it first; `slot` must not be below base().
    T& at(uint64_t slot) {
        assert(slot >= base_);
        if (slot - base_ >= ring_.size()) grow(slot - base_ + 1);
        return ring_[slot & (ring_.size() - 1)];
    }
    // Forgets every slot below `new_base` (resetting it to T{}, ready for reuse).
    void advance_to(uint64_t new_base) {
        for (; base_ < new_base; ++base_) {
            if (new_base - base_ >= ring_.size()) {  // a jump past the whole ring
                std::fill(ring_.begin(), ring_.end(), T{});
                base_ = new_base;
                return;
            }
            ring_[base_ & (ring_.size() - 1)] = T{};
        }
    }

private:
    static size_t round_up(size_t n) {
        size_t c = 1;
        while (c < n) c <<= 1U;
        return c;
    }
    void grow(uint64_t needed) {
        std::vector<T> bigger(round_up(static_cast<size_t>(needed) * 2));
        for (uint64_t s = base_; s < base_ + ring_.size(); ++s)
            bigger[s & (bigger.size() - 1)] = ring_[s & (ring_.size() - 1)];
        ring_.swap(bigger);
    }

    std::vector<T> ring_;
    uint64_t base_ = 0;
};

}  // namespace corelink
