// DCTCP's estimate of the fraction of marked bytes (RFC 8257 §3.3), kept apart from the sender so
// its arithmetic can be checked against the closed form: with a constant fraction f of bytes
// marked in every window, after n windows alpha = f + (alpha_0 - f) * (1 - g)^n.
#pragma once

#include <cstdint>

namespace corelink {

class DctcpAlpha {
public:
    DctcpAlpha(double g, double initial_alpha) : g_(g), alpha_(initial_alpha) {}

    double alpha() const { return alpha_; }
    uint64_t windows() const { return windows_; }

    // One ACK: `ackno` is the new cumulative ACK (SND.UNA), `newly_acked` the bytes it
    // acknowledged, `ece` whether it echoed CE, `highest_sent` the highest byte sent so far
    // (SND.NXT - 1 in the RFC's terms, as bytes here count from 1).
    // Once the cumulative ACK passes the end of the observation window, alpha takes the window's
    // marked fraction with gain g and a new window begins, ending at highest_sent. Returns true
    // then.
    bool on_ack(uint64_t ackno, uint64_t newly_acked, bool ece, uint64_t highest_sent) {
        acked_bytes_ += newly_acked;
        if (ece) marked_bytes_ += newly_acked;
        if (ackno <= window_end_) return false;
        const double m = acked_bytes_ > 0 ? static_cast<double>(marked_bytes_) /
                                                static_cast<double>(acked_bytes_)
                                          : 0.0;
        alpha_ = (1.0 - g_) * alpha_ + g_ * m;
        window_end_ = highest_sent;
        acked_bytes_ = 0;
        marked_bytes_ = 0;
        ++windows_;
        return true;
    }

private:
    double g_;
    double alpha_;
    uint64_t window_end_ = 0;  // RFC 8257 WindowEnd: the window ends once ackno exceeds it
    uint64_t acked_bytes_ = 0;
    uint64_t marked_bytes_ = 0;
    uint64_t windows_ = 0;
};

}  // namespace corelink
