# A tiny figure for the runner test: three dumbbell points.
title="Runner test: a three-point sweep"
paper="(none)"
plot plots/dumbbell.gp
for n in 2 4 8; do
    point "n$n" dumbbell --flows "$n" --rate-mbps 200 --duration-s "$(len 4 8)" --trace-flows 4
done
