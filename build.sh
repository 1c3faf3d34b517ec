#!/usr/bin/env bash
# PolicyRegister: set-up, embedded PostgreSQL, run / test / import / publish.
#
#   ./build.sh run [--port N]        serve the register on http://127.0.0.1:5080 (PORT or --port to change)
#   ./build.sh test                  run every test project; last line: "N passed, N failed"
#   ./build.sh import FILE [...]     import a gazette (see README)
#   ./build.sh publish ...           render a published list to a file (see README)
#   ./build.sh db start|stop|status|psql   manage the private cluster by hand
#
# With ConnectionStrings__Marten set, no cluster is started and that server is used.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$ROOT"
DATA="$ROOT/.data"
CONFIG="${CONFIGURATION:-Release}"
WEB_PROJECT="src/PolicyRegister.Web/PolicyRegister.Web.csproj"
DB_NAME="${PR_DB_NAME:-policyregister}"

log() { printf '[build.sh] %s\n' "$*" >&2; }
die() { printf '[build.sh] error: %s\n' "$*" >&2; exit 1; }

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# ---------------------------------------------------------------- packages
# Marten 9.58.0 needs Patched.DistributedLock.Postgres 1.3.3, which the registry here lacks:
# eng/Patched.DistributedLock.Postgres packs a stand-in into .packages/ (listed in nuget.config).
ensure_local_packages() {
  mkdir -p "$ROOT/.packages"
  if ! ls "$ROOT/.packages"/Patched.DistributedLock.Postgres.1.3.3.nupkg >/dev/null 2>&1; then
    log "packing the local Patched.DistributedLock.Postgres 1.3.3 meta-package"
    dotnet pack "$ROOT/eng/Patched.DistributedLock.Postgres" -c Release -o "$ROOT/.packages" --nologo -v quiet >&2
  fi
}

build_solution() {
  ensure_local_packages
  log "restoring and building ($CONFIG)"
  dotnet build "$ROOT/PolicyRegister.sln" -c "$CONFIG" --nologo -v quiet "-clp:NoSummary;ErrorsOnly" >&2
}

