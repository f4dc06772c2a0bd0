# A tiny figure for the runner test: one fairness point.
title="Runner test: one point"
paper="(none)"
point k2 fairness --queue red4 --cost-ratio 2 --duration-s 5
