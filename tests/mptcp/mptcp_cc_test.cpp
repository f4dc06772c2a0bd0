// Coupled congestion-control formulas against the oracles of docs/algorithms.md §4 (RFC 6356 for
// LIA, Wischik et al. NSDI 2011 for fully coupled, Khalili et al. CoNEXT 2012 for OLIA).
#include <catch2/catch.hpp>

#include <vector>

#include "mptcp/mptcp_cc.h"
#include "src/input_error.h"

using namespace corelink;

namespace {
constexpr double kMss = 1500.0;
SubflowView view(double window_pkts, double rtt_ms) {
    return SubflowView{window_pkts * kMss, rtt_ms / 1000.0, 0.0};
}
}  // namespace

TEST_CASE("LIA alpha and per-ACK increases for w = (10, 20) packets, rtt = (10, 40) ms",
          "[mptcp][lia]") {
    // docs/algorithms.md §4.2 oracle (1): alpha = w_tot * max(w/rtt^2) / (sum w/rtt)^2
    //   = 30 * (10/0.01^2) / (10/0.01 + 20/0.04)^2 (in packets) = 30 * 0.1 / 1.5^2 = 1.3333.
    // Increases in packets: min(1.3333/30, 1/10) = 0.04444 and min(0.04444, 1/20) = 0.04444.
    const std::vector<SubflowView> flows{view(10, 10), view(20, 40)};
    CHECK(lia_alpha(flows) == Approx(4.0 / 3.0).epsilon(1e-9));
    const auto acked = static_cast<uint64_t>(kMss);
    CHECK(ca_increase_bytes(MptcpCc::Lia, flows, 0, acked, kMss) / kMss ==
          Approx(0.044444).epsilon(1e-4));
    CHECK(ca_increase_bytes(MptcpCc::Lia, flows, 1, acked, kMss) / kMss ==
          Approx(0.044444).epsilon(1e-4));
}

TEST_CASE("LIA alpha is 1/n for n symmetric subflows; each ACK adds 1/(n^2 w)", "[mptcp][lia]") {
    // docs/algorithms.md §4.2 oracle (2): equal w and rtt give alpha = n w (w/rtt^2) / (n w/rtt)^2
    // = 1/n; the increase is alpha * mss^2 / (n w) = mss^2 / (n^2 w).
    for (size_t n = 1; n <= 5; ++n) {
        const std::vector<SubflowView> flows(n, view(16, 25));
        CHECK(lia_alpha(flows) == Approx(1.0 / static_cast<double>(n)).epsilon(1e-9));
        const double inc = ca_increase_bytes(MptcpCc::Lia, flows, 0, 1500, kMss);
        CHECK(inc / kMss == Approx(1.0 / (static_cast<double>(n * n) * 16.0)).epsilon(1e-9));
    }
}

TEST_CASE("LIA never grows faster than one Reno flow on the same path", "[mptcp][lia]") {
    // RFC 6356 §3: the min(...) caps each subflow's increase at Reno's acked*mss/w_i. With one
    // subflow LIA is exactly Reno: mss^2 / w per ACK.
    const std::vector<SubflowView> one{view(20, 10)};
    CHECK(ca_increase_bytes(MptcpCc::Lia, one, 0, 1500, kMss) == Approx(kMss / 20.0));
    const std::vector<SubflowView> skewed{view(2, 1), view(50, 100)};
    CHECK(ca_increase_bytes(MptcpCc::Lia, skewed, 0, 1500, kMss) <= kMss / 2.0 + 1e-9);
}