# ---------------------------------------------------------------- PostgreSQL
pg_bindir() {
  local d
  for d in /usr/lib/postgresql/*/bin; do
    [ -x "$d/pg_ctl" ] && { echo "$d"; }
  done | sort -V | tail -n 1
}

ensure_pg_binaries() {
  if [ -z "$(pg_bindir)" ]; then
    log "no PostgreSQL binaries found: installing Debian's postgresql package"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql postgresql-contrib >&2
  fi
  PG_BIN="$(pg_bindir)"
  [ -n "$PG_BIN" ] || die "PostgreSQL binaries still missing after install"
}

# initdb and postgres refuse to run as root; the postgres user also cannot enter a folder below a
# parent with mode 0700 (a clone in a mktemp -d folder). As root the cluster lives under
# /var/lib/postgresql, keyed by this checkout's path, and .data/pg points at it.
cluster_dir() {
  if [ "$(id -u)" = 0 ]; then
    local key
    key="$(printf '%s' "$ROOT" | sha1sum | cut -c1-12)"
    echo "/var/lib/postgresql/policyregister-$key"
  else
    echo "$DATA/pg"
  fi
}

pg() { # run a PostgreSQL binary as the cluster's owner
  local bin="$1"; shift
  if [ "$(id -u)" = 0 ]; then
    runuser -u postgres -- "$PG_BIN/$bin" "$@"
  else
    "$PG_BIN/$bin" "$@"
  fi
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

choose_port() {
  if [ -n "${PR_PG_PORT:-}" ]; then echo "$PR_PG_PORT"; return; fi
  if [ -f "$(cluster_dir).port" ]; then cat "$(cluster_dir).port"; return; fi
  local p=55432
  while port_in_use "$p"; do p=$((p + 1)); done
  echo "$p"
}

STARTED_CLUSTER=0
start_cluster() {
  if [ -n "${ConnectionStrings__Marten:-}" ]; then
    log "using the configured database (ConnectionStrings__Marten); no embedded cluster started"
    return
  fi
  ensure_pg_binaries
  mkdir -p "$DATA"
  local dir port pwfile
  dir="$(cluster_dir)"
  # Port and password live beside the cluster, so a new clone at the same path finds both.
  port="$(choose_port)"
  echo "$port" >"$dir.port"
  if [ ! -f "$dir.password" ]; then
    (umask 077; head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$dir.password")
  fi
  if [ ! -f "$dir/PG_VERSION" ]; then
    log "creating the private PostgreSQL cluster in $dir"
    mkdir -p "$dir"
    pwfile="$dir.pw"
    cp "$dir.password" "$pwfile"
    if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$dir" "$pwfile"; chmod 700 "$dir"; fi
    pg initdb -D "$dir" -U postgres --pwfile="$pwfile" --auth=scram-sha-256 -E UTF8 --locale=C.UTF-8 >/dev/null
    rm -f "$pwfile"
  fi
  [ "$(id -u)" = 0 ] && [ ! -e "$DATA/pg" ] && ln -s "$dir" "$DATA/pg"
  if pg pg_ctl -D "$dir" status >/dev/null 2>&1; then
    log "the private cluster is already running on port $port"
  else
    if port_in_use "$port"; then
      port=55432
      while port_in_use "$port"; do port=$((port + 1)); done
      echo "$port" >"$dir.port"
    fi
    log "starting the private PostgreSQL cluster on 127.0.0.1:$port"
    pg pg_ctl -D "$dir" -l "$dir.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories= -c max_connections=200 -c fsync=${PR_PG_FSYNC:-on}" \
      start >/dev/null
    STARTED_CLUSTER=1
  fi
  local pw
  pw="$(cat "$dir.password")"
  export PGPASSWORD="$pw"
  if ! "$PG_BIN/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -tAc "select 1 from pg_database where datname='$DB_NAME'" | grep -q 1; then
    "$PG_BIN/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -qc "create database \"$DB_NAME\"" >/dev/null
  fi
  export ConnectionStrings__Marten="Host=127.0.0.1;Port=$port;Database=$DB_NAME;Username=postgres;Password=$pw"
  export PR_EMBEDDED_DATABASE=1
}

stop_cluster() {
  if [ "$STARTED_CLUSTER" = 1 ]; then
    log "stopping the private PostgreSQL cluster"
    pg pg_ctl -D "$(cluster_dir)" -m fast -w stop >/dev/null 2>&1 || true
    STARTED_CLUSTER=0
  fi
}

# ---------------------------------------------------------------- commands
dev_api_key() {
  mkdir -p "$DATA"
  if [ ! -f "$DATA/dev-api-key" ]; then
    printf 'dev:%s\n' "$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')" >"$DATA/dev-api-key"
    chmod 600 "$DATA/dev-api-key"
    log "generated a development API key in .data/dev-api-key (send it as: Authorization: Bearer <part after 'dev:'>)"
  fi
  export Auth__ApiKeys__0="${Auth__ApiKeys__0:-$(cat "$DATA/dev-api-key")}"
  # Workspace accounts for trying the register: admin, clerk and reviewer, with generated passwords.
  if [ ! -f "$DATA/dev-staff" ]; then
    (umask 077; for role in admin clerk reviewer; do
      printf '%s:%s:%s\n' "$role" "$role" "$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
    done >"$DATA/dev-staff")
    log "generated workspace accounts admin, clerk and reviewer in .data/dev-staff (name:role:password)"
  fi
  local i=0 line
  while IFS= read -r line; do
    export "Auth__Staff__$i=$line"
    i=$((i + 1))
  done <"$DATA/dev-staff"
}

web_dll() { echo "$ROOT/src/PolicyRegister.Web/bin/$CONFIG/net10.0/PolicyRegister.Web.dll"; }

cmd_run() {
  local port="${PORT:-5080}"
  while [ $# -gt 0 ]; do
    case "$1" in
      --port) port="$2"; shift 2 ;;
      *) die "unknown option for run: $1" ;;
    esac
  done
  build_solution
  start_cluster
  trap stop_cluster EXIT
  dev_api_key
  log "API key: .data/dev-api-key; workspace accounts: .data/dev-staff"
  export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}"
  # First start on an empty register: load the sample (the shared gazettes in date order, else samples/).
  if [ "${PR_NO_SAMPLE:-0}" != 1 ]; then
    dotnet "$(web_dll)" sample >&2 || log "the sample register was not loaded (see above)"
  fi
  # Not exec: this script must outlive the server to stop the cluster on Ctrl-C / SIGTERM.
  WEB_PID=""
  trap '[ -n "$WEB_PID" ] && kill -TERM "$WEB_PID" 2>/dev/null' INT TERM
  dotnet "$(web_dll)" --urls "http://127.0.0.1:$port" &
  WEB_PID=$!
  while kill -0 "$WEB_PID" 2>/dev/null; do wait "$WEB_PID" || true; done
  stop_cluster
}

cmd_host() { # any JasperFx command of the host: import, publish, resources, db-apply, describe ...
  build_solution
  # A dry run of an import touches no database: no cluster to start.
  if [[ " $* " == *" --dry-run "* ]]; then
    ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}" dotnet "$(web_dll)" "$@"
    return
  fi
  start_cluster
  trap stop_cluster EXIT
  export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}"
  dotnet "$(web_dll)" "$@"
}

# Browser tests drive Debian's chromium; Chinese renders as boxes without the CJK fonts.
ensure_browser() {
  if [ ! -x /usr/bin/chromium ] || ! fc-list 2>/dev/null | grep -qi "Noto Sans CJK"; then
    log "installing Debian's chromium and fonts-noto-cjk for the browser tests"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >&2
  fi
}

cmd_test() {
  local passed=0 failed=0 skipped=0 rc=0
  ensure_browser
  if ! build_solution; then
    echo "build failed"
    echo "0 passed, 1 failed"
    exit 1
  fi
  start_cluster
  trap stop_cluster EXIT
  mkdir -p "$DATA/test-results"
  local proj name out trx counters p f s
  for proj in tests/*/*.csproj; do
    name="$(basename "$proj" .csproj)"
    out="$DATA/test-results/$name.log"
    trx="$DATA/test-results/$name.trx"
    rm -f "$trx"
    log "testing $name"
    set +e
    dotnet test "$proj" -c "$CONFIG" --no-build --nologo \
      --logger "trx;LogFileName=$trx" --logger "console;verbosity=minimal" >"$out" 2>&1
    local code=$?
    set -e
    grep -E '^\s+(Failed|Skipped) [A-Za-z]' "$out" | sed 's/^\s*/    /' || true
    counters="$(grep -o '<Counters [^>]*>' "$trx" 2>/dev/null || true)"
    if [ -z "$counters" ]; then
      tail -n 40 "$out" | cut -c1-300 | sed 's/^/    /'
      echo "$name: no test results (exit $code)"
      failed=$((failed + 1)); rc=1
      continue
    fi
    attr() { sed -E "s/.* $1=\"([0-9]+)\".*/\1/" <<<"$counters"; }
    # Skipped tests are not in the TRX counters: count their results (total minus executed).
    p="$(attr passed)"; f="$(( $(attr failed) + $(attr error) + $(attr timeout) + $(attr aborted) ))"; s="$(( $(attr total) - $(attr executed) ))"
    echo "$name: $p passed, $f failed, $s skipped"
    passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + s))
    [ "$code" -ne 0 ] && rc=1
  done
  [ "$failed" -gt 0 ] && rc=1
  stop_cluster
  if [ "$skipped" -gt 0 ]; then echo "$skipped skipped"; fi
  echo "$passed passed, $failed failed"
  exit "$rc"
}

