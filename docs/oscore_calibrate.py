#!/usr/bin/env python3
"""Fits the three calibrated constants of the OS-core model (docs/oscore-calibration.md):
  base cycles   <- Fig. 3, 1 process, 1000 extra cycles: 2.5 Mpps   (solved in closed form)
  syscall cost  <- Fig. 2, 5 processes, no yield: 5.1 Mpps          (bisection, poll = TX)
  refill max    <- Fig. 3, 30 processes, plain forwarding: 3.5 Mpps (bisection)
Usage: docs/oscore_calibrate.py build/bin/oscore"""
import subprocess, sys

binary = sys.argv[1]
CLOCK = 3.0e9
DURATION = "1000"

def run(args):
    out = subprocess.run([binary, "--csv", "--duration-ms", DURATION] + args, check=True,
                         capture_output=True, text=True).stdout
    return out

def base_for(s_ns):
    # One overloaded process takes full 1024-packet batches and never switches:
    # 1024 / (1024 (base + 1000) / clock + poll + tx) = 2.5 Mpps.
    per_batch = 1024 / 2.5e6 - 2 * s_ns * 1e-9
    return per_batch * CLOCK / 1024 - 1000

def common(s, refill):
    return ["--poll-ns", f"{s:.1f}", "--tx-ns", f"{s:.1f}", "--base-cycles", f"{base_for(s):.2f}",
            "--refill-max-cycles", f"{refill:.1f}"]

def fig2_noyield(s, refill):
    rows = run(["--scenario", "fig2", "--out", "/tmp/oscore_cal"] + common(s, refill))
    summary = open("/tmp/oscore_cal/summary.csv").read().splitlines()[1:]
    return float(summary[0].split(",")[1])

def p30(s, refill):
    out = run(["--processes", "30"] + common(s, refill)).splitlines()[1:]
    return sum(float(r.split(",")[3]) for r in out)

def bisect(f, lo, hi, target, decreasing=True, steps=14):
    for _ in range(steps):
        mid = (lo + hi) / 2
        v = f(mid)
        if (v > target) == decreasing:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2

s, refill = 1000.0, 660.0
for it in range(3):
    s = bisect(lambda x: fig2_noyield(x, refill), 600.0, 1600.0, 5.1)
    refill = bisect(lambda x: p30(s, x), 200.0, 1500.0, 3.5)
    print(f"iteration {it}: syscall {s:.1f} ns, refill max {refill:.1f} cycles, "
          f"base {base_for(s):.2f} cycles; fig2 no-yield {fig2_noyield(s, refill):.3f} Mpps, "
          f"P=30 {p30(s, refill):.3f} Mpps")
