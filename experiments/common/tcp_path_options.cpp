#include "tcp_path_options.h"

#include <fmt/format.h>

namespace corelink {

void add_tcp_path_options(Experiment& ex, const TcpPathOptions& d) {
    ex.add_time("rtt-ms", d.rtt_ms, "ms", above(0, 1e5),
                "propagation round-trip time, excluding queueing");
    OptionSpec buffer =
        spec_of("buffer-pkts", OptionKind::Int, "packets", between(1, 1e7),
                std::to_string(d.buffer_pkts), d.buffer_pkts > 0,
                d.buffer_pkts == 0 ? "bottleneck buffer (default: chosen per queue, see above)"
                                   : "bottleneck buffer");
    ex.add(buffer);
    ex.add_time("duration-s", d.duration_s, "s", above(0, 1e6), "simulated time");
    ex.add(spec_of(
        "warmup-s", OptionKind::Time, "s", between(0, 1e6), "", false,
        "rates are measured after this much simulated time (default: 20% of the duration)"));
    ex.add(spec_of("start-spread-ms", OptionKind::Time, "ms", between(0, 1e6), "", false,
                   "flows start at random times uniform in [0, this] (default: one RTT)"));
    ex.add_int("mss-bytes", d.tcp.mss_bytes, "bytes", between(1, 65535), "TCP data packet size");
    ex.add_int("initial-window", d.tcp.initial_window_pkts, "packets", between(1, 1e6),
               "TCP initial window");
    ex.add_time("min-rto-ms", d.tcp.min_rto.to_ms(), "ms", above(0, 1e6),
                "TCP minimum retransmit timeout");
    add_tcp_variant_option(ex, d.tcp.variant());
}

void add_tcp_variant_option(Experiment& ex, TcpVariant d) {
    ex.add_flag("ecn",
                "flows are ECN-capable (queues that mark will mark) and halve their window on an "
                "ECN echo, once per window (implied by --tcp dctcp)");
    ex.add_choice("tcp", tcp_variant_name(d), {"newreno", "sack", "dctcp"},
                  "TCP sender: newreno (RFC 6582, no SACK), sack (RFC 6675 SACK recovery and RFC "
                  "3042 limited transmit) or dctcp (sack plus RFC 8257: ECN-capable, window cut by "
                  "alpha/2 per window with marks; pair with --mark-k-pkts). MPTCP subflows keep "
                  "their coupled increase");
    ex.add_on_off("delayed-ack", false,
                  "receivers delay ACKs (RFC 5681 §4.2): an ACK for every second full-sized "
                  "segment or after --delack-timeout-us; out-of-order, hole-filling and duplicate "
                  "data are ACKed at once; DCTCP receivers follow RFC 8257's CE state machine. "
                  "Off: an ACK per data packet");
    // RFC 1122 §4.2.3.2: the delay must be less than 0.5 s.
    ex.add_time("delack-timeout-us", TcpConfig{}.delack_timeout.to_us(), "us",
                Range{0, 5e5, true, true},
                "delayed-ACK timer: longest an in-order segment waits for its ACK "
                "(with --delayed-ack on)");
}

void read_tcp_variant(const Experiment& ex, TcpConfig& tcp) {
    tcp.ecn = ex.on("ecn");
    tcp.apply(parse_tcp_variant("tcp", ex.text("tcp")));
    tcp.delayed_ack = ex.on("delayed-ack");
    if (ex.given("delack-timeout-us") && !tcp.delayed_ack)
        throw InputError("--delack-timeout-us: needs --delayed-ack on");
    tcp.delack_timeout = ex.time("delack-timeout-us");
}

TcpPathOptions read_tcp_path_options(const Experiment& ex) {
    TcpPathOptions o;
    o.rtt_ms = ex.number("rtt-ms");
    o.buffer_pkts = ex.set("buffer-pkts") ? ex.integer("buffer-pkts") : 0;
    o.duration_s = ex.number("duration-s");
    o.warmup_s = ex.set("warmup-s") ? ex.number("warmup-s") : 0.2 * o.duration_s;
    if (o.warmup_s >= o.duration_s)
        throw InputError(fmt::format("--warmup-s: must be below --duration-s ({} s), got {}",
                                     o.duration_s, o.warmup_s));
    o.start_spread_ms = ex.set("start-spread-ms") ? ex.number("start-spread-ms") : o.rtt_ms;
    o.tcp.mss_bytes = static_cast<uint32_t>(ex.integer("mss-bytes"));
    o.tcp.initial_window_pkts = static_cast<uint32_t>(ex.integer("initial-window"));
    o.tcp.min_rto = SimTime::from_ms(ex.number("min-rto-ms"));
    read_tcp_variant(ex, o.tcp);
    return o;
}

DumbbellConfig dumbbell_config(Simulation& sim, const TcpPathOptions& path, uint32_t flows) {
    DumbbellConfig cfg;
    cfg.flows = flows;
    cfg.rtt = path.rtt();
    cfg.bottleneck.limits = QueueLimits::in_packets(static_cast<uint64_t>(path.buffer_pkts));
    cfg.tcp = path.tcp;
    // Each flow's start is drawn from this stream as the dumbbell is built, in flow order.
    cfg.start_rng = sim.make_rng();
    cfg.start_spread_ms = path.start_spread_ms;
    return cfg;
}

}  // namespace corelink
