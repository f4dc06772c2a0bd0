# Declares the figure's simulation points; see scripts/job_list.sh. One point per busy count.
title="KBNets Fig. 6: ping latency through an idle forwarder sharing the core with P busy forwarders"
paper="alone ~120 us (end to end); 10 busy: median 1.3 ms, tail 2 ms; 25 busy: median 1.8 ms, tail 4.5 ms"
plot plots/kbnets_fig6.gp
for busy in 0 10 25; do
    point "b$busy" oscore --scenario fig6 --processes "$busy" --duration-ms "$(len 10000 50000)"
done
