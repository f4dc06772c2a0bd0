#!/usr/bin/env python3
"""Fits the three calibrated constants of the OS-core model (docs/oscore-calibration.md):
  C1 base cycles    <- Fig. 3, 1 process, 1000 extra cycles: 2.5 Mpps     (closed form)
  C2 syscall cost   <- Fig. 2, 5 processes, no yield: 5.1 Mpps            (bisection, poll = TX)
  C3 switch refill  <- Fig. 3, 30 processes, plain forwarding: 3.5 Mpps   (bisection)
The per-packet refill (480 cycles), the saturation point (25 processes), the clock, the context
switch and sched_yield costs are a-priori values and stay at the binary's defaults.
Usage: docs/oscore_calibrate.py build/bin/oscore"""
import subprocess, sys, tempfile

binary = sys.argv[1]
CLOCK = 3.0e9
YIELD_NS = 200.0
DURATION = "1000"
out_dir = tempfile.mkdtemp(prefix="oscore_cal")

def run(args):
    return subprocess.run([binary, "--csv", "--duration-ms", DURATION] + args, check=True,
                          capture_output=True, text=True).stdout

def base_for(s_ns):
    # One overloaded process takes full 1024-packet batches and never switches:
    # 1024 / (1024 (base + 1000) / clock + yield + poll + TX) = 2.5 Mpps.
    per_batch = 1024 / 2.5e6 - (2 * s_ns + YIELD_NS) * 1e-9
    return per_batch * CLOCK / 1024 - 1000

def common(s, switch):
    return ["--poll-ns", f"{s:.1f}", "--tx-ns", f"{s:.1f}", "--base-cycles", f"{base_for(s):.2f}",
            "--refill-switch-cycles", f"{switch:.0f}"]

def fig2(s, switch):
    run(["--scenario", "fig2", "--out", out_dir] + common(s, switch))
    rows = [r.split(",") for r in open(f"{out_dir}/summary.csv").read().splitlines()[1:]]
    return {r[0]: (float(r[1]), int(r[5])) for r in rows}  # yield -> (Mpps, median batch)

def p30(s, switch):
    rows = run(["--processes", "30"] + common(s, switch)).splitlines()[1:]
    return sum(float(r.split(",")[3]) for r in rows)

def bisect(f, lo, hi, target, decreasing=True, steps=16):
    for _ in range(steps):
        mid = (lo + hi) / 2
        if (f(mid) > target) == decreasing:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2

s, switch = 1000.0, 300000.0
for it in range(4):
    s = bisect(lambda x: fig2(x, switch)["off"][0], 600.0, 1600.0, 5.1)
    switch = bisect(lambda x: p30(s, x), 0.0, 2.0e6, 3.5)
    f2 = fig2(s, switch)
    print(f"iteration {it}: syscall {s:.1f} ns, switch refill {switch:.0f} cycles, "
          f"base {base_for(s):.2f} cycles; fig2 no-yield {f2['off'][0]:.3f} Mpps, "
          f"yield {f2['on'][0]:.3f} Mpps (median batch {f2['on'][1]}), P=30 {p30(s, switch):.3f} Mpps")
