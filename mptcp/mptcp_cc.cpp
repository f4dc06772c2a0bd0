#include "mptcp_cc.h"

#include <fmt/format.h>

#include <algorithm>

#include "src/input_error.h"

namespace corelink {

MptcpCc parse_mptcp_cc(const std::string& flag, const std::string& name) {
    if (name == "uncoupled") return MptcpCc::Uncoupled;
    if (name == "lia") return MptcpCc::Lia;
    if (name == "fully-coupled") return MptcpCc::FullyCoupled;
    if (name == "olia") return MptcpCc::Olia;
    throw InputError(
        fmt::format("--{}: must be one of {}, got '{}'", flag, mptcp_cc_names(), name));
}

const char* mptcp_cc_name(MptcpCc cc) {
    switch (cc) {
        case MptcpCc::Uncoupled: return "uncoupled";
        case MptcpCc::Lia: return "lia";
        case MptcpCc::FullyCoupled: return "fully-coupled";
        case MptcpCc::Olia: return "olia";
    }
    return "?";
}

const char* mptcp_cc_names() {
    return "uncoupled, lia, fully-coupled, olia";
}

double total_window_bytes(std::span<const SubflowView> flows) {
    double total = 0.0;
    for (const SubflowView& f : flows) total += f.window_bytes;
    return total;
}

double lia_alpha(std::span<const SubflowView> flows) {
    double best = 0.0;  // max_k w_k / rtt_k^2
    double sum = 0.0;   // sum_k w_k / rtt_k
    for (const SubflowView& f : flows) {
        if (f.rtt_s <= 0.0) continue;
        best = std::max(best, f.window_bytes / (f.rtt_s * f.rtt_s));
        sum += f.window_bytes / f.rtt_s;
    }
    if (sum <= 0.0) return 1.0;  // no RTT sample anywhere yet: behave as one Reno flow
    return total_window_bytes(flows) * best / (sum * sum);
}

namespace {

// OLIA's epsilon_r for subflow i [Khalili et al., CoNEXT 2012, Eq. (5); docs/algorithms.md §4.4]:
// B = paths maximising l_r / rtt_r^2 (the "best" paths), M = paths with the largest window.
// If B \ M is non-empty, the best paths that are not yet the largest gain 1/(|P| |B\M|) and the
// largest lose 1/(|P| |M|); otherwise epsilon = 0.
double olia_epsilon(std::span<const SubflowView> flows, size_t i) {
    double best_quality = -1.0, largest = -1.0;
    for (const SubflowView& f : flows) {
        largest = std::max(largest, f.window_bytes);
        if (f.rtt_s > 0.0)
            best_quality =
                std::max(best_quality, f.olia_bytes_between_losses / (f.rtt_s * f.rtt_s));
    }
    size_t in_m = 0, in_b_not_m = 0;
    bool i_in_m = false, i_in_b_not_m = false;
    for (size_t k = 0; k < flows.size(); ++k) {
        const SubflowView& f = flows[k];
        const bool m = f.window_bytes == largest;
        const bool b =
            f.rtt_s > 0.0 && f.olia_bytes_between_losses / (f.rtt_s * f.rtt_s) == best_quality;
        if (m) ++in_m;
        if (b && !m) ++in_b_not_m;
        if (k == i) {
            i_in_m = m;
            i_in_b_not_m = b && !m;
        }
    }
    if (in_b_not_m == 0) return 0.0;
    const double paths = static_cast<double>(flows.size());
    if (i_in_b_not_m) return 1.0 / (paths * static_cast<double>(in_b_not_m));
    if (i_in_m) return -1.0 / (paths * static_cast<double>(in_m));
    return 0.0;
}

}  // namespace

double ca_increase_bytes(MptcpCc cc, std::span<const SubflowView> flows, size_t i,
                         uint64_t acked_bytes, double mss_bytes) {
    const double w_i = flows[i].window_bytes;
    // Per-ACK credit capped at one mss, as single-path Reno and slow start are here (htsim).
    const double acked = std::min(static_cast<double>(acked_bytes), mss_bytes);
    const double reno = acked * mss_bytes / w_i;
    switch (cc) {
        case MptcpCc::Uncoupled: return reno;
        case MptcpCc::Lia: {
            // RFC 6356 §3: min(alpha * acked * mss / w_tot, acked * mss / w_i): never more
            // aggressive than one TCP on this path.
            const double w_tot = total_window_bytes(flows);
            return std::min(lia_alpha(flows) * acked * mss_bytes / w_tot, reno);
        }
        case MptcpCc::FullyCoupled: {
            const double w_tot = total_window_bytes(flows);
            return std::min(acked * mss_bytes / w_tot, reno);
        }
        case MptcpCc::Olia: {
            // Per ACK, in packets: (w_r / rtt_r^2) / (sum_p w_p / rtt_p)^2 + eps_r / w_r
            // [Khalili et al., Eq. (4)]; in bytes both terms scale by mss^2 / mss, as below.
            const double rtt = flows[i].rtt_s;
            double sum = 0.0;
            for (const SubflowView& f : flows)
                if (f.rtt_s > 0.0) sum += f.window_bytes / f.rtt_s;
            if (rtt <= 0.0 || sum <= 0.0) return reno;
            const double coupled = acked * mss_bytes * (w_i / (rtt * rtt)) / (sum * sum);
            return coupled + olia_epsilon(flows, i) * reno;
        }
    }
    return reno;
}

double loss_window_bytes(MptcpCc cc, std::span<const SubflowView> flows, size_t i,
                         double mss_bytes) {
    const double w_i = flows[i].window_bytes;
    if (cc == MptcpCc::FullyCoupled)
        return std::max(w_i - total_window_bytes(flows) / 2.0, mss_bytes);
    return std::max(w_i / 2.0, 2.0 * mss_bytes);
}

}  // namespace corelink
