#!/usr/bin/env bash
# bench/kpi-bench.sh [SCALE] (default 3) — what the starter pack of summaries and KPIs costs and gives, on
# the reference data set (../shared/bench/gen-data.sh) and its two servers:
#   1. snapmask's refresh from stage to swap (bench/LoadBench.java, as load-bench.sh runs it), without
#      analytics scripts and KPIs, then with sql/analytics/starter and config/kpis-starter.yaml: the
#      scripts' and the KPI queries' seconds, and what they add to the run in percent (goal: under 10 %)
#   2. each starter KPI as a dashboard card asks it on the analytics server, from its summary and from
#      the raw tables (bench/KpiCards.java), median of 5 (goal: every card under 100 ms from its summary)
# Env: LOAD_THREADS (2), SHARED_BENCH, lib.sh's settings.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SHARED=${SHARED_BENCH:-$ROOT/../shared/bench}
. "$SHARED/lib.sh"
LOAD_THREADS=${LOAD_THREADS:-2}
SCALE=${1:-3}
mkdir -p "$BENCH_RESULTS" "$BENCH_WORK"
"$SHARED/mariadb.sh" start source "$SRC_PORT" >&2
"$SHARED/mariadb.sh" start analytics "$DST_PORT" >&2
. "$ROOT/bench/classpath.sh"
"$SHARED/gen-data.sh" "$SCALE" >&2

field() { grep -o "$1=[0-9.]*" | tail -1 | cut -d= -f2; }
run_snapmask() {
  reset_source_users
  java -Xmx256m -cp "$CP" LoadBench "jdbc:mysql://$BENCH_HOST:$SRC_PORT/" "jdbc:mysql://$BENCH_HOST:$DST_PORT/" \
    "$BENCH_DB_USER" "$BENCH_DB_PASSWORD" "$BENCH_DB" "$ROOT/bench/reference-rules.yaml" "$LOAD_THREADS" true "$@" \
    > "$BENCH_WORK/kpi-bench.out" 2>&1 || { tail -30 "$BENCH_WORK/kpi-bench.out" >&2; exit 1; }
  grep '^snapmask stage_s' "$BENCH_WORK/kpi-bench.out"
}
plain=$(run_snapmask)
with=$(run_snapmask "$ROOT/sql/analytics/starter" "$ROOT/config/kpis-starter.yaml")
verify_analytics >&2 || { echo "snapmask run failed verification" >&2; exit 1; }
cards=$(java -cp "$CP" KpiCards "jdbc:mysql://$BENCH_HOST:$DST_PORT/" "$BENCH_DB_USER" "$BENCH_DB_PASSWORD" "$BENCH_DB" \
  "$ROOT/config/kpis-starter.yaml")
reset_source_users

t_plain=$(field total_s <<<"$plain"); t_with=$(field total_s <<<"$with")
scripts=$(field scripts_s <<<"$with"); kpis=$(field kpis_s <<<"$with")
echo "SCALE=$SCALE, $(field rows <<<"$with") rows, load threads $LOAD_THREADS"
echo
echo "| run (stage to swap) | seconds | analytics scripts s | KPI queries s | added to the run |"
echo "|---|---|---|---|---|"
echo "| without analytics scripts and KPIs | $t_plain | | | |"
awk -v w="$t_with" -v p="$t_plain" -v s="$scripts" -v k="$kpis" 'BEGIN {
  printf "| with the starter pack | %s | %s | %s | %.1f %% of the run without (scripts + KPIs: %.1f %%) |\n", w, s, k, (w - p) * 100 / p, (s + k) * 100 / p }'
echo
echo "| KPI card | from its summary, ms | from the raw tables, ms | same answer | value |"
echo "|---|---|---|---|---|"
while read -r line; do
  printf '| %s | %s | %s | %s | %s |\n' "$(grep -o 'kpi=[a-z_]*' <<<"$line" | cut -d= -f2)" "$(field summary_ms <<<"$line")" \
    "$(field raw_ms <<<"$line")" "$(grep -o 'same=[a-z]*' <<<"$line" | cut -d= -f2)" "$(sed 's/.*value=//' <<<"$line")"
done <<<"$cards"
