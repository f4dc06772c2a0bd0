// DRFQ and its baselines on a two-resource pipeline (CPU, then link): docs/algorithms.md §5,
// docs/figures.md (DRFQ Figs. 5, 9-13, Table 7). Time unit: 1 unit = 1 us of service; profiles,
// --start, --stop, --window, --theta and the delays reported are in units, rates in packets per
// second. The flows and the two scenario families are in drfq/; the paper presets in
// experiments/presets/drfq-*.conf (a preset only sets the flags the user did not give).
#include "experiments/common/experiment.h"
#include "experiments/common/tcp_path_options.h"
#include "experiments/drfq/flows.h"

using namespace corelink;

int main(int argc, char** argv) {
    Experiment ex("drfq",
                  "Multi-resource fair queueing (DRFQ) and its baselines on a CPU -> link "
                  "pipeline. Time unit: 1 unit = 1 us of service. Flows are backlogged unless "
                  "--rates gives them an open-loop rate; --tcp-cpu-us makes them TCP flows.");
    const Range units = between(0, 1e12);
    ex.add_text("profiles", "6,1;1,7;1,1",
                "mean demand per flow, 'cpu,link' in time units per packet (each in [0, 1e6], "
                "not both 0), flows separated by ';'");
    ex.add_reals("weights", "", "", between(1e-6, 1e6), "weight per flow (default all 1)");
    ex.add_reals("rates", "", "packets/s", between(0, 1e9),
                 "offered load per flow (0 = backlogged, else at least 0.001); omitted = all "
                 "backlogged");
    ex.add_text("arrivals", "",
                "per flow with a rate: poisson | constant, comma list or one for all (default "
                "poisson)");
    ex.add_reals("start", "", "units", units, "start time per flow (default 0)");
    ex.add_reals("stop", "", "units", units, "stop time per flow (default the end of the run)");
    ex.add_text("profile-switch", "",
                "FLOW@TIME=cpu,link: that flow changes profile at TIME (DRFQ Fig. 12)");
    ex.add_time("duration-s", 0.02, "s", above(0, 1e6), "simulated time (1 s = 1e6 time units)");
    ex.add_alias("duration", "duration-s", 1e-6, "us");
    ex.add_real("window", 0, "units", units, "time-series window (0 = duration/100)");
    ex.add_real("demand-sd", 0.1, "", between(0, 10),
                "per-packet demand standard deviation as a fraction of the mean (0 = exact)");
    ex.add_choice("estimate", "oracle", {"oracle", "ewma", "linear"},
                  "what the scheduler knows of a packet's demand");
    ex.add_ints("buffer-pkts", "1000", "packets", between(1, 1e7),
                "per-flow input buffer; a list runs each size and writes delay_vs_buffer.csv");
    ex.add_on_off("backpressure", true,
                  "dispatch only while later stages hold less than --theta of work");
    ex.add_real("theta", 0, "units", between(0, 1e9),
                "backpressure threshold, queued work (0 = 2 x largest demand seen)");
    ex.add_int("block-k", 2, "packets", between(1, 1e6),
               "per-resource-fq: packets a flow may hold in the next stage's buffer");
    ex.add_int("backlog-pkts", 32, "packets", between(1, 1e6),
               "backlogged flows keep this many packets in their input queue");
    ex.add_int("size-bytes", 1000, "bytes", between(1, 65535), "packet size");
    ex.add_reals("tcp-cpu-us", "", "us", between(1e-3, 1e6),
                 "TCP flows instead of open-loop ones (table7): CPU demand per data packet of "
                 "each flow, comma list (one TCP flow each)");
    ex.add_time("rtt-ms", 20, "ms", between(0, 1e6),
                "TCP flows: round trip added outside the pipeline");
    ex.add_real("link-mbps", 200, "Mb/s", between(1e-3, 1e6),
                "TCP flows: link rate (a packet's link demand is its size / this rate)");
    ex.add_out_file("timeseries",
                    "also write shares over time to FILE (scheduler,time,flow,share_r0,share_r1,"
                    "dominant_share)");
    add_tcp_variant_option(ex);
    ex.use_queues("drfq", true);
    ex.add_alias("scheduler", "queue", 1.0);
    ex.use_presets(builtin_presets());
    return ex.run(argc, argv, [&] {
        drfq::check_schedulers(ex);
        if (ex.set("tcp-cpu-us"))
            drfq::tcp_flows(ex);
        else
            drfq::open_loop(ex);
    });
}
