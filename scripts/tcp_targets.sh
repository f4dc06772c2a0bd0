#!/usr/bin/env bash
# The TCP targets of the SACK/DCTCP work, as long runs (too long for the unit tests), each
# checked against its threshold. Prints dumbbell's --summary rows and PASS/FAIL per target.
#   1. one SACK flow, 1 Gb/s, 10 ms, 833-packet drop-tail, 10 s: utilisation >= 0.90 after
#      warm-up (NewReno alone reaches ~0.62 here: slow-start overshoot, then timeouts);
#   2. DCTCP at 10 Gb/s, 100 us RTT, K = 65 packets, a buffer of 4K = 260 packets, 2..64 flows,
#      DURATION_S (default 5) simulated seconds after 1 s of warm-up: utilisation >= 0.95, mean
#      queue <= 2K, no drops after warm-up, Jain's index >= 0.95;
#   3. the same with delayed ACKs (--delayed-ack on, the default 40 ms timer): the receivers'
#      RFC 8257 CE state machine must keep DCTCP on the same targets.
# Usage: scripts/tcp_targets.sh   (CORELINK_BIN=dir overrides build/bin; DURATION_S=s;
#        DELAYED=only runs just target 3)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${CORELINK_BIN:-build/bin}/dumbbell
[ -x "$bin" ] || { echo "tcp_targets: build first (bash scripts/test.sh)" >&2; exit 2; }
duration=${DURATION_S:-5}
status=0
verdict() {  # CSV-ROW CONDITION(awk, on named fields) LABEL
    if awk -F, -v row="$1" 'BEGIN {
            n = split("queue,tcp,flows,utilisation,goodput_mbps,jain,drops,marks,mean_queue_pkts,p99_queue_pkts,retransmits,timeouts", h, ",")
            split(row, v, ","); for (i = 1; i <= n; i++) c[h[i]] = v[i]
            exit !('"$2"') }'; then
        echo "PASS $3"
    else
        echo "FAIL $3"
        status=1
    fi
}

echo "queue,tcp,flows,utilisation,goodput_mbps,jain,drops,marks,mean_queue_pkts,p99_queue_pkts,retransmits,timeouts"
[ "${DELAYED:-}" = only ] || for t in newreno sack; do
    row=$("$bin" --flows 1 --tcp "$t" --rate-mbps 1000 --rtt-ms 10 --buffer-pkts 833 \
        --duration-s 10 --summary | tail -n 1)
    echo "$row"
    [ "$t" = sack ] && verdict "$row" 'c["utilisation"] >= 0.90' "one SACK flow: utilisation >= 0.90"
done
k=65
dctcp() {  # FLOWS LABEL EXTRA-FLAGS...
    local n=$1 label=$2 row
    shift 2
    row=$("$bin" --flows "$n" --tcp dctcp --rate-mbps 10000 --rtt-ms 0.1 --buffer-pkts $((4 * k)) \
        --mark-k-pkts "$k" --min-rto-ms 10 --duration-s $((duration + 1)) --warmup-s 1 "$@" \
        --summary | tail -n 1)
    echo "$row"
    verdict "$row" "c[\"utilisation\"] >= 0.95 && c[\"mean_queue_pkts\"] <= 2 * $k && c[\"drops\"] == 0 && c[\"jain\"] >= 0.95" \
        "DCTCP$label $n flows: utilisation >= 0.95, mean queue <= 2K, no drops, Jain >= 0.95"
}
if [ "${DELAYED:-}" != only ]; then
    for n in 2 4 8 16 32 64; do dctcp "$n" ""; done
fi
for n in 2 4 8 16 32 64; do dctcp "$n" " (delayed ACKs)" --delayed-ack on; done
exit "$status"
