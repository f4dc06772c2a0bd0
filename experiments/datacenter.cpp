// Datacenter fabrics (docs/datacenter.md): a FatTree(k) or leaf-spine fabric and either a traffic
// matrix of long-running connections, each with n subflows on ECMP-hashed paths (n = 1: TCP;
// n > 1: MPTCP), run at packet level for every n of --subflows beside the flow-level (max-min
// fluid) prediction for the same path choices (datacenter_matrix.h); or Poisson arrivals of finite
// flows, measured by flow completion time (--tm poisson, datacenter_poisson.h).
#include <fmt/format.h>

#include <climits>

#include "experiments/common/experiment.h"
#include "experiments/common/fabric_options.h"
#include "experiments/common/tcp_path_options.h"
#include "experiments/datacenter_matrix.h"
#include "experiments/datacenter_poisson.h"

using namespace corelink;

int main(int argc, char** argv) {
    Experiment ex(
        "datacenter",
        "Datacenter fabrics (docs/datacenter.md). A FatTree(k) or leaf-spine fabric; each "
        "direction of each link\nis a queue (--queue) + a server at the link rate + a pipe of "
        "--hop-delay-us. A traffic matrix of\nlong-running connections, each with n subflows "
        "hashed independently onto equal-cost shortest paths\n(ECMP; or every packet sprayed). "
        "n = 1 is TCP NewReno; n > 1 MPTCP coupled by --mptcp-cc.\nOne row per --subflows value: "
        "goodput as % of the optimum (the fluid max-min with every connection\nsplit evenly over "
        "all its paths: every host at line rate for a permutation on a full-bisection\nFatTree), "
        "and the fluid max-min prediction for the same path choices (fluid_pct_optimal).\n"
        "With --out DIR: results.csv, connections.csv (per-connection goodput, fluid and optimum) "
        "and\nlinks.csv (per-link utilisation, packet and fluid, and drops).\n"
        "--tm poisson: finite flows arriving at --load, FCT slowdown per size bucket "
        "(docs/nfv-pool.md);\nTCP flows, or MPTCP connections with one --subflows value n > 1.");
    FabricOptionDefaults fabric_defaults;
    fabric_defaults.buffer_pkts = 50;
    fabric_defaults.buffer_help = "buffer of every port (docs/datacenter.md §5 on the choice)";
    add_fabric_options(ex, fabric_defaults);
    ex.add_choice("tm", "permutation", {"permutation", "random", "stride", "incast", "poisson"},
                  "traffic matrix: permutation, random, stride or incast (long-running "
                  "connections), or poisson (finite flows, FCT per size bucket; see --load, "
                  "--flow-sizes)");
    ex.add_int("stride", 1, "hosts", between(1, INT32_MAX),
               "--tm stride: host i sends to (i + stride) mod hosts");
    ex.add_int("incast-senders", 8, "hosts", between(1, INT32_MAX),
               "--tm incast: senders to one receiver (at most hosts - 1)");
    ex.add_choice("routing", "ecmp", {"ecmp", "spray"},
                  "ecmp (a path per subflow, hashed at start) or spray (a random path per packet)");
    FabricRunDefaults run_defaults;
    // Long-running connections need about 3 s to settle: a subflow whose whole first window is
    // dropped has no RTT sample and waits RFC 6298's 1 s initial RTO, then 2 s if that retry is
    // lost too. Measured from 1 s, the anchor's throughput still climbed 1.5 points a second
    // later; from 3 s on it is flat (docs/datacenter.md §6).
    run_defaults.warmup_s = 3.0;
    run_defaults.warmup_help =
        "simulated time before goodput is measured (below --duration-s); long-running "
        "connections settle in about 3 s (the 1 s initial RTO of a subflow whose first window "
        "was lost, then its 2 s backoff; docs/datacenter.md §6)";
    add_fabric_run_options(ex, run_defaults);
    ex.add_time("start-spread-ms", 1.0, "ms", between(0, 1e6),
                "subflows start at uniform random times in [0, this)");
    ex.add_int("mss-bytes", 1500, "bytes", between(64, 9000), "data packet size");
    ex.add_int("ack-bytes", 40, "bytes", between(1, 1500),
               "ACK packet size (40: IPv4 and TCP headers); ACKs share the fabric's queues and "
               "links with data, the fluid model leaves them out");
    ex.add_flag("fluid-only",
                "skip the packet-level run: report only the fluid prediction (seconds even at "
                "k = 32)");
    add_tcp_variant_option(ex);
    add_poisson_options(ex);
    ex.use_queues("droptail");
    return ex.run(argc, argv, [&] {
        const FabricOptions fabric = read_fabric_options(ex);
        const FabricRunOptions run = read_fabric_run_options(ex);
        const auto mss = static_cast<uint32_t>(ex.integer("mss-bytes"));
        LinkOptions links = fabric.links;
        const QueueSpec& queue = ex.queues().front();
        links.queue = queue.name;
        links.queue_options = &queue.options;
        links.mss_bytes = mss;
        TcpConfig tcp;
        tcp.mss_bytes = mss;
        tcp.ack_bytes = static_cast<uint32_t>(ex.integer("ack-bytes"));
        tcp.min_rto = run.min_rto;
        read_tcp_variant(ex, tcp);

        if (ex.text("tm") == "poisson") {
            if (run.subflows.size() != 1)
                throw InputError(
                    "--subflows: --tm poisson takes one value (1 = TCP, more = MPTCP), not a list");
            PoissonRunSettings p;
            p.links = links;
            p.tcp = tcp;
            p.subflows = run.subflows[0];
            p.cc = run.cc;
            // Datacenter stacks start at the minimum RTO: with RFC 6298's 1 s, every finished
            // connection's first timer entry would pin its memory for a second.
            p.tcp.initial_rto = p.tcp.min_rto;
            p.duration_s = run.duration_s;
            run_poisson(ex, *make_fabric_shape(fabric), p);
            return;
        }
        MatrixRunSettings m;
        m.fabric = fabric;
        m.run = run;
        m.links = links;
        m.tcp = tcp;
        m.tm.kind = parse_traffic_matrix("tm", ex.text("tm"));
        m.tm.stride = static_cast<uint32_t>(ex.integer("stride"));
        m.tm.incast_senders = static_cast<uint32_t>(ex.integer("incast-senders"));
        m.routing = ex.text("routing") == "spray" ? RoutingMode::Spray : RoutingMode::Ecmp;
        m.start_spread = ex.time("start-spread-ms");
        m.fluid_only = ex.on("fluid-only");
        run_matrix(ex, m);
    });
}
