#!/usr/bin/env bash
# Gathers each figure's cached points into figures/data/FIGURE/, plots it, and writes the
# gallery figures/index.html.
# Usage: scripts/gather.sh JOBLIST CACHE_DIR OUT_DIR
# Every CSV file a point wrote is concatenated over the figure's points in job-list order (one
# header); with several points a last column "point" names the point each row came from.
set -euo pipefail
cd "$(dirname "$0")/.."
joblist=$1 cache=$2 out=$3
html_rows=""
status=0

esc() { sed -e 's/&/\&amp;/g' -e 's/</\&lt;/g' -e 's/>/\&gt;/g'; }
csv_to_html() {  # at most 40 rows
    awk -F, 'NR==1{printf "<tr>"; for(i=1;i<=NF;i++) printf "<th>%s</th>", $i; print "</tr>"; next}
             NR<=41{printf "<tr>"; for(i=1;i<=NF;i++) printf "<td>%s</td>", $i; print "</tr>"}
             END{if (NR>41) printf "<tr><td colspan=99>… %d more rows in the CSV</td></tr>\n", NR-41}' "$1"
}

for fig in $(cut -f1 "$joblist" | uniq); do
    data="$out/data/$fig"
    tmp=$(mktemp -d "$out/data/.$fig.XXXXXX")
    mapfile -t points < <(awk -F'\t' -v f="$fig" '$1==f {print $2"\t"$3}' "$joblist")
    n=${#points[@]}
    missing=0
    for pk in "${points[@]}"; do
        [ -d "$cache/${pk#*$'\t'}" ] || missing=1
    done
    if [ "$missing" = 1 ]; then
        echo "figures: $fig: some points have no result; skipping its plot" >&2
        rm -rf "$tmp"; status=2; continue
    fi
    first=${points[0]#*$'\t'}
    for f in "$cache/$first"/*.csv; do
        name=$(basename "$f")
        [ "$name" = stdout.csv ] && continue
        for pk in "${points[@]}"; do
            id=${pk%%$'\t'*} key=${pk#*$'\t'}
            src="$cache/$key/$name"
            [ -f "$src" ] || continue
            if [ "$n" = 1 ]; then cat "$src"
            elif [ ! -s "$tmp/$name" ]; then
                awk -v id="$id" 'NR==1{print $0",point"; next}{print $0","id}' "$src"
            else
                awk -v id="$id" 'NR>1{print $0","id}' "$src"
            fi >>"$tmp/$name"
        done
    done
    rm -rf "$data"
    mv -T "$tmp" "$data"

    decl="plots/figures/$fig.sh"
    title=$(sed -n 's/^title="\(.*\)"$/\1/p' "$decl")
    paper=$(sed -n 's/^paper="\(.*\)"$/\1/p' "$decl")
    script=$(sed -n 's/^plot \(.*\)$/\1/p' "$decl")
    pngs=""
    if [ -n "$script" ]; then
        if pngs=$(plots/plot.sh "$script" "$data" "$out"); then :; else status=2; pngs=""; fi
    fi
    img=""
    for p in $pngs; do img+="<img src=\"$(basename "$p")\" alt=\"$fig\">"; done
    cmds=$(awk -F'\t' -v f="$fig" '$1==f {print "build/bin/"$4}' "$joblist" | head -n 12 | esc)
    shown=""
    if [ "$n" -gt 12 ]; then shown=", first 12 shown"; fi
    table=""
    [ -f "$data/results.csv" ] && table="<table>$(csv_to_html "$data/results.csv")</table>"
    html_rows+="<section><h2>$(esc <<<"$title") <small>($fig)</small></h2>
<p><b>Paper:</b> $(esc <<<"$paper")</p>$img
<details><summary>Simulated numbers (figures/data/$fig/results.csv)</summary>$table</details>
<details><summary>Commands ($n points$shown)</summary><pre>$cmds</pre></details>
</section>
"
done

cat >"$out/index.html.tmp" <<HTML
<!doctype html>
<html><head><meta charset="utf-8"><title>corelink figures</title>
<style>body{font-family:sans-serif;max-width:1100px;margin:auto;padding:1em}
img{max-width:100%;border:1px solid #ccc;margin:.3em 0}table{border-collapse:collapse;font-size:85%}
td,th{border:1px solid #ccc;padding:2px 6px;text-align:right}pre{background:#f4f4f4;padding:.5em;overflow-x:auto}
section{border-bottom:1px solid #ddd;padding-bottom:1em}</style></head><body>
<h1>corelink figures</h1>
<p>Regenerate with <code>bash scripts/figures.sh</code> (paper-length runs: <code>--full</code>).
Each figure lists what the paper reports, the simulated numbers, and the exact commands.</p>
$html_rows
</body></html>
HTML
mv "$out/index.html.tmp" "$out/index.html"
exit "$status"
