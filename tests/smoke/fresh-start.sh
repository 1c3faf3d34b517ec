#!/usr/bin/env bash
# Fresh-start smoke test: the path a newcomer takes. The checkout's files (as git sees them: tracked and untracked,
# not ignored) are copied to a new path, so ./build.sh there creates a brand-new private cluster and database; then
# `./build.sh run` until /health, and every output a newcomer meets is read whole and parsed. Cleans up its cluster.
# Prints "passed: NAME" / "failed: NAME" / "skipped: NAME" lines and ends with "N passed, N failed, N skipped".
set -uo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
# A newcomer's shell knows no database: the copy must make its own (./build.sh test exports the test cluster's).
unset ConnectionStrings__Marten PGHOST PGPORT PGUSER PGPASSWORD PGDATABASE PR_EMBEDDED_DATABASE PR_DB_NAME
SHARED="$ROOT/../shared"
passed=0 failed=0 skipped=0
pass() { echo "passed: $*"; passed=$((passed + 1)); }
fail() { echo "failed: $*"; failed=$((failed + 1)); }
skip() { echo "skipped: $*"; skipped=$((skipped + 1)); }
check() { local name="$1"; shift; if "$@"; then pass "$name"; else fail "$name"; fi; }

WORK="$(mktemp -d /tmp/policyregister-smoke.XXXXXX)"
COPY="$WORK/main"
mkdir -p "$COPY"
(cd "$ROOT" && git ls-files -co --exclude-standard -z | xargs -0 -I{} cp --parents {} "$COPY/" 2>/dev/null)
chmod +x "$COPY/build.sh"
HAVE_GAZETTES=0
if [ -d "$SHARED/gazettes" ] && ls "$SHARED/gazettes"/*.txt >/dev/null 2>&1; then
  ln -s "$SHARED" "$WORK/shared"; HAVE_GAZETTES=1
fi

free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1]);s.close()'; }
PORT="$(free_port)"
BASE="http://127.0.0.1:$PORT"
LOG="$WORK/run.log"
RUN_PID=""
cleanup() {
  if [ -n "$RUN_PID" ]; then
    kill -TERM "$RUN_PID" 2>/dev/null
    for _ in $(seq 1 30); do kill -0 "$RUN_PID" 2>/dev/null || break; sleep 0.5; done
    # Whatever the copy still runs (a server that outlived its script) ends with it.
    pkill -f "$COPY/" 2>/dev/null || true
  fi
  # The copy's cluster: stop it if still running, then remove it with its port, password and log.
  if [ -L "$COPY/.data/pg" ] || [ -d "$COPY/.data/pg" ]; then
    local dir; dir="$(readlink -f "$COPY/.data/pg")"
    (cd "$COPY" && ./build.sh db stop >/dev/null 2>&1) || true
    case "$dir" in */policyregister-*) rm -rf "$dir" "$dir.port" "$dir.password" "$dir.log" ;; esac
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

started=$(date +%s)
# exec: the background job IS build.sh, so that the TERM of the cleanup reaches its trap (server and cluster stop).
(cd "$COPY" && exec env PORT="$PORT" ./build.sh run >"$LOG" 2>&1) &
RUN_PID=$!
healthy=0
for _ in $(seq 1 900); do
  if curl -sf "$BASE/health" >/dev/null 2>&1; then healthy=1; break; fi
  kill -0 "$RUN_PID" 2>/dev/null || break
  sleep 1
done
if [ "$healthy" != 1 ]; then
  fail "first ./build.sh run answers /health"
  tail -n 40 "$LOG" | sed 's/^/    /'
  echo "$passed passed, $failed failed, $skipped skipped"
  exit 1
fi
pass "first ./build.sh run answers /health ($(( $(date +%s) - started )) s from a new clone, build included)"

get() { curl -s -o "$WORK/body" -w '%{http_code}' "$BASE$1"; }
py() { python3 - "$@"; }

