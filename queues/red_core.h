// RED's moving average and marking probability (docs/algorithms.md §1), shared by every RED-based
// queue (red, red4, red4mq) so the estimator exists exactly once.
#pragma once

#include <cstdint>
#include <vector>

#include "queues/queue_registry.h"
#include "src/queue.h"
#include "src/rng.h"
#include "src/sim_time.h"

namespace corelink {

// What RED's occupancy counts. Work is measured in units of the queue's typical cost, so the
// thresholds stay "in packets of the cheapest flow" either way (docs/algorithms.md §1 defaults).
enum class RedOccupancy : uint8_t { Packets, Work };

struct RedParams {
    double min_th = 5.0;  // packets of the cheapest flow
    double max_th = 15.0;
    double max_p = 0.1;
    double w_q = 0.002;
    bool gentle = true;
    bool byte_mode = false;
    RedOccupancy occupancy = RedOccupancy::Packets;

    // The options every RED-based queue declares (identically, so the registry merges them).
    // red-byte-mode is separate: RED_4 replaces byte mode by its cost ratio.
    static std::vector<QueueOption> options();
    static QueueOption byte_mode_option();
    // Reads and validates the options; throws InputError naming the flag. Reads red-byte-mode
    // only when `with_byte_mode`.
    static RedParams from_options(const QueueOptionValues& o, bool with_byte_mode);
};

// The EWMA of occupancy with idle-time correction, and p_b as a function of it.
class RedEstimator {
public:
    enum class Region : uint8_t { Below, Ramp, Forced };

    // `idle_unit` is s, the service time of a small packet: it turns idle time into "virtual"
    // empty samples and is the unit of work occupancy. Must be > 0.
    RedEstimator(const RedParams& params, SimTime idle_unit);

    // docs/algorithms.md §1, per arrival: `occupancy` is the queue before this packet is enqueued,
    // in threshold units; `empty_since` is when the queue last became empty (zero if never busy).
    void on_arrival(double occupancy, bool queue_empty, SimTime now, SimTime empty_since);
    // The same, reading the occupancy from the queue the estimator guards.
    void on_arrival(const Queue& q, SimTime now) {
        on_arrival(occupancy_of(q), q.empty(), now, q.empty_since());
    }
    double occupancy_of(const Queue& q) const {
        return params_.occupancy == RedOccupancy::Packets ? static_cast<double>(q.packets())
                                                          : q.work() / idle_unit_;
    }

    double avg() const { return avg_; }
    // Test seam: the oracles of §1 hold avg fixed.
    void set_avg(double avg) { avg_ = avg; }

    Region region() const;
    // The marking probability before count-based spacing: 0 below min_th, the (gentle) ramp in
    // between, 1 in the forced region.
    double p_b() const;

    const RedParams& params() const { return params_; }
    SimTime idle_unit() const { return idle_unit_; }

private:
    RedParams params_;
    SimTime idle_unit_;
    double log1m_wq_;  // log1p(-w_q): (1-w_q)^m = exp(m * log1m_wq_), accurate for small w_q
    double avg_ = 0.0;
};

// Count-based spacing of marks (F&J 1993): with p_b fixed, the gap between marks is uniform on
// {1 .. 1/p_b} instead of geometric, so marks are spread out and the marked fraction is ~2·p_b.
class RedSpacing {
public:
    // avg fell below min_th: the next ramp arrival starts from count 0.
    void reset() { count_ = -1; }
    // A forced mark also restarts the spacing.
    void forced() { count_ = 0; }
    // A ramp arrival with probability p_b: advances count, draws once; true means mark.
    bool draw(double p_b, Rng& rng) {
        ++count_;
        if (rng.bernoulli(p_a(p_b, count_))) {
            count_ = 0;
            return true;
        }
        return false;
    }
    int64_t count() const { return count_; }

    // p_a = p_b / (1 - count·p_b), or 1 once count·p_b >= 1 (the formula would blow up).
    static double p_a(double p_b, int64_t count) {
        const double cp = static_cast<double>(count) * p_b;
        return cp >= 1.0 ? 1.0 : p_b / (1.0 - cp);
    }

private:
    int64_t count_ = -1;
};

}  // namespace corelink