TEST_CASE("uncoupled and fully coupled increases and decreases", "[mptcp]") {
    // docs/algorithms.md §4.1: uncoupled is Reno per subflow (+mss^2/w_i, halve on loss, floor 2
    // mss). §4.3: fully coupled adds mss^2/w_tot and on loss sets w_i = max(w_i - w_tot/2, 1 mss).
    const std::vector<SubflowView> flows{view(10, 10), view(30, 10)};
    CHECK(ca_increase_bytes(MptcpCc::Uncoupled, flows, 0, 1500, kMss) == Approx(kMss / 10.0));
    CHECK(loss_window_bytes(MptcpCc::Uncoupled, flows, 1, kMss) == Approx(15.0 * kMss));
    CHECK(ca_increase_bytes(MptcpCc::FullyCoupled, flows, 0, 1500, kMss) == Approx(kMss / 40.0));
    CHECK(loss_window_bytes(MptcpCc::FullyCoupled, flows, 1, kMss) == Approx(10.0 * kMss));
    CHECK(loss_window_bytes(MptcpCc::FullyCoupled, flows, 0, kMss) == Approx(1.0 * kMss));
    CHECK(loss_window_bytes(MptcpCc::Lia, flows, 0, kMss) == Approx(5.0 * kMss));
    CHECK(loss_window_bytes(MptcpCc::Lia, std::vector<SubflowView>{view(3, 10)}, 0, kMss) ==
          Approx(2.0 * kMss));
}

TEST_CASE("OLIA: coupled term and the epsilon that moves window to the best path",
          "[mptcp][olia]") {
    // Khalili et al., CoNEXT 2012, Eq. (4)-(5) (docs/algorithms.md §4.4), in packets per ACK:
    // w_r/rtt_r^2 / (sum w_p/rtt_p)^2 + eps_r / w_r. Equal RTTs of 10 ms, w = (10, 30):
    // coupled term for path 0 = (10/1e-4) / (4000)^2 = 0.00625 packets.
    // Path 0 has the better l/rtt^2 but not the largest window: B\M = {0}, M = {1},
    // eps_0 = +1/(2*1) = 0.5, eps_1 = -1/(2*1) = -0.5.
    std::vector<SubflowView> flows{view(10, 10), view(30, 10)};
    flows[0].olia_bytes_between_losses = 100 * kMss;
    flows[1].olia_bytes_between_losses = 50 * kMss;
    CHECK(ca_increase_bytes(MptcpCc::Olia, flows, 0, 1500, kMss) / kMss ==
          Approx(0.00625 + 0.5 / 10.0).epsilon(1e-9));
    CHECK(ca_increase_bytes(MptcpCc::Olia, flows, 1, 1500, kMss) / kMss ==
          Approx(30.0 / 1e-4 / (4000.0 * 4000.0) - 0.5 / 30.0).epsilon(1e-9));
    // When the best path already has the largest window, eps = 0 for everyone.
    flows[1].olia_bytes_between_losses = 1000 * kMss;
    CHECK(ca_increase_bytes(MptcpCc::Olia, flows, 0, 1500, kMss) / kMss ==
          Approx(0.00625).epsilon(1e-9));
    // One path: OLIA is Reno, 1/w per ACK.
    CHECK(ca_increase_bytes(MptcpCc::Olia, std::vector<SubflowView>{view(20, 10)}, 0, 1500, kMss) ==
          Approx(kMss / 20.0));
}

TEST_CASE("MPTCP controller names parse, and unknown ones are rejected", "[mptcp]") {
    CHECK(parse_mptcp_cc("mptcp-cc", "lia") == MptcpCc::Lia);
    CHECK(parse_mptcp_cc("mptcp-cc", "olia") == MptcpCc::Olia);
    CHECK(parse_mptcp_cc("mptcp-cc", "fully-coupled") == MptcpCc::FullyCoupled);
    CHECK(parse_mptcp_cc("mptcp-cc", "uncoupled") == MptcpCc::Uncoupled);
    CHECK_THROWS_AS(parse_mptcp_cc("mptcp-cc", "cubic"), InputError);
    CHECK(std::string(mptcp_cc_name(MptcpCc::FullyCoupled)) == "fully-coupled");
}