# The sample register holds every numbered document of the shared gazettes (or of samples/ without them).
if [ "$HAVE_GAZETTES" = 1 ]; then
  skip "sample register from samples/ (the shared gazettes are here)"
  expected="$WORK/expected.json"
  (cd "$COPY" && ./build.sh import ../shared/gazettes/*.txt --dry-run --json >"$expected" 2>/dev/null)
  check "the sample register holds every document of the shared gazettes" py "$expected" "$BASE" <<'PY'
import json, sys, urllib.parse, urllib.request
plans = json.load(open(sys.argv[1]))
plans = plans if isinstance(plans, list) else [plans]
missing = []
for plan in plans:
    for d in plan["documents"]:
        q = urllib.parse.urlencode({"number": d["number"], "jurisdiction": plan["gazette"]["jurisdiction"]})
        try:
            urllib.request.urlopen(f"{sys.argv[2]}/api/documents/status?{q}").read()
        except Exception as e:
            missing.append(f'{d["number"]}: {e}')
count = sum(len(p["documents"]) for p in plans)
print(f"    {count} documents in {len(plans)} gazettes, {len(missing)} missing", *missing[:5], sep="\n    ")
sys.exit(1 if missing or count == 0 else 0)
PY
else
  skip "the sample register holds every document of the shared gazettes (../shared/gazettes is absent)"
  check "sample register from samples/sample-plans.json" py "$COPY/samples/sample-plans.json" "$BASE" <<'PY'
import json, sys, urllib.parse, urllib.request
plans = json.load(open(sys.argv[1]))
missing = [d["number"] for p in plans for d in p["documents"]
           if urllib.request.urlopen(f"{sys.argv[2]}/api/documents?" + urllib.parse.urlencode({"number": d["number"]})).status != 200]
sys.exit(1 if missing else 0)
PY
fi

# Open data: the whole JSON body parses, and holds as many documents as the CSV has rows.
json_code=$(get /data/register.json); cp "$WORK/body" "$WORK/register.json"
csv_code=$(get /data/register.csv); cp "$WORK/body" "$WORK/register.csv"
check "/data/register.json and /data/register.csv: 200, parsed whole, same count" py "$WORK/register.json" "$WORK/register.csv" "$json_code" "$csv_code" <<'PY'
import csv, io, json, sys
doc = json.load(open(sys.argv[1], encoding="utf-8"))
rows = list(csv.reader(io.open(sys.argv[2], encoding="utf-8-sig", newline="")))
print(f"    json {len(doc['documents'])} documents, csv {len(rows) - 1} rows")
sys.exit(0 if sys.argv[3] == sys.argv[4] == "200" and len(doc["documents"]) == len(rows) - 1 > 0 else 1)
PY
feed_code=$(get /feed.atom)
check "/feed.atom: 200 and well-formed Atom with entries" py "$WORK/body" "$feed_code" <<'PY'
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
entries = root.findall("{http://www.w3.org/2005/Atom}entry")
print(f"    {len(entries)} entries")
sys.exit(0 if sys.argv[2] == "200" and entries else 1)
PY
check "/catalogue answers 200 with a page" test "$(get /catalogue)" = 200 -a -s "$WORK/body"
if [ "$HAVE_GAZETTES" = 1 ]; then
  notice="/publish/decisions/$(py <<<'import urllib.parse;print(urllib.parse.quote("卫政规发〔2023〕2号"))')?jurisdiction=$(py <<<'import urllib.parse;print(urllib.parse.quote("中卫市"))')&format=txt"
  check "a decision notice answers 200 and lists its 54 rows" bash -c "[ \"\$(curl -s -o '$WORK/notice' -w '%{http_code}' '$BASE$notice')\" = 200 ] && grep -c '号' '$WORK/notice' | awk '{exit !(\$1 >= 54)}'"
fi

# The README's API example, as written (only the register's address changes).
cd "$COPY"
awk '/<!-- smoke: api-example -->/{f=1;next} f&&/^```bash/{g=1;next} g&&/^```/{exit} g' README.md \
  | sed "s#^R=http://127.0.0.1:5080#R=$BASE#" >"$WORK/example.sh"
if [ "$HAVE_GAZETTES" = 1 ]; then
  check "the README's API example runs as written: registers, then answers in_force twice" bash -c \
    "set -eo pipefail; out=\$(bash -e '$WORK/example.sh'); echo \"\$out\" | grep -o '\"status\":\"[a-z_]*\"' | sed 's/^/    /'; [ \$(echo \"\$out\" | grep -o '\"status\":\"in_force\"' | wc -l) = 2 ]"
else
  skip "the README's API example (its last line reads a document of the shared gazettes)"
fi

# The command line, as a newcomer meets it.
check "./build.sh db psql -c 'select 1' answers 1" bash -c "[ \"\$(./build.sh db psql -tAc 'select 1' 2>/dev/null)\" = 1 ]"
check "./build.sh help exits 0 and lists every command" bash -c './build.sh help >"'$WORK'/help" && for c in run test import publish bench cluster db build resources; do grep -q "^  $c" "'$WORK'/help" || exit 1; done'
check "an unknown command exits 2 and says so" bash -c "./build.sh frob 2>'$WORK/err'; [ \$? = 2 ] && grep -q \"unknown command 'frob'\" '$WORK/err'"
printf '这是一封信，不是公报。\n没有刊头，也没有文号。\n' >"$WORK/letter.txt"
check "a text that is not a gazette is refused with a non-zero exit" bash -c "! ./build.sh import '$WORK/letter.txt' --dry-run --json >/dev/null 2>'$WORK/err' && grep -q '不是公报' '$WORK/err'"
check "a missing file is one clear line and a non-zero exit" bash -c "! ./build.sh import '$WORK/none.txt' --dry-run 2>'$WORK/err' >/dev/null && grep -q 'none.txt' '$WORK/err'"
# The read models rebuilt from the events by the register's own command, beside the running server: the open data holds
# the same documents after, row for row. A window that is not a number stops the command with one line naming it.
check "./build.sh projections rebuild (documents, then their titles) exits 0 and register.json holds the same documents" bash -c \
  "curl -sf -o '$WORK/before.json' '$BASE/data/register.json' && ./build.sh projections rebuild --projection Document >'$WORK/rebuild.log' 2>&1 && ./build.sh projections rebuild --projection TitleEntry >>'$WORK/rebuild.log' 2>&1 \
   && grep -q 'Finished rebuilding Document' '$WORK/rebuild.log' && [ \"\$(curl -s -o '$WORK/rebuilt.json' -w '%{http_code}' '$BASE/data/register.json')\" = 200 ] \
   && python3 -c 'import json,sys; a,b=(json.load(open(f,encoding=\"utf-8\"))[\"documents\"] for f in sys.argv[1:]); sys.exit(0 if a==b and len(a)>0 else 1)' '$WORK/before.json' '$WORK/rebuilt.json'"
# A rebuild leaves its refilled tables to a vacuum (a GIN index's pending list, the planner's statistics): the command
# runs it, and PostgreSQL records it.
check "the rebuild vacuums the read models after it, and PostgreSQL records the vacuum of the documents' table" bash -c \
  "grep -q 'Vacuumed [0-9]* read-model tables after the rebuild' '$WORK/rebuild.log' \
   && [ \"\$(./build.sh db psql -tAc \"select count(*) from pg_stat_user_tables where schemaname = 'register' and relname = 'mt_doc_document' and last_vacuum is not null\" 2>/dev/null)\" = 1 ]"
check "Register:RebuildWindow that is not a number: the command stops with one line naming it" bash -c \
  "! Register__RebuildWindow=many ./build.sh projections list >'$WORK/out' 2>'$WORK/err' && grep -q 'Register:RebuildWindow' '$WORK/err'"
check "the run's log holds no exception and no raw JSON log line" bash -c "! grep -qiE 'exception|^\{\"Timestamp|Searching .* for commands' '$LOG'"
if [ "$failed" -gt 0 ]; then echo "    the run's log:"; tail -n 30 "$LOG" | sed 's/^/    /'; fi

echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" = 0 ]
