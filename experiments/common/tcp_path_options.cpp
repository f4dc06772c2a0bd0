#include "tcp_path_options.h"

#include <fmt/format.h>

namespace corelink {

void add_tcp_path_options(Experiment& ex, const TcpPathOptions& d) {
    // One option per line reads better than the chain clang-format would reflow.
    // clang-format off
    ex.add_options()
        ("rtt-ms", po::value<double>()->default_value(d.rtt_ms),
         "propagation round-trip time in ms, excluding queueing")
        ("buffer-pkts", po::value<int64_t>()->default_value(d.buffer_pkts),
         d.buffer_pkts == 0 ? "bottleneck buffer in packets (0 = auto, see above)"
                            : "bottleneck buffer in packets")
        ("duration-s", po::value<double>()->default_value(d.duration_s),
         "simulated time in seconds")
        ("warmup-s", po::value<double>()->default_value(-1.0),
         "rates are measured after this many simulated seconds (default: 20% of the duration)")
        ("start-spread-ms", po::value<double>()->default_value(-1.0),
         "flows start at random times uniform in [0, this] ms (default: one RTT)")
        ("mss-bytes", po::value<int64_t>()->default_value(d.tcp.mss_bytes),
         "TCP data packet size in bytes")
        ("initial-window", po::value<int64_t>()->default_value(d.tcp.initial_window_pkts),
         "TCP initial window in packets")
        ("min-rto-ms", po::value<double>()->default_value(d.tcp.min_rto.to_ms()),
         "TCP minimum retransmit timeout in ms");
    // clang-format on
    add_tcp_variant_option(ex, d.tcp.variant());
}

void add_tcp_variant_option(Experiment& ex, TcpVariant d) {
    ex.add_options()("ecn", po::bool_switch(),
                     "flows are ECN-capable (queues that mark will mark) and halve their window "
                     "on an ECN echo, once per window (implied by --tcp dctcp)");
    ex.add_options()(
        "tcp", po::value<std::string>()->default_value(tcp_variant_name(d)),
        "TCP sender: newreno (RFC 6582, no SACK), sack (RFC 6675 SACK recovery and RFC 3042 "
        "limited transmit) or dctcp (sack plus RFC 8257: ECN-capable, window cut by alpha/2 per "
        "window with marks; pair with --mark-k-pkts). MPTCP subflows keep their coupled increase");
}

void read_tcp_variant(const Experiment& ex, TcpConfig& tcp) {
    tcp.ecn = ex.flag("ecn");
    tcp.apply(parse_tcp_variant("tcp", ex.get<std::string>("tcp")));
}

TcpPathOptions read_tcp_path_options(const Experiment& ex) {
    TcpPathOptions o;
    o.rtt_ms = ex.get<double>("rtt-ms");
    require_positive("rtt-ms", o.rtt_ms);
    o.buffer_pkts = ex.get<int64_t>("buffer-pkts");
    if (!(o.buffer_pkts == 0 && ex.vars()["buffer-pkts"].defaulted()))
        require_positive_int("buffer-pkts", o.buffer_pkts);
    o.duration_s = ex.get<double>("duration-s");
    require_positive("duration-s", o.duration_s);
    o.warmup_s = ex.get<double>("warmup-s");
    if (o.warmup_s < 0) o.warmup_s = 0.2 * o.duration_s;
    if (o.warmup_s >= o.duration_s)
        throw InputError(fmt::format("--warmup-s: must be below --duration-s ({}), got {}",
                                     o.duration_s, o.warmup_s));
    o.start_spread_ms = ex.get<double>("start-spread-ms");
    if (o.start_spread_ms < 0) o.start_spread_ms = o.rtt_ms;
    const int64_t mss = ex.get<int64_t>("mss-bytes");
    require_positive_int("mss-bytes", mss);
    if (mss > 65535) throw InputError("--mss-bytes: must be at most 65535");
    o.tcp.mss_bytes = static_cast<uint32_t>(mss);
    const int64_t iw = ex.get<int64_t>("initial-window");
    require_positive_int("initial-window", iw);
    o.tcp.initial_window_pkts = static_cast<uint32_t>(iw);
    const double min_rto_ms = ex.get<double>("min-rto-ms");
    require_positive("min-rto-ms", min_rto_ms);
    o.tcp.min_rto = SimTime::from_ms(min_rto_ms);
    read_tcp_variant(ex, o.tcp);
    return o;
}

DumbbellConfig dumbbell_config(Simulation& sim, const TcpPathOptions& path, uint32_t flows) {
    DumbbellConfig cfg;
    cfg.flows = flows;
    cfg.rtt = path.rtt();
    cfg.bottleneck.limits = QueueLimits::in_packets(static_cast<uint64_t>(path.buffer_pkts));
    cfg.tcp = path.tcp;
    Rng start_rng = sim.make_rng();
    for (uint32_t i = 0; i < flows; ++i)
        cfg.start_times.push_back(SimTime::from_ms(start_rng.uniform(0.0, path.start_spread_ms)));
    return cfg;
}

}  // namespace corelink
