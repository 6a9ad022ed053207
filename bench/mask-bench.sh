#!/usr/bin/env bash
# bench/mask-bench.sh [USERS] — masking speed, same server, same invocation:
#   reference: the reference system's two UPDATEs, verbatim (../shared/bench/lib.sh MASK_SQL)
#   snapmask:  the mask step with the same two rules (bench/reference-rules.yaml): schema
#              validation, unique-collision probes, one UPDATE; then, reported apart, the leak check.
#   snapmask fake + json: bench/fake-json-rules.yaml, a ja fake name (unique) for the username, the
#              e-mail rule, and the profile's birth_year shifted inside the JSON (issue 12's goal:
#              at most 2x the reference).
# USERS defaults to 1,000,000 (the users table of the reference data set at SCALE=10). Users are
# generated once into database `maskbench` on the shared benchmark's `source` server (:3407) with
# the expressions of ../shared/bench/gen-data.sh and restored from a pristine copy, untimed, before
# every run. Env: RUNS (2), SHARED_BENCH (../shared/bench), plus ../shared/bench/lib.sh's settings.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SHARED=${SHARED_BENCH:-$ROOT/../shared/bench}
. "$SHARED/lib.sh"
USERS=${1:-1000000}
RUNS=${RUNS:-2}
DB=maskbench
FIVE_YEARS=157680000

"$SHARED/mariadb.sh" start source "$SRC_PORT" >&2
. "$ROOT/bench/classpath.sh"

have=$(src -N -e "SELECT COUNT(*) FROM \`$DB\`.users_pristine" 2>/dev/null || echo 0)
if [ "$have" != "$USERS" ]; then
  echo "generating $USERS users into $DB ..." >&2
  src -e "CREATE DATABASE IF NOT EXISTS bench_meta;
    CREATE TABLE IF NOT EXISTS bench_meta.digits (d TINYINT UNSIGNED PRIMARY KEY);
    INSERT IGNORE INTO bench_meta.digits VALUES (0),(1),(2),(3),(4),(5),(6),(7),(8),(9);
    DROP DATABASE IF EXISTS \`$DB\`;
    CREATE DATABASE \`$DB\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;"
  src "$DB" < "$SHARED/schema.sql"
  FN="ELT(1 + n % 20, 'james','mary','john','patricia','robert','jennifer','michael','linda','william','elizabeth','david','barbara','richard','susan','joseph','jessica','thomas','sarah','charles','karen')"
  LN="ELT(1 + (n DIV 20) % 20, 'smith','johnson','williams','brown','jones','garcia','miller','davis','rodriguez','martinez','hernandez','lopez','gonzalez','wilson','anderson','thomas','taylor','moore','jackson','martin')"
  SU=$((FIVE_YEARS / USERS))
  src "$DB" -e "SET SESSION time_zone='+00:00';
    INSERT INTO users (id, username, email, email_verified_at, password, remember_token, role, profile, last_login_at, created_at, updated_at, deleted_at)
    SELECT n, CONCAT(fn, '_', ln, n), CONCAT(fn, '.', ln, n, '@example.com'), IF(n % 10 = 0, NULL, c + INTERVAL 1 HOUR),
           CONCAT('\$2y\$10\$', LEFT(SHA2(n, 256), 53)), IF(n % 3 = 0, MD5(n), NULL), IF(n % 1000 = 0, 1, 0),
           IF(n % 5 = 0, NULL, JSON_OBJECT('locale', ELT(1 + n % 3, 'ja', 'en', 'vi'), 'newsletter', n % 2 = 0,
                                           'birth_year', 1960 + n % 45, 'prefecture', 1 + n % 47)),
           IF(n % 7 = 0, NULL, c), c, c + INTERVAL (n % 86400) SECOND, IF(n % 97 = 0, c + INTERVAL 30 DAY, NULL)
    FROM (SELECT n, $FN AS fn, $LN AS ln, TIMESTAMP'2019-01-01 00:00:00' + INTERVAL (n * $SU) SECOND AS c
          FROM (SELECT 1 + a.d + 10*b.d + 100*c.d + 1000*e.d + 10000*f.d + 100000*g.d + 1000000*h.d AS n
                FROM bench_meta.digits a, bench_meta.digits b, bench_meta.digits c, bench_meta.digits e,
                     bench_meta.digits f, bench_meta.digits g, bench_meta.digits h) s WHERE n <= $USERS) g;
    CREATE TABLE users_pristine (PRIMARY KEY (id)) AS SELECT id, username, email FROM users;"
fi
reset() {
  src "$DB" -e "UPDATE users u JOIN users_pristine p ON p.id = u.id SET u.username = p.username, u.email = p.email
                WHERE u.username <> p.username OR u.email <> p.email"
}

echo "users=$USERS server=$(src -N -e 'SELECT VERSION()') cores=$(nproc)"
printf '| run | reference: 2 UPDATEs s | snapmask mask s | ratio | snapmask leak check s | snapmask fake + json s | ratio |\n|---|---|---|---|---|---|---|\n'
for run in $(seq 1 "$RUNS"); do
  reset
  t=$(now); src "$DB" -e "$MASK_SQL"; ref=$(secs "$t" "$(now)")
  reset
  out=$(java -cp "$CP" MaskBench "jdbc:mysql://$BENCH_HOST:$SRC_PORT/" "$BENCH_DB_USER" "$BENCH_DB_PASSWORD" "$DB" \
        "$ROOT/bench/reference-rules.yaml" 2>/dev/null | grep snapmask_mask_s)
  mask=$(sed -E 's/.*snapmask_mask_s=([0-9.]+).*/\1/' <<<"$out")
  leak=$(sed -E 's/.*snapmask_leakcheck_s=([0-9.]+).*/\1/' <<<"$out")
  bad=$(src -N "$DB" -e "SELECT COUNT(*) FROM users WHERE email NOT LIKE 'masking\_dummy\_email\_%' OR username NOT LIKE 'masking\_dummy\_%'")
  [ "$bad" = 0 ] || { echo "snapmask left $bad users unmasked" >&2; exit 1; }
  reset
  fake=$(java -cp "$CP" MaskBench "jdbc:mysql://$BENCH_HOST:$SRC_PORT/" "$BENCH_DB_USER" "$BENCH_DB_PASSWORD" "$DB" \
        "$ROOT/bench/fake-json-rules.yaml" "benchmark hash key of 2026" 2>/dev/null | grep snapmask_mask_s | sed -E 's/.*snapmask_mask_s=([0-9.]+).*/\1/')
  [ -n "$fake" ] || { echo "the fake + json masking failed" >&2; exit 1; }
  printf '| %s | %s | %s | %s | %s | %s | %s |\n' "$run" "$ref" "$mask" "$(awk -v a="$mask" -v b="$ref" 'BEGIN{printf "%.2f", a/b}')" "$leak" \
    "$fake" "$(awk -v a="$fake" -v b="$ref" 'BEGIN{printf "%.2f", a/b}')"
done
reset
