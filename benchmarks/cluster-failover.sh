#!/usr/bin/env bash
# Two register nodes on one PostgreSQL: writes through A are read through B; the node holding the async daemon
# (hot/cold leadership, a PostgreSQL advisory lock) is killed with SIGKILL and the other takes the projection over;
# the change feed then equals what a rebuild from the events gives. Also: a decision on A racing a clerk's edit on B,
# and a sign-in and a form issued by A used on B. Usage: benchmarks/cluster-failover.sh  (output: see benchmarks/README.md)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
export PR_DB_NAME=policyregister_cluster
./build.sh build >/dev/null
. benchmarks/lib.sh
use_checkout_db
PSQL=(psql -Atq)
# A database of its own, new each run: the numbers below are fixed, and a jurisdiction must be a real division.
"${PSQL[@]}" -d postgres -c "drop database if exists policyregister_cluster with (force)" >/dev/null
"${PSQL[@]}" -d postgres -c "create database policyregister_cluster" >/dev/null
KEY="cluster-test-key-0123456789"
export ASPNETCORE_ENVIRONMENT=Development Register__Cluster=true Auth__ApiKeys__0="ops:reviewer:$KEY" Auth__Staff__0="clerk:clerk:clerk-password-1"
WEB="$ROOT/src/PolicyRegister.Web/bin/Release/net10.0/PolicyRegister.Web.dll"
A=http://127.0.0.1:$(free_port); B=http://127.0.0.1:$(free_port)
ASPNETCORE_URLS=$A dotnet "$WEB" >"$TMP/node-a.log" 2>&1 & PA=$!
sleep 3
ASPNETCORE_URLS=$B dotnet "$WEB" >"$TMP/node-b.log" 2>&1 & PB=$!
trap 'kill $PA $PB ${PR:-} 2>/dev/null || true; cleanup_tmp' EXIT
for u in $A $B; do for i in $(seq 1 120); do curl -sf $u/health >/dev/null && break; sleep 0.5; done; done
say() { printf '%s %s\n' "$(date -u +%H:%M:%S)" "$*"; }
post() { curl -s -o $TMP/body -w '%{http_code}' -X POST "$1" -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' -d "$2"; }
J=640502  # 沙坡头区

say "writing 30 documents through node A, reading them through node B"
for n in $(seq 1 30); do
  post $A/api/documents "{\"number\":\"卫政发〔2020〕$n号\",\"title\":\"集群测试文件$n\",\"issuers\":[\"中卫市人民政府\"],\"jurisdiction\":\"$J\",\"kind\":\"normative\",\"signedOn\":\"2020-01-01\",\"effective\":{\"on\":\"2020-02-01\"},\"reason\":\"cluster test\"}" >/dev/null
done
JQ=$(python3 -c "import urllib.parse,sys;print(urllib.parse.quote(sys.argv[1]))" "$J")
say "node B sees $(curl -s "$B/api/documents?jurisdiction=$JQ&pageSize=1" | python3 -c 'import json,sys;print(json.load(sys.stdin)["total"])') documents"

leader_pid() {
  local port
  port=$("${PSQL[@]}" -c "select a.client_port from pg_locks l join pg_stat_activity a on a.pid = l.pid where l.locktype = 'advisory' and l.granted and a.datname = '$PR_DB_NAME' limit 1")
  [ -n "$port" ] && ss -Htnp "( sport = :$port )" | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2
}
for i in $(seq 1 60); do L=$(leader_pid || true); [ -n "$L" ] && break; sleep 1; done
[ "$L" = "$PA" ] && { LEADER=A; SURVIVOR=$B; } || { LEADER=B; SURVIVOR=$A; }
say "the async daemon runs on node $LEADER (pid $L); killing it with SIGKILL"
kill -9 "$L"
KILLED_AT=$(date +%s)

say "writing a repeal decision through the survivor while the daemon is leaderless"
post $SURVIVOR/api/decisions "{\"number\":\"卫政规发〔2021〕9号\",\"title\":\"关于废止行政规范性文件的决定\",\"issuers\":[\"中卫市人民政府\"],\"jurisdiction\":\"$J\",\"signedOn\":\"2021-03-01\",\"items\":[{\"action\":\"repeal\",\"seq\":1,\"title\":\"集群测试文件1\",\"number\":\"卫政发〔2020〕1号\"},{\"action\":\"repeal\",\"seq\":2,\"title\":\"集群测试文件2\",\"number\":\"卫政发〔2020〕2号\"}],\"reason\":\"cluster test\"}" >/dev/null

expected() { "${PSQL[@]}" -c "select count(*) from register.mt_events where type in ('document_registered','document_repealed','document_declared_invalid','document_replaced','decision_applied') and is_archived = false"; }
feed() { "${PSQL[@]}" -c "select count(*) from register.mt_doc_changefeedentry"; }
for i in $(seq 1 120); do
  [ "$(feed)" = "$(expected)" ] && break
  sleep 1
done
TOOK=$(( $(date +%s) - KILLED_AT ))
NEW_LEADER=$(leader_pid || true)
say "the surviving node (pid $NEW_LEADER) took the projection over: change feed caught up ${TOOK} s after the kill"
say "change feed entries: $(feed); events it must hold (a rebuild gives one entry per such event): $(expected)"
say "entries not backed by an event: $("${PSQL[@]}" -c "select count(*) from register.mt_doc_changefeedentry f left join register.mt_events e on e.seq_id = f.id where e.seq_id is null")"

say "a decision through one node racing a clerk's edit through the other"
ID=$(curl -s "$SURVIVOR/api/documents?jurisdiction=$JQ&number=$(python3 -c "import urllib.parse;print(urllib.parse.quote('卫政发〔2020〕3号'))")" | python3 -c 'import json,sys;print(json.load(sys.stdin)["items"][0]["id"])')
V=$(curl -s "$SURVIVOR/api/documents/$ID" | python3 -c 'import json,sys;print(json.load(sys.stdin)["version"])')
ASPNETCORE_URLS=$([ $LEADER = A ] && echo $A || echo $B) dotnet "$WEB" >"$TMP/node-restarted.log" 2>&1 & PR=$!
for i in $(seq 1 120); do curl -sf $([ $LEADER = A ] && echo $A || echo $B)/health >/dev/null && break; sleep 0.5; done
OTHER=$([ $LEADER = A ] && echo $A || echo $B)
D=$(post $OTHER/api/decisions "{\"number\":\"卫政规发〔2021〕10号\",\"title\":\"关于废止行政规范性文件的决定\",\"issuers\":[\"中卫市人民政府\"],\"jurisdiction\":\"$J\",\"signedOn\":\"2021-04-01\",\"items\":[{\"action\":\"repeal\",\"seq\":1,\"title\":\"集群测试文件3\",\"number\":\"卫政发〔2020〕3号\"}],\"reason\":\"cluster test\"}")
C=$(post $SURVIVOR/api/documents/$ID/amendment-order "{\"version\":$V,\"on\":\"2021-05-01\",\"basis\":{\"number\":\"卫政规发〔2021〕11号\"},\"reason\":\"clerk edit read before the decision\"}")
say "decision on node $([ $LEADER = A ] && echo A || echo B): $D; clerk's edit with the version read before it, on the other node: $C ($(python3 -c 'import json,sys;print(json.load(open(sys.argv[1])).get("title",""))' "$TMP/body"))"
say "the document's timeline: $(curl -s "$SURVIVOR/api/documents/$ID" | python3 -c 'import json,sys;print(", ".join(t["kind"] for t in json.load(sys.stdin)["timeline"]))')"

say "a sign-in and a form issued by one node, used on the other"
rm -f $TMP/cj
T=$(curl -s -c $TMP/cj -b $TMP/cj $OTHER/staff/sign-in | grep -o 'name="__RequestVerificationToken" value="[^"]*"' | head -1 | sed 's/.*value="//; s/"$//')
S=$(curl -s -c $TMP/cj -b $TMP/cj -o /dev/null -w '%{http_code}' -X POST $SURVIVOR/staff/sign-in --data-urlencode "__RequestVerificationToken=$T" --data-urlencode userName=clerk --data-urlencode password=clerk-password-1 --data-urlencode returnUrl=/staff)
W=$(curl -s -b $TMP/cj -o /dev/null -w '%{http_code}' $OTHER/staff)
T2=$(curl -s -c $TMP/cj -b $TMP/cj $OTHER/staff/documents/new | grep -o 'name="__RequestVerificationToken" value="[^"]*"' | head -1 | sed 's/.*value="//; s/"$//')
F=$(curl -s -b $TMP/cj -o /dev/null -w '%{http_code} %{redirect_url}' -X POST $SURVIVOR/staff/documents/new --data-urlencode "__RequestVerificationToken=$T2" --data-urlencode "number=卫政发〔2020〕99号" --data-urlencode "title=跨节点表单" --data-urlencode "issuers=中卫市人民政府" --data-urlencode "jurisdiction=$J" --data-urlencode kind=normative --data-urlencode reason=cross-node)
say "sign-in form from one node posted to the other: $S (302 = signed in); workspace on the first node with that cookie: $W; a register form from the first node posted to the other: $F"
kill $PR 2>/dev/null || true
