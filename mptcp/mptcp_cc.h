// Multipath congestion control (docs/algorithms.md §4) as pure functions of the subflows' windows
// and RTTs, so the formulas can be checked against their oracles without a simulation. Only the
// congestion-avoidance increase and the loss decrease are coupled; slow start, fast retransmit
// and the RTO stay per subflow [RFC 6356 §3].
//
// Windows are in bytes. A subflow in fast recovery contributes its ssthresh, not its inflated
// cwnd, to every sum (htsim `mtcp.cpp`; docs/algorithms.md §3 "htsim-style MPTCP hooks").
#pragma once

#include <cstdint>
#include <span>
#include <string>

namespace corelink {

enum class MptcpCc { Uncoupled, Lia, FullyCoupled, Olia };

// "uncoupled", "lia", "fully-coupled", "olia"; throws InputError naming `flag` otherwise.
MptcpCc parse_mptcp_cc(const std::string& flag, const std::string& name);
const char* mptcp_cc_name(MptcpCc cc);
// The accepted names, for --help.
const char* mptcp_cc_names();

struct SubflowView {
    double window_bytes = 0.0;  // cwnd, or ssthresh while in fast recovery
    double rtt_s = 0.0;         // smoothed RTT; 0 = no sample yet (left out of the RTT sums)
    // OLIA's l_r: the larger of the bytes acked between the last two losses and since the last
    // loss [Khalili et al., CoNEXT 2012, §4].
    double olia_bytes_between_losses = 0.0;
};

double total_window_bytes(std::span<const SubflowView> flows);

// RFC 6356 §3: alpha = w_tot * max_k(w_k / rtt_k^2) / (sum_k w_k / rtt_k)^2.
double lia_alpha(std::span<const SubflowView> flows);

// Congestion-avoidance growth of subflow i for one ACK newly acknowledging `acked_bytes`, at most
// one mss of credit per ACK as for single-path Reno here (htsim; docs/algorithms.md §3).
double ca_increase_bytes(MptcpCc cc, std::span<const SubflowView> flows, size_t i,
                         uint64_t acked_bytes, double mss_bytes);

// The window subflow i falls back to after a loss (it becomes ssthresh):
//   uncoupled, LIA, OLIA: max(w_i / 2, 2 mss), as single-path Reno here;
//   fully coupled: max(w_i - w_tot / 2, 1 mss) [Wischik et al., NSDI 2011; htsim FULLY_COUPLED].
double loss_window_bytes(MptcpCc cc, std::span<const SubflowView> flows, size_t i,
                         double mss_bytes);

}  // namespace corelink
