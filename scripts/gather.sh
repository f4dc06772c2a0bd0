#!/usr/bin/env bash
# Gathers each figure's cached points into figures/data/FIGURE/, plots it, checks it against the
# paper, and writes the gallery figures/index.html.
# Usage: scripts/gather.sh JOBLIST CACHE_DIR OUT_DIR [DECLS=plots/figures]
# Every CSV file a point wrote is concatenated over the figure's points in job-list order (one
# header); with several points a last column "point" names the point each row came from.
# A declaration's expect lines (scripts/job_list.sh; tolerances from docs/figures.md) are
# evaluated on the gathered CSV files into data/FIGURE/checks.csv; the gallery marks every number
# that falls outside the paper's tolerance with ✗.
set -euo pipefail
cd "$(dirname "$0")/.."
joblist=$1 cache=$2 out=$3 decls=${4:-plots/figures}
sections="" toc=""
status=0 checks_total=0 checks_missed=0

esc() { sed -e 's/&/\&amp;/g' -e 's/</\&lt;/g' -e 's/>/\&gt;/g'; }

# The declaration's title, paper claim, plot script and expect lines, one per line, fields
# separated by US (\x1f: unlike a tab, consecutive ones do not merge when read splits them).
# shellcheck disable=SC2317  # the stubs are called by the sourced declaration
read_decl() {
    (
        point() { :; }
        len() { echo "$1"; }
        plot() { printf 'plot\x1f%s\n' "$1"; }
        # expect FILE FILTER COLUMN LO HI CLAIM: the mean of COLUMN over the rows of FILE matching
        #   FILTER lies in [LO, HI] ("-": unbounded). FILTER is "col=value,col>=value,..." (all
        #   must hold; = compares numbers as numbers; < > <= >= are numeric); empty: every row.
        expect() { printf 'check\x1f%s\x1f%s\x1f\x1f%s\x1f%s\x1f%s\x1f%s\n' "$1" "$2" "$3" "$4" "$5" "$6"; }
        # expect_ratio FILE FILTER_A FILTER_B COLUMN LO HI CLAIM: mean over A / mean over B.
        expect_ratio() { printf 'check\x1f%s\x1f%s\x1f%s\x1f%s\x1f%s\x1f%s\x1f%s\n' "$@"; }
        title="" paper=""
        # shellcheck source=/dev/null
        . "$1"
        printf 'title\x1f%s\npaper\x1f%s\n' "$title" "$paper"
    )
}

# The awk functions both the checks and the HTML marks use to pick rows: a filter is a comma list
# of COLUMN OP VALUE (OP one of = < > <= >=; "=" compares numbers as numbers); the caller's awk
# program fills idx[column name] = field number from the header.
# shellcheck disable=SC2016  # awk code: the $ fields are awk's, not the shell's
AWK_ROW_FILTER='
    function same(a, b) { return a == b || (a ~ /^-?[0-9.eE+-]+$/ && b ~ /^-?[0-9.eE+-]+$/ && a + 0 == b + 0) }
    function matches(filter,   n, conds, i, name, op, val, x) {
        if (filter == "") return 1
        n = split(filter, conds, ",")
        for (i = 1; i <= n; i++) {
            if (!match(conds[i], /(<=|>=|=|<|>)/)) return 0
            name = substr(conds[i], 1, RSTART - 1); op = substr(conds[i], RSTART, RLENGTH)
            val = substr(conds[i], RSTART + RLENGTH)
            if (!(name in idx)) return 0
            x = $idx[name]
            if (op == "=" && !same(x, val)) return 0
            if (op == "<" && !(x + 0 < val + 0)) return 0
            if (op == ">" && !(x + 0 > val + 0)) return 0
            if (op == "<=" && !(x + 0 <= val + 0)) return 0
            if (op == ">=" && !(x + 0 >= val + 0)) return 0
        }
        return 1
    }
'

