#!/usr/bin/env bash
# Faults: PostgreSQL is stopped with `pg_ctl stop -m immediate` in the middle of a large decision apply and in the
# middle of a gazette import. After a restart each is wholly there or wholly absent, and the running app serves again
# by itself (health 503 while the database is down, 200 after). Usage: benchmarks/faults.sh
set -uo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
export PR_DB_NAME=policyregister_faults
./build.sh build >/dev/null
. benchmarks/lib.sh
start_db() { use_checkout_db; }
start_db
PSQL=(psql -Atq)
stop_db() { stop_db_immediate; }
KEY="faults-test-key-0123456789abcdef"
export ASPNETCORE_ENVIRONMENT=Development Auth__ApiKeys__0="faults:reviewer:$KEY"
WEB="$ROOT/src/PolicyRegister.Web/bin/Release/net10.0/PolicyRegister.Web.dll"
PORT=$(free_port); APP=http://127.0.0.1:$PORT
ASPNETCORE_URLS=$APP dotnet "$WEB" >"$TMP/server.log" 2>&1 & PID=$!
trap 'kill $PID 2>/dev/null || true; cleanup_tmp' EXIT
for i in $(seq 1 120); do curl -sf $APP/health >/dev/null && break; sleep 0.5; done
say() { printf '%s %s\n' "$(date -u +%H:%M:%S.%N | cut -c1-12)" "$*"; }
health() { curl -s -o /dev/null -w '%{http_code}' --max-time 5 $APP/health; }

J="故障测试$RANDOM"
ITEMS=$(python3 -c "import json;print(json.dumps([{'action':'repeal','seq':i,'title':f'故障测试文件{i}','number':f'故发〔2020〕{i}号'} for i in range(1,2001)],ensure_ascii=False))")
BODY="$TMP/decision.json"   # too long for one command-line argument: curl reads it from a file
printf '%s' "{\"number\":\"故规发〔2021〕1号\",\"title\":\"关于废止行政规范性文件的决定\",\"issuers\":[\"测试政府\"],\"jurisdiction\":\"$J\",\"signedOn\":\"2021-03-01\",\"items\":$ITEMS,\"reason\":\"fault test\"}" >"$BODY"
say "A 2,000-item decision (4,000+ events, new documents) is posted; PostgreSQL is stopped 400 ms later"
curl -s -o $TMP/apply.json -w '%{http_code}\n' -X POST $APP/api/decisions -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' --data-binary @"$BODY" > $TMP/apply.code &
CURL=$!
sleep 0.4
stop_db; say "PostgreSQL stopped (immediate)"
wait $CURL; say "the apply answered $(cat $TMP/apply.code)"
say "health while the database is down: $(health)"
start_db; say "PostgreSQL restarted"
for i in $(seq 1 60); do h=$(health); [ "$h" = 200 ] && break; sleep 0.5; done
say "health after the restart, without restarting the app: $h"
DOCS=$("${PSQL[@]}" -c "select count(*) from register.mt_doc_document where data->>'jurisdiction' = '$J'")
DECISIONS=$("${PSQL[@]}" -c "select count(*) from register.mt_doc_decision where data->>'jurisdiction' = '$J'")
say "after the crash: $DOCS documents and $DECISIONS decision in the jurisdiction (wholly there: 2001 and 1; wholly absent: 0 and 0)"
AGAIN=$(curl -s -o /dev/null -w '%{http_code}' -X POST $APP/api/decisions -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' --data-binary @"$BODY")
say "posting the decision again: $AGAIN (201 applied now, 200 already applied); documents now $("${PSQL[@]}" -c "select count(*) from register.mt_doc_document where data->>'jurisdiction' = '$J'")"

for delay in 2.4 2.7 3.0 3.3; do
  before=$("${PSQL[@]}" -c "select count(*) from register.mt_events where type <> 'tombstone'")
  say "import of zhongwei-2024-01.txt started; PostgreSQL stopped $delay s later"
  dotnet "$WEB" import "$ROOT/../shared/gazettes/zhongwei-2024-01.txt" >$TMP/import.log 2>&1 & IMP=$!
  sleep "$delay"; stop_db; wait $IMP; code=$?
  start_db
  for i in $(seq 1 60); do [ "$(health)" = 200 ] && break; sleep 0.5; done
  after=$("${PSQL[@]}" -c "select count(*) from register.mt_events where type <> 'tombstone'")
  reg=$("${PSQL[@]}" -c "select count(*) from register.mt_doc_document where data->>'jurisdiction' = '中卫市' and data->>'knownOnlyFromDecisions' = 'false'")
  say "import exit $code; events before $before, after $after; registered documents of the gazette's jurisdiction: $reg (wholly there: 14; wholly absent: 0)"
done
