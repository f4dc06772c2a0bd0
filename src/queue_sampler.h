// Samples a queue's length (packets) at a fixed interval, for time averages and percentiles of
// the queue: periodic samples are an unbiased estimate of the time-weighted length. Samples go
// into a histogram indexed by length, which grows only when the queue reaches a new maximum, so
// sampling allocates nothing in steady state.
#pragma once

#include <cstdint>
#include <vector>

#include "src/event_list.h"
#include "src/queue.h"

namespace corelink {

class QueueSampler final : private EventHandler {
public:
    QueueSampler(EventList& events, const Queue& queue, SimTime interval)
        : queue_(queue), interval_(interval), timer_(events, *this) {}
    QueueSampler(const QueueSampler&) = delete;
    QueueSampler& operator=(const QueueSampler&) = delete;

    // Forgets earlier samples and samples from now on (the first sample is taken now).
    void start() {
        histogram_.assign(histogram_.size(), 0);
        samples_ = 0;
        total_ = 0;
        // Once started, the timer is always armed for the next sample (it is disarmed only while
        // that sample is taken, and start() is not called from there).
        if (!timer_.armed()) timer_.arm_in(SimTime::zero());
    }

    uint64_t samples() const { return samples_; }
    double mean_pkts() const {
        return samples_ ? static_cast<double>(total_) / static_cast<double>(samples_) : 0.0;
    }
    // The q-quantile (0 < q <= 1) of the sampled lengths, nearest-rank.
    uint64_t quantile_pkts(double q) const {
        if (samples_ == 0) return 0;
        uint64_t rank = static_cast<uint64_t>(q * static_cast<double>(samples_));
        if (static_cast<double>(rank) < q * static_cast<double>(samples_)) ++rank;
        if (rank == 0) rank = 1;
        uint64_t seen = 0;
        for (size_t len = 0; len < histogram_.size(); ++len) {
            seen += histogram_[len];
            if (seen >= rank) return len;
        }
        return histogram_.size() - 1;
    }

private:
    void handle_event(uint32_t /*tag*/) override {
        const size_t len = queue_.packets();
        if (len >= histogram_.size()) histogram_.resize(len + 1, 0);
        ++histogram_[len];
        ++samples_;
        total_ += len;
        timer_.arm_in(interval_);
    }

    const Queue& queue_;
    SimTime interval_;
    std::vector<uint64_t> histogram_;
    uint64_t samples_ = 0;
    uint64_t total_ = 0;
    Timer timer_;
};

}  // namespace corelink