# Evaluates one check on a CSV file; prints "VALUE<TAB>within|outside|missing".
evaluate() {  # FILE FILTER_A FILTER_B COLUMN LO HI
    [ -f "$1" ] || { printf -- '-\tmissing\n'; return; }
    awk -F, -v fa="$2" -v fb="$3" -v col="$4" -v lo="$5" -v hi="$6" "$AWK_ROW_FILTER"'
        NR == 1 { for (i = 1; i <= NF; i++) idx[$i] = i; next }
        !(col in idx) { next }
        matches(fa) { sa += $idx[col]; na++ }
        fb != "" && matches(fb) { sb += $idx[col]; nb++ }
        END {
            if (!(col in idx) || na == 0 || (fb != "" && (nb == 0 || sb == 0))) { print "-\tmissing"; exit }
            v = sa / na
            if (fb != "") v = v / (sb / nb)
            ok = (lo == "-" || v >= lo + 0) && (hi == "-" || v <= hi + 0)
            printf "%.4g\t%s\n", v, ok ? "within" : "outside"
        }' "$1"
}

# The results table as HTML (at most 40 rows); cells that a check covers are marked, red with ✗
# when the check missed. Marks come as lines "FILTER<TAB>COLUMN<TAB>within|outside".
csv_to_html() {  # CSV MARKS_FILE
    awk -F, -v marks="$2" "$AWK_ROW_FILTER"'
        BEGIN { while ((getline line < marks) > 0) { split(line, m, "\t"); nm++; mf[nm] = m[1]; mc[nm] = m[2]; mr[nm] = m[3] } }
        NR == 1 { printf "<tr>"; for (i = 1; i <= NF; i++) { idx[$i] = i; printf "<th>%s</th>", $i }; print "</tr>"; next }
        NR <= 41 {
            printf "<tr>"
            for (i = 1; i <= NF; i++) {
                cls = ""
                for (k = 1; k <= nm; k++)
                    if (idx[mc[k]] == i && matches(mf[k]) && cls != "miss") cls = (mr[k] == "within" ? "ok" : "miss")
                if (cls == "miss") printf "<td class=miss title=\"outside the paper&#39;s tolerance\">%s ✗</td>", $i
                else if (cls == "ok") printf "<td class=ok title=\"within the paper&#39;s tolerance\">%s</td>", $i
                else printf "<td>%s</td>", $i
            }
            print "</tr>"
        }
        END { if (NR > 41) printf "<tr><td colspan=99>… %d more rows in the CSV</td></tr>\n", NR - 41 }' "$1"
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
        # The -s test only asks whether the file has its header yet.
        # shellcheck disable=SC2094
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

    decl_info=$(read_decl "$decls/$fig.sh")
    title=$(awk -F'\x1f' '$1=="title" {print $2}' <<<"$decl_info")
    paper=$(awk -F'\x1f' '$1=="paper" {print $2}' <<<"$decl_info")
    script=$(awk -F'\x1f' '$1=="plot" {print $2}' <<<"$decl_info")

    # The paper's numbers against the simulated ones.
    marks=$(mktemp)
    check_rows="" misses=0
    echo "claim,file,filter,ratio_to,column,low,high,simulated,verdict" >"$tmp/checks.csv"
    while IFS=$'\x1f' read -r _ file fa fb col lo hi claim; do
        result=$(evaluate "$tmp/$file" "$fa" "$fb" "$col" "$lo" "$hi")
        value=${result%%$'\t'*} verdict=${result#*$'\t'}
        checks_total=$((checks_total + 1))
        printf '"%s",%s,"%s","%s",%s,%s,%s,%s,%s\n' "${claim//\"/\'}" "$file" "$fa" "$fb" "$col" "$lo" "$hi" "$value" "$verdict" >>"$tmp/checks.csv"
        if [ "$verdict" = within ]; then
            mark="<td class=ok>✓ within</td>"
        else
            misses=$((misses + 1)) checks_missed=$((checks_missed + 1))
            mark="<td class=miss>✗ ${verdict/outside/outside tolerance}</td>"
        fi
        [ "$file" = results.csv ] && [ -z "$fb" ] && printf '%s\t%s\t%s\n' "$fa" "$col" "$verdict" >>"$marks"
        what="$col${fa:+ where $fa}${fb:+ / same where $fb}"
        range="[${lo/-/−∞}, ${hi/-/∞}]"
        [ "$lo" = "-" ] && range="≤ $hi"
        [ "$hi" = "-" ] && range="≥ $lo"
        check_rows+="<tr><td>$(esc <<<"$claim")</td><td><code>$(esc <<<"$file: $what")</code></td><td>$range</td><td>$value</td>$mark</tr>"
    done < <(grep '^check' <<<"$decl_info" || true)

    rm -rf "$data"
    mv -T "$tmp" "$data"

    pngs=""
    if [ -n "$script" ]; then
        if pngs=$(plots/plot.sh "$script" "$data" "$out"); then :; else status=2; pngs=""; fi
    fi
    img=""
    for p in $pngs; do img+="<img src=\"$(basename "$p")\" alt=\"$fig\">"; done
    cmds=$(awk -F'\t' -v f="$fig" '$1==f {print "build/bin/"$4}' "$joblist" | esc)
    table=""
    [ -f "$data/results.csv" ] && table="<div class=wide><table>$(csv_to_html "$data/results.csv" "$marks")</table></div>"
    rm -f "$marks"
    links=""
    for f in "$data"/*.csv; do
        links+=" <a href=\"data/$fig/$(basename "$f")\">$(basename "$f")</a>"
    done
    checks="" badge="" open=""
    if [ -n "$check_rows" ]; then
        checks="<table class=checks><tr><th>the paper reports</th><th>simulated quantity</th><th>tolerance</th><th>simulated</th><th></th></tr>$check_rows</table>"
        if [ "$misses" -gt 0 ]; then
            badge=" <span class=miss>✗ $misses outside tolerance</span>"
            open=" open"  # so that the marked numbers are in sight
        else
            badge=" <span class=ok>✓</span>"
        fi
    fi
    toc+="<li><a href=\"#$fig\">$(esc <<<"$title")</a>$badge</li>"
    sections+="<section id=\"$fig\"><h2>$(esc <<<"$title") <small>($fig)</small>$badge</h2>
<p><b>Paper:</b> $(esc <<<"$paper")</p>
<p class=links>Data:$links · <a href=\"#top\">top</a></p>$checks$img
<details$open><summary>Simulated numbers (data/$fig/results.csv)</summary>$table</details>
<details><summary>Commands ($n points)</summary><pre>$cmds</pre></details>
</section>
"
done

commit=$(git rev-parse --short=12 HEAD 2>/dev/null || echo "unknown")
commit_date=$(git log -1 --format=%cd --date=format:'%Y-%m-%d %H:%M %z' 2>/dev/null || echo "unknown")
dirty=""
[ -n "$(git status --porcelain --untracked-files=no 2>/dev/null)" ] && dirty=" plus uncommitted changes"
built=$(date -u '+%Y-%m-%d %H:%M UTC')
summary="$((checks_total - checks_missed)) of $checks_total checks within the paper's tolerance"
[ "$checks_missed" -gt 0 ] && summary+="; <span class=miss>✗ $checks_missed outside</span> (marked below)"

cat >"$out/index.html.tmp" <<HTML
<!doctype html>
<html><head><meta charset="utf-8"><title>corelink figures</title>
<style>body{font-family:sans-serif;max-width:1100px;margin:auto;padding:1em}
img{max-width:100%;border:1px solid #ccc;margin:.3em 0}table{border-collapse:collapse;font-size:85%;margin:.5em 0}
td,th{border:1px solid #ccc;padding:2px 6px;text-align:right;white-space:nowrap}.wide{overflow-x:auto}pre{background:#f4f4f4;padding:.5em;overflow-x:auto}
table.checks td{text-align:left}table.checks td:nth-child(-n+2){white-space:normal}section{border-bottom:1px solid #ddd;padding-bottom:1em}
.miss{background:#fdd;color:#a00;font-weight:bold}.ok{background:#efe}span.ok,span.miss{padding:0 .3em}
.links{font-size:90%}h2 small{color:#666;font-weight:normal}</style></head><body>
<h1 id="top">corelink figures</h1>
<p>Built on $built from commit <code>$commit</code> ($commit_date)$dirty.
Regenerate with <code>bash scripts/figures.sh</code> (five times longer runs: <code>--full</code>).
Each figure lists what the paper reports, the simulated numbers, and the exact commands; the
tolerances are those of <code>docs/figures.md</code>. $summary.</p>
<h2>Contents</h2>
<ol>$toc</ol>
$sections
</body></html>
HTML
mv "$out/index.html.tmp" "$out/index.html"
exit "$status"