# Benchmarks (not part of the test run): a province-sized synthetic register in its own database, then every
# figure of benchmarks/README.md beside its reference. BENCH_DOCS (default 100000), BENCH_SECONDS per load run.
cmd_bench() {
  build_solution
  command -v wrk >/dev/null || { log "installing wrk"; as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >&2; }
  DB_NAME=policyregister_bench
  start_cluster
  trap 'kill $(jobs -p) 2>/dev/null; stop_cluster' EXIT
  local bench="$ROOT/benchmarks/PolicyRegister.Benchmarks/bin/$CONFIG/net10.0/PolicyRegister.Benchmarks.dll"
  dotnet "$bench" generate --docs "${BENCH_DOCS:-100000}"
  dotnet "$bench" fuzz --cases "${BENCH_FUZZ:-100000}" --gazette "$ROOT/../shared/gazettes/zhongwei-2024-01.txt"
  # The async daemon stays off here: catching up a million-event change feed would load the machine during the runs.
  ASPNETCORE_ENVIRONMENT=Development Register__Daemon=Disabled dotnet "$(web_dll)" --urls http://127.0.0.1:5091 >/dev/null 2>&1 &
  dotnet "$bench" bare --port 5092 >/dev/null 2>&1 &
  local i
  for i in $(seq 1 120); do curl -sf http://127.0.0.1:5091/health >/dev/null && break; sleep 0.5; done
  dotnet "$bench" measure --product http://127.0.0.1:5091 --bare http://127.0.0.1:5092 --seconds "${BENCH_SECONDS:-15}" --out "$DATA/bench-results.md"
  log "results in .data/bench-results.md (copy them into benchmarks/README.md)"
}

# Several register nodes on consecutive loopback ports against one database, for trying the cluster on one machine.
cmd_cluster() {
  local n="${1:-2}" base="${PORT:-5080}" i
  build_solution
  start_cluster
  dev_api_key
  export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}" Register__Cluster=true
  dotnet "$(web_dll)" sample >&2 || true
  PIDS=()
  trap 'kill -TERM "${PIDS[@]}" 2>/dev/null; wait; stop_cluster' EXIT
  trap 'exit 0' INT TERM
  for i in $(seq 0 $((n - 1))); do
    dotnet "$(web_dll)" --urls "http://127.0.0.1:$((base + i))" &
    PIDS+=($!)
    log "node $((i + 1)) on http://127.0.0.1:$((base + i))"
  done
  wait
}

cmd_db() {
  case "${1:-status}" in
    start) start_cluster; STARTED_CLUSTER=0; log "ConnectionStrings__Marten=$ConnectionStrings__Marten" ;;
    stop) ensure_pg_binaries; pg pg_ctl -D "$(cluster_dir)" -m fast -w stop ;;
    status) ensure_pg_binaries; pg pg_ctl -D "$(cluster_dir)" status || true ;;
    psql) start_cluster; STARTED_CLUSTER=0; "$PG_BIN/psql" "$ConnectionStrings__Marten" ;;
    *) die "usage: ./build.sh db start|stop|status|psql" ;;
  esac
}

case "${1:-}" in
  run) shift; cmd_run "$@" ;;
  test) shift; cmd_test "$@" ;;
  import|publish|resources|db-apply|db-assert|describe|codegen|projections) cmd_host "$@" ;;
  db) shift; cmd_db "$@" ;;
  build) build_solution ;;
  bench) shift; cmd_bench "$@" ;;
  cluster) shift; cmd_cluster "$@" ;;
  *) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
