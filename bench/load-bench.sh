#!/usr/bin/env bash
# bench/load-bench.sh [SCALE...] — mask + copy, same machine, same servers, same invocation:
#   mysqldump + mysql        ../shared/bench/reference-pipeline.sh (the reference system)
#   mydumper/myloader t=4    ../shared/bench/mydumper-pipeline.sh with THREADS=4
#   server-copy bound        ../shared/bench/limit-pipeline.sh with METHOD=server-copy STREAMS=2
#                            SPLIT=tables: INSERT ... SELECT on the source server, no client at all
#   floor                    the analytics server alone loading learning_histories from a local file
#                            with snapmask's LOAD DATA (see floor_pipeline)
#   snapmask                 bench/LoadBench.java in a JVM with -Xmx256m: the refresh route's steps
#                            stage (the tables no rule changes start loading), mask (reference rules),
#                            verify (leak check + schema guard), load (LOAD DATA LOCAL streams,
#                            staging, each table compared with what was sent, + swap); seconds = wall time
#                            from stage to the swap. Then once more with snapmask.load.compare=false: the
#                            comparison's cost is the difference
# The reference data set is built by ../shared/bench/gen-data.sh on its `source` (:3407) and
# `analytics` (:3408) servers; before every run the unmasked users are restored, untimed.
# Before each pipeline both servers flush what the previous one left dirty (settle), so no pipeline
# pays for another's background writes. Prints one table per invocation. Env: RUNS (1), LOAD_THREADS (2), SHARED_BENCH, lib.sh's settings.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SHARED=${SHARED_BENCH:-$ROOT/../shared/bench}
. "$SHARED/lib.sh"
RUNS=${RUNS:-1}
LOAD_THREADS=${LOAD_THREADS:-2}
SCALES=("$@"); [ ${#SCALES[@]} -gt 0 ] || SCALES=(1 3)
OUT=$BENCH_RESULTS/load-bench-$(date +%Y%m%d-%H%M%S).tsv
mkdir -p "$BENCH_RESULTS" "$BENCH_WORK"

"$SHARED/mariadb.sh" start source "$SRC_PORT" >&2
"$SHARED/mariadb.sh" start analytics "$DST_PORT" >&2
. "$ROOT/bench/classpath.sh"

field() { grep -o "$1=[0-9.]*" | tail -1 | cut -d= -f2; }
# Before each pipeline: let both servers write back what the previous one left dirty (at most 60 s),
# so no pipeline pays for its predecessor's background flushing.
settle() {
  local port dirty i
  for port in "$SRC_PORT" "$DST_PORT"; do
    msql "$port" -e "SET GLOBAL innodb_max_dirty_pages_pct = 0" 2>/dev/null || true
    for i in $(seq 1 60); do
      dirty=$(msql "$port" -N -e "SHOW GLOBAL STATUS LIKE 'Innodb_buffer_pool_pages_dirty'" | awk '{print $2}')
      [ "${dirty:-0}" -lt 100 ] && break
      sleep 1
    done
    msql "$port" -e "SET GLOBAL innodb_max_dirty_pages_pct = DEFAULT" 2>/dev/null || true
  done
}
# What no client-side copy into another server can beat on this machine: the analytics server alone
# loading the biggest table (learning_histories, 4 M rows at SCALE=2) with snapmask's session and
# LOAD DATA statement from a file the mariadb client streams (exported by the source, untimed): no
# source server, no JVM, no other table, no masking competing for the cores. The bound copies every
# table in about the time this one table takes here, because INSERT ... SELECT moves binary rows
# and LOAD DATA has to parse text.
floor_pipeline() {
  local file=$BENCH_WORK/floor-learning_histories.tsv t0 t1
  rm -f "$file"
  src -e "SET SESSION time_zone = '+00:00'; SELECT * INTO OUTFILE '$file' FIELDS TERMINATED BY '\t' ESCAPED BY '\\\\' LINES TERMINATED BY '\n' FROM \`$BENCH_DB\`.learning_histories"
  dst -e "DROP DATABASE IF EXISTS bench_floor; CREATE DATABASE bench_floor"
  { echo "SET SESSION FOREIGN_KEY_CHECKS = 0;"; src -N --raw -e "SHOW CREATE TABLE \`$BENCH_DB\`.learning_histories" | cut -f2; echo ";"; } \
    | dst bench_floor
  # as snapmask does for its staging tables: InnoDB's statistics recalculation would take the other core
  dst bench_floor -e "ALTER TABLE learning_histories STATS_AUTO_RECALC = 0"
  t0=$(now)
  dst --local-infile=1 bench_floor -e "SET SESSION time_zone = '+00:00', SESSION FOREIGN_KEY_CHECKS = 0, SESSION UNIQUE_CHECKS = 0,
      SESSION sql_mode = 'STRICT_ALL_TABLES,NO_AUTO_VALUE_ON_ZERO,NO_ENGINE_SUBSTITUTION';
    LOAD DATA LOCAL INFILE '$file' INTO TABLE learning_histories CHARACTER SET binary
      FIELDS TERMINATED BY '\t' ESCAPED BY '\\\\' LINES TERMINATED BY '\n'"
  t1=$(now)
  echo "total_s=$(secs "$t0" "$t1") rows=$(dst -N -e 'SELECT COUNT(*) FROM bench_floor.learning_histories') peak_rss_kb=0"
  dst -e "DROP DATABASE bench_floor"
  rm -f "$file"
}
for scale in "${SCALES[@]}"; do
  "$SHARED/gen-data.sh" "$scale" >&2
  for run in $(seq 1 "$RUNS"); do
    settle
    out=$(SCALE=$scale RUN_LABEL=$run "$SHARED/reference-pipeline.sh" 2>&1)
    printf '%s\tmysqldump + mysql\t%s\t%s\t%s\t%s\n' "$scale" "$run" "$(field total_s <<<"$out")" \
      "$(grep -o 'peak_rss_kb=[0-9]*' <<<"$out" | cut -d= -f2 | sort -n | tail -1)" "$(field rows <<<"$out")" >> "$OUT"
    settle
    out=$(SCALE=$scale THREADS=4 RUN_LABEL=$run "$SHARED/mydumper-pipeline.sh" 2>&1)
    printf '%s\tmydumper/myloader t=4\t%s\t%s\t%s\t%s\n' "$scale" "$run" "$(field total_s <<<"$out")" \
      "$(grep -o 'peak_rss_kb=[0-9]*' <<<"$out" | cut -d= -f2 | sort -n | tail -1)" "$(field rows <<<"$out")" >> "$OUT"
    settle
    out=$(SCALE=$scale METHOD=server-copy STREAMS=2 SPLIT=tables RUN_LABEL=$run "$SHARED/limit-pipeline.sh" 2>&1)
    printf '%s\tserver-copy bound (INSERT ... SELECT, 2 streams)\t%s\t%s\t%s\t%s\n' "$scale" "$run" "$(field total_s <<<"$out")" \
      "$(grep -o 'peak_rss_kb=[0-9]*' <<<"$out" | cut -d= -f2 | sort -n | tail -1)" "$(field rows <<<"$out")" >> "$OUT"
    settle
    out=$(floor_pipeline)
    printf '%s\tfloor: the analytics server alone loads learning_histories from a local file (the same LOAD DATA LOCAL)\t%s\t%s\t%s\t%s\n' \
      "$scale" "$run" "$(field total_s <<<"$out")" "$(field peak_rss_kb <<<"$out")" "$(field rows <<<"$out")" >> "$OUT"
    # snapmask as shipped (snapmask.load.compare=true), then without the comparison: its cost is the difference
    for compare in true false; do
      reset_source_users
      settle
      /usr/bin/time -v -o "$BENCH_WORK/snapmask.time" java -Xmx256m -cp "$CP" LoadBench \
        "jdbc:mysql://$BENCH_HOST:$SRC_PORT/" "jdbc:mysql://$BENCH_HOST:$DST_PORT/" "$BENCH_DB_USER" "$BENCH_DB_PASSWORD" \
        "$BENCH_DB" "$ROOT/bench/reference-rules.yaml" "$LOAD_THREADS" "$compare" > "$BENCH_WORK/snapmask.out" 2>&1 \
        || { tail -30 "$BENCH_WORK/snapmask.out" >&2; exit 1; }
      line=$(grep '^snapmask stage_s' "$BENCH_WORK/snapmask.out")
      verify=$(field verify_s <<<"$line"); total=$(field total_s <<<"$line"); load=$(field load_s <<<"$line")
      verify_analytics >&2 || { echo "snapmask run failed verification" >&2; exit 1; }
      label="snapmask mask + verify + load"; [ "$compare" = true ] || label="snapmask without snapmask.load.compare"
      printf '%s\t%s (verify %s s, load %s s, JVM %s s)\t%s\t%s\t%s\t%s\n' "$scale" "$label" "$verify" "$load" \
        "$(time_wall "$BENCH_WORK/snapmask.time")" "$run" "$total" \
        "$(time_rss "$BENCH_WORK/snapmask.time")" "$(field rows <<<"$line")" >> "$OUT"
    done
  done
done
reset_source_users

# speed-ups are reference seconds / these seconds; "vs bound" is these seconds / the server-copy bound's
echo "| scale | pipeline | run | seconds | rows/s | peak RSS MiB | faster than mysqldump + mysql | faster than myloader t=4 | time vs server-copy bound |"
echo "|---|---|---|---|---|---|---|---|---|"
awk -F'\t' '
  $2 == "mysqldump + mysql" { ref[$1 "/" $3] = $4 }
  $2 == "mydumper/myloader t=4" { myl[$1 "/" $3] = $4 }
  index($2, "server-copy bound") { bound[$1 "/" $3] = $4 }
  { rows[NR] = $0 }
  END {
    for (i = 1; i <= NR; i++) {
      split(rows[i], f, "\t"); k = f[1] "/" f[3]
      printf "| %s | %s | %s | %.2f | %.0f | %.1f | %s | %s | %s |\n", f[1], f[2], f[3], f[4], f[6] / f[4], f[5] / 1024,
        (ref[k] > 0 ? sprintf("%.2fx", ref[k] / f[4]) : "-"), (myl[k] > 0 ? sprintf("%.2fx", myl[k] / f[4]) : "-"),
        (bound[k] > 0 ? sprintf("%.2fx", f[4] / bound[k]) : "-")
    }
  }' "$OUT"

# With RUNS > 1: the median of each pipeline, and ratios of medians (the machine's speed drifts from run to run)
if [ "$RUNS" -gt 1 ]; then
  echo
  echo "| scale | pipeline | median seconds of $RUNS | median ratio to mysqldump + mysql |"
  echo "|---|---|---|---|"
  awk -F'\t' '
    { key = $1 "\t" (index($2, "snapmask mask") ? "snapmask mask + verify + load" : index($2, "snapmask without") ? "snapmask without snapmask.load.compare" : $2); n[key]++; t[key, n[key]] = $4; order[key] = order[key] ? order[key] : NR; keys[NR] = key }
    function median(k,   i, j, tmp, m) {
      m = n[k]; for (i = 1; i <= m; i++) v[i] = t[k, i]
      for (i = 1; i <= m; i++) for (j = i + 1; j <= m; j++) if (v[j] < v[i]) { tmp = v[i]; v[i] = v[j]; v[j] = tmp }
      return (m % 2) ? v[(m + 1) / 2] : (v[m / 2] + v[m / 2 + 1]) / 2
    }
    END {
      for (i = 1; i <= NR; i++) { k = keys[i]; if (seen[k]++) continue; split(k, f, "\t")
        med = median(k); ref = median(f[1] "\tmysqldump + mysql")
        printf "| %s | %s | %.2f | %.2fx |\n", f[1], f[2], med, ref / med }
    }' "$OUT"
fi
