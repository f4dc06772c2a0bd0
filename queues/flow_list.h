// An ordered list of flow ids (the "active list" of round-robin schedulers), linked through
// per-flow vectors: O(1) append, pop and removal from the middle, and no allocation except when
// a new flow id appears.
#pragma once

#include <cassert>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <vector>

namespace corelink {

class FlowList {
public:
    static constexpr uint32_t kNone = std::numeric_limits<uint32_t>::max();

    // Makes room for flow ids < n.
    void grow(std::size_t n) {
        if (n <= next_.size()) return;
        next_.resize(n, kNone);
        prev_.resize(n, kNone);
        in_.resize(n, 0);
    }
    bool empty() const { return head_ == kNone; }
    std::size_t size() const { return size_; }
    uint32_t front() const { return head_; }
    uint32_t next(uint32_t f) const { return next_[f]; }
    bool contains(uint32_t f) const { return f < in_.size() && in_[f] != 0; }

    void push_back(uint32_t f) {
        assert(!contains(f));
        in_[f] = 1;
        prev_[f] = tail_;
        next_[f] = kNone;
        if (tail_ != kNone)
            next_[tail_] = f;
        else
            head_ = f;
        tail_ = f;
        ++size_;
    }
    uint32_t pop_front() {
        const uint32_t f = head_;
        remove(f);
        return f;
    }
    void remove(uint32_t f) {
        assert(contains(f));
        in_[f] = 0;
        if (prev_[f] != kNone)
            next_[prev_[f]] = next_[f];
        else
            head_ = next_[f];
        if (next_[f] != kNone)
            prev_[next_[f]] = prev_[f];
        else
            tail_ = prev_[f];
        --size_;
    }

private:
    std::vector<uint32_t> next_;
    std::vector<uint32_t> prev_;
    std::vector<uint8_t> in_;
    uint32_t head_ = kNone;
    uint32_t tail_ = kNone;
    std::size_t size_ = 0;
};

}  // namespace corelink
