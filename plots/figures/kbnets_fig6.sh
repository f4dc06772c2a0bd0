# Declares the figure's simulation points; see scripts/job_list.sh. One point per busy count.
title="KBNets Fig. 6: ping latency through an idle forwarder sharing the core with P busy forwarders"
paper="alone ~120 us (end to end); 10 busy: median 1.3 ms, tail 2 ms; 25 busy: median 1.8 ms, tail 4.5 ms"
plot plots/kbnets_fig6.gp
for busy in 0 10 25; do
    point "b$busy" oscore --scenario fig6 --processes "$busy" --duration-ms "$(len 10000 50000)"
done
# Tolerances: docs/figures.md#kbnets_fig6 (±30% on latencies; the lone forwarder's ~120 us is end
# to end through the hosts, which the model leaves out, so it is not checked).
expect results.csv "busy_processes=10" median_us 910 1690 "10 busy: median 1.3 ms"
expect results.csv "busy_processes=10" p99_us 1400 2600 "10 busy: tail 2 ms (p99)"
expect results.csv "busy_processes=25" median_us 1260 2340 "25 busy: median 1.8 ms"
expect results.csv "busy_processes=25" p99_us 3150 5850 "25 busy: tail 4.5 ms (p99)"
