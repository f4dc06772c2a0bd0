#!/usr/bin/env bash
# Runs one gnuplot script on one data directory after checking that every data file it declares
# exists and is well formed. Usage: plots/plot.sh SCRIPT.gp DATA_DIR OUT_DIR
# A script declares its inputs in lines "# needs: FILE col1,col2,..."; a missing file or column
# fails with one line naming the file, exit status 2, and no figure is written.
set -euo pipefail
script=$1 data=$2 out=$3
mkdir -p "$out"
while read -r _ _ file cols; do
    path="$data/$file"
    if [ ! -s "$path" ]; then
        echo "plot: missing data file $path (run the experiment with --out $data first)" >&2
        exit 2
    fi
    header=$(head -n 1 "$path")
    for c in ${cols//,/ }; do
        if ! tr ',' '\n' <<<"$header" | grep -qx "$c"; then
            echo "plot: malformed data file $path: no column '$c' in header '$header'" >&2
            exit 2
        fi
    done
    if [ "$(wc -l <"$path")" -lt 2 ]; then
        echo "plot: malformed data file $path: header only, no rows" >&2
        exit 2
    fi
done < <(grep '^# needs:' "$script")
# Plot into a temporary directory, then move the finished PNGs in place.
tmp=$(mktemp -d "$out/.plot.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
gnuplot -e "data='$data'; out='$tmp'" "$script"
for f in "$tmp"/*.png; do
    mv "$f" "$out/"
    echo "$out/$(basename "$f")"
done
