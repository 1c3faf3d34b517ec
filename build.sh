#!/usr/bin/env bash
# PolicyRegister: set-up, embedded PostgreSQL, and the register's commands.
#
# usage: ./build.sh COMMAND [options]
#
#   run [--port N] [--dev]         serve the register on http://127.0.0.1:5080 (Production; --dev for Development);
#                                  an empty register first gets the sample (the shared gazettes, else samples/)
#   test                           run every test project and the fresh-start smoke test; last line "N passed, N failed"
#   import FILE... [--dry-run] [--json] [--jurisdiction CODE|NAME]
#                                  import gazettes (a dry run prints the plan and stores nothing)
#   publish OUTPUT [--format F] [--out FILE] [--date D] [--since D] ...
#                                  render a published list or notice (catalogue, decision, changes, certificate)
#   bench                          the province-sized benchmarks (see benchmarks/README.md)
#   cluster [N]                    N register nodes on consecutive ports against one database
#   db start|stop|status|psql [ARGS]|env
#                                  the private PostgreSQL cluster by hand (env prints shell exports for scripts)
#   build                          restore and build (skipped when no input changed since the last build)
#   resources|codegen|describe|projections ...
#                                  the Critter Stack's own commands, against this register's host
#   help                           this text
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
usage() { sed -n '2,/^# With ConnectionStrings/p' "$0" | sed 's/^# \{0,1\}//'; }

# Debian packages, quietly: apt's own output goes to .data/apt.log, one line here.
apt_install() {
  mkdir -p "$DATA"
  log "installing Debian packages: $* (log in .data/apt.log)"
  { as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@"; } >>"$DATA/apt.log" 2>&1 \
    || die "apt-get install $* failed (see .data/apt.log)"
}

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

# The build's inputs: sources, templates, project and package files. When none changed since the last good build
# (and its output is there), the build is skipped: a second `./build.sh run` starts without MSBuild.
BUILD_INPUTS=(src tests benchmarks eng templates samples Directory.Build.props Directory.Packages.props PolicyRegister.sln global.json nuget.config)
GENERATED="src/PolicyRegister.Web/Internal/Generated"
build_is_current() {
  local stamp="$DATA/build-$CONFIG.stamp"
  [ -f "$stamp" ] && [ -f "$(web_dll)" ] || return 1
  [ -z "$(find "${BUILD_INPUTS[@]}" -newer "$stamp" -type f -not -path '*/bin/*' -not -path '*/obj/*' \
    -not -path "$GENERATED/*" -print -quit 2>/dev/null)" ]
}

dotnet_build() { dotnet build "$ROOT/PolicyRegister.sln" -c "$CONFIG" --nologo -v quiet "-clp:NoSummary;ErrorsOnly" >&2; }

# (A missing folder hashes as empty: under pipefail a failing find would end the script right after the build.)
generated_hash() { { find "$ROOT/$GENERATED" -type f -name '*.cs' -print0 2>/dev/null || true; } | sort -z | xargs -0 -r cat | sha1sum; }

# Wolverine's endpoint code is generated ahead (`codegen write`, committed under Internal/Generated) and loaded at
# start, so no Roslyn compile happens when the register starts. Each build regenerates it and builds again when it
# changed; when stale generated code no longer compiles (an endpoint's signature changed), it is dropped first.
build_solution() {
  if [ "${PR_FORCE_BUILD:-0}" != 1 ] && build_is_current; then
    log "build is up to date ($CONFIG)"
    return
  fi
  ensure_local_packages
  log "restoring and building ($CONFIG)"
  mkdir -p "$DATA"
  local started="$DATA/build-$CONFIG.started" before
  touch "$started"
  if ! dotnet_build; then
    [ -d "$ROOT/$GENERATED" ] || return 1
    log "the build failed: building again without the generated endpoint code"
    rm -rf "${ROOT:?}/$GENERATED"
    dotnet_build || return 1
  fi
  before="$(generated_hash)"
  rm -rf "${ROOT:?}/$GENERATED"
  (cd "$ROOT/src/PolicyRegister.Web" && dotnet "$(web_dll)" codegen write >/dev/null) || { log "codegen write failed"; return 1; }
  if [ "$(generated_hash)" != "$before" ]; then
    log "generated endpoint code changed: building again"
    dotnet_build || return 1
  fi
  # The stamp takes the time the build started: an edit made during the build still counts as a change.
  mv "$started" "$DATA/build-$CONFIG.stamp"
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
    apt_install postgresql postgresql-contrib
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
    # From /: the postgres user may not enter the checkout (a clone under a 0700 folder) and would say so.
    (cd / && runuser -u postgres -- "$PG_BIN/$bin" "$@")
  else
    "$PG_BIN/$bin" "$@"
  fi
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Ports that other checkouts' clusters have taken (running or not): never offered to this one.
claimed_ports() { cat "$(dirname "$(cluster_dir)")"/policyregister-*.port 2>/dev/null || true; }

next_free_port() {
  local p="${1:-55432}" claimed
  claimed=" $(claimed_ports | tr '\n' ' ') "
  while port_in_use "$p" || [[ "$claimed" == *" $p "* ]]; do p=$((p + 1)); done
  echo "$p"
}

# Is the postmaster of this cluster alive (not merely a postmaster.pid left by a killed one)?
postmaster_alive() {
  local dir="$1" pid state
  [ -f "$dir/postmaster.pid" ] || return 1
  pid="$(head -n 1 "$dir/postmaster.pid" 2>/dev/null)"
  [ -n "$pid" ] && [ -r "/proc/$pid/stat" ] || return 1
  state="$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null)"
  [ "$state" != Z ] && [ "$state" != X ]
}

# After a kill -9 of the postmaster its backends linger for a moment and keep the shared memory: wait until no
# process works in the data folder any more, so that the new postmaster can start.
wait_for_orphans() {
  local dir="$1" i
  for i in $(seq 1 40); do
    local link busy=0
    for link in /proc/[0-9]*/cwd; do
      if [ "$(readlink "$link" 2>/dev/null)" = "$dir" ]; then busy=1; break; fi
    done
    [ "$busy" = 0 ] && return 0
    sleep 0.25
  done
  log "processes of a dead server still use $dir"
}

cluster_ready() { "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$1" -t 2 >/dev/null 2>&1; }

with_port_lock() { # choosing a port and binding it happen under one machine-wide lock: no two checkouts race
  local lock
  lock="$(dirname "$(cluster_dir)")/.policyregister-ports.lock"
  mkdir -p "$(dirname "$lock")"
  exec 9>>"$lock"
  flock -w 120 9 || die "could not take the port lock $lock"
  "$@"
  local rc=$?
  flock -u 9
  exec 9>&-
  return $rc
}

start_postmaster() { # binds a free port, trying the next one when the bind fails
  local dir="$1" port="${2:-}" attempt
  [ -n "$port" ] || port="$(next_free_port 55432)"
  for attempt in $(seq 1 10); do
    if port_in_use "$port"; then port="$(next_free_port $((port + 1)))"; fi
    echo "$port" >"$dir.port"
    log "starting the private PostgreSQL cluster on 127.0.0.1:$port"
    if pg pg_ctl -D "$dir" -l "$dir.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories= -c max_connections=200 -c fsync=${PR_PG_FSYNC:-on}" \
      start >/dev/null 2>&1; then
      return 0
    fi
    if tail -n 20 "$dir.log" 2>/dev/null | grep "could not bind\|Address already in use" >/dev/null; then
      log "port $port was taken meanwhile; trying the next one"
      port="$(next_free_port $((port + 1)))"
      continue
    fi
    die "PostgreSQL did not start; the end of its log ($dir.log):
$(tail -n 15 "$dir.log" 2>/dev/null)"
  done
  die "no free port for PostgreSQL after 10 attempts"
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
  port="${PR_PG_PORT:-$(cat "$dir.port" 2>/dev/null || true)}"
  if postmaster_alive "$dir"; then
    # A live postmaster may still be starting or recovering: give it time to accept connections.
    local i
    for i in $(seq 1 60); do cluster_ready "$port" && break; sleep 0.5; done
    cluster_ready "$port" || die "the private cluster in $dir runs but does not answer on port $port (see $dir.log)"
    log "the private cluster is already running on port $port"
  else
    wait_for_orphans "$dir"
    rm -f "$dir/postmaster.pid"
    with_port_lock start_postmaster "$dir" "$port"
    port="$(cat "$dir.port")"
    STARTED_CLUSTER=1
  fi
  local pw
  pw="$(cat "$dir.password")"
  export PGPASSWORD="$pw" PGHOST=127.0.0.1 PGPORT="$port" PGUSER=postgres
  if ! "$PG_BIN/psql" -d postgres -tAc "select 1 from pg_database where datname='$DB_NAME'" | grep 1 >/dev/null; then
    "$PG_BIN/psql" -d postgres -qc "create database \"$DB_NAME\"" >/dev/null
  fi
  export PGDATABASE="$DB_NAME"
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
  # The key that encrypts the Data Protection keys (staff cookies) at rest; Production refuses to start without one.
  if [ ! -f "$DATA/dev-data-protection-key" ]; then
    (umask 077; head -c 32 /dev/urandom | base64 >"$DATA/dev-data-protection-key")
    log "generated a development Data Protection key in .data/dev-data-protection-key"
  fi
  export Register__DataProtectionKey="${Register__DataProtectionKey:-$(cat "$DATA/dev-data-protection-key")}"
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
  local port="${PORT:-5080}" environment="${ASPNETCORE_ENVIRONMENT:-Production}"
  while [ $# -gt 0 ]; do
    case "$1" in
      --port) [ $# -ge 2 ] || die "--port needs a number"; port="$2"; shift 2 ;;
      --dev) environment=Development; shift ;;
      *) die "unknown option for run: $1 (./build.sh help)" ;;
    esac
  done
  [[ "$port" =~ ^[0-9]+$ ]] || die "--port must be a number, not '$port'"
  port_in_use "$port" && die "port $port is in use: choose another with --port N or PORT=N"
  build_solution
  start_cluster
  trap stop_cluster EXIT
  dev_api_key
  log "API key: .data/dev-api-key; workspace accounts: .data/dev-staff"
  export ASPNETCORE_ENVIRONMENT="$environment"
  # First start on an empty register: load the sample (the shared gazettes in date order, else samples/).
  if [ "${PR_NO_SAMPLE:-0}" != 1 ]; then
    dotnet "$(web_dll)" sample || log "the sample register was not loaded (see above)"
  fi
  # Not exec: this script must outlive the server to stop the cluster on Ctrl-C / SIGTERM.
  WEB_PID=""
  trap '[ -n "$WEB_PID" ] && kill -TERM "$WEB_PID" 2>/dev/null' INT TERM
  log "serving on http://127.0.0.1:$port ($environment)"
  ASPNETCORE_URLS="http://127.0.0.1:$port" dotnet "$(web_dll)" &
  WEB_PID=$!
  while kill -0 "$WEB_PID" 2>/dev/null; do wait "$WEB_PID" || true; done
  stop_cluster
}

cmd_host() { # any JasperFx command of the host: import, publish, resources, codegen, describe ...
  build_solution
  # A dry run of an import touches no database: no cluster to start.
  if [[ " $* " == *" --dry-run "* ]]; then
    dotnet "$(web_dll)" "$@"
    return
  fi
  start_cluster
  trap stop_cluster EXIT
  dotnet "$(web_dll)" "$@"
}

# Browser tests drive Debian's chromium; Chinese renders as boxes without the CJK fonts; pdftotext (poppler-utils)
# reads the page numbers of printed notices.
ensure_browser() {
  # grep reads to the end (no -q): under pipefail an early exit would SIGPIPE fc-list and fail the test.
  if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/pdftotext ] || ! fc-list 2>/dev/null | grep -i "Noto Sans CJK" >/dev/null; then
    apt_install chromium fonts-noto-cjk poppler-utils
  fi
}

# The checkers the tests inject or run from npm (axe-core), pinned by eng/npm/package-lock.json.
ensure_npm_tools() {
  command -v npm >/dev/null || { log "npm is not installed: the accessibility checks cannot run"; return 0; }
  local dir="$ROOT/eng/npm"
  if [ ! -f "$dir/node_modules/.package-lock.json" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    log "installing the npm checkers (eng/npm, log in .data/npm.log)"
    mkdir -p "$DATA"
    (cd "$dir" && npm ci --no-audit --no-fund) >>"$DATA/npm.log" 2>&1 || die "npm ci in eng/npm failed (see .data/npm.log)"
  fi
}

# One check from eng/ as one test of cmd_test's count (bash's locals are dynamic: it updates cmd_test's counters).
npm_check() {
  local label="$1" script="$2" log_file="$DATA/test-results/$3"
  if bash "$ROOT/$script" >"$log_file" 2>&1; then
    echo "$label: 1 passed, 0 failed ($(tail -n 1 "$log_file"))"; passed=$((passed + 1))
  else
    sed 's/^/    /' "$log_file" | tail -n 40; echo "$label: 0 passed, 1 failed"; failed=$((failed + 1)); rc=1
  fi
}

cmd_test() {
  local passed=0 failed=0 skipped=0 rc=0
  ensure_browser
  ensure_npm_tools
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
  stop_cluster
  # The API contract through Redocly and Spectral, and a TypeScript client over it (installed by ensure_npm_tools when
  # npm is there): each counts as one test, its last line in the summary.
  if [ -x "$ROOT/eng/npm/node_modules/.bin/redocly" ]; then
    log "linting the OpenAPI contract (Redocly recommended, Spectral oas)"
    npm_check "openapi lint" eng/lint-openapi.sh openapi-lint.log
  fi
  if [ -x "$ROOT/eng/npm/node_modules/.bin/tsc" ]; then
    log "type-checking the TypeScript client against the contract"
    npm_check "typescript client" eng/typecheck-client.sh ts-client.log
  fi
  # The fresh-start smoke test: a copy of this checkout at a new path, first run on a brand-new database.
  # (PR_SKIP_SMOKE=1 leaves it out of a local run; CI always runs it.)
  if [ "${PR_SKIP_SMOKE:-0}" = 1 ] && [ "${CI:-}" != true ]; then
    echo "fresh-start smoke: skipped (PR_SKIP_SMOKE=1)"; skipped=$((skipped + 1))
  else
    log "testing the fresh start (a new copy, a new cluster, ./build.sh run)"
    local smoke="$DATA/test-results/fresh-start.log"
    set +e
    bash "$ROOT/tests/smoke/fresh-start.sh" >"$smoke" 2>&1
    local code=$?
    set -e
    grep -E '^(failed|skipped):' "$smoke" | sed 's/^/    /' || true
    [ "$code" -ne 0 ] && grep -E '^    ' "$smoke" | tail -n 40 || true
    counters="$(tail -n 1 "$smoke")"
    if [[ "$counters" =~ ^([0-9]+)\ passed,\ ([0-9]+)\ failed,\ ([0-9]+)\ skipped$ ]]; then
      p="${BASH_REMATCH[1]}"; f="${BASH_REMATCH[2]}"; s="${BASH_REMATCH[3]}"
    else
      tail -n 20 "$smoke" | sed 's/^/    /'; p=0; f=1; s=0
    fi
    echo "fresh-start smoke: $p passed, $f failed, $s skipped"
    passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + s))
    [ "$code" -ne 0 ] && rc=1
  fi
  [ "$failed" -gt 0 ] && rc=1
  if [ "$skipped" -gt 0 ]; then echo "$skipped skipped"; fi
  echo "$passed passed, $failed failed"
  exit "$rc"
}

# Benchmarks (not part of the test run): a province-sized synthetic register in its own database, then every measure
# beside its reference and goal into benchmarks/results.json (medians of interleaved runs), and the README's table
# generated from it. BENCH_DOCS (default 100000), BENCH_DB and BENCH_OUT (a second register, e.g. 10,000 documents, in
# a database and file of its own), BENCH_SECONDS per load run, BENCH_RUNS (default 3), BENCH_FAILOVER_RUNS (default 3).
cmd_bench() {
  build_solution
  command -v wrk >/dev/null || apt_install wrk
  DB_NAME="${BENCH_DB:-policyregister_bench}"
  start_cluster
  # Jobs already stopped make kill fail, which under set -e ended a finished run with exit 1.
  trap 'kill $(jobs -p) 2>/dev/null || true; stop_cluster' EXIT
  local bench="$ROOT/benchmarks/PolicyRegister.Benchmarks/bin/$CONFIG/net10.0/PolicyRegister.Benchmarks.dll"
  local out="${BENCH_OUT:-$ROOT/benchmarks/results.json}" runs="${BENCH_RUNS:-3}" i
  dotnet "$bench" generate --docs "${BENCH_DOCS:-100000}"
  dotnet "$bench" texts
  dotnet "$bench" fuzz --cases "${BENCH_FUZZ:-100000}" --gazette "$ROOT/../shared/gazettes/zhongwei-2024-01.txt"
  # The async daemon stays off here: catching up a million-event change feed would load the machine during the runs.
  # One client asks every search: the per-client search limit is raised for it.
  ASPNETCORE_ENVIRONMENT=Development Register__Daemon=Disabled Register__RateLimits__SearchesPerMinute=1000000 \
    dotnet "$(web_dll)" --urls http://127.0.0.1:5091 >/dev/null 2>&1 &
  local product=$!
  dotnet "$bench" bare --port 5092 >/dev/null 2>&1 &
  local bare=$!
  for i in $(seq 1 600); do curl -sf http://127.0.0.1:5091/health >/dev/null && break; sleep 0.5; done
  dotnet "$bench" measure --product http://127.0.0.1:5091 --bare http://127.0.0.1:5092 --product-pid "$product" \
    --seconds "${BENCH_SECONDS:-15}" --runs "$runs" --out "$out"
  dotnet "$bench" measure-titles --product http://127.0.0.1:5091 --runs "$runs" --out "$out"
  dotnet "$bench" measure-texts --product http://127.0.0.1:5091 --runs "$runs" --out "$out"
  kill "$product" "$bare" 2>/dev/null || true
  # Failover: the cluster script, each run on a database of its own; the seconds from the kill to the caught-up feed.
  local took=() said
  for i in $(seq 1 "${BENCH_FAILOVER_RUNS:-3}"); do
    # Shown as well as read: tee /dev/stderr reopened a log that stderr was redirected to, and emptied it.
    said="$("$ROOT/benchmarks/cluster-failover.sh")"
    printf '%s\n' "$said" >&2
    took+=("$(sed -n 's/.*caught up \([0-9]*\) s after the kill.*/\1/p' <<<"$said")")
  done
  dotnet "$bench" record --name failover --values "$(IFS=,; echo "${took[*]}")" --unit s --goal "≤ 10 s from SIGKILL of the daemon's node to a caught-up change feed" \
    --at-most 10 --how "benchmarks/cluster-failover.sh: two nodes, the daemon's node killed, a decision written through the survivor; median of the runs" --out "$out"
  if [ -z "${BENCH_OUT:-}" ]; then
    local table
    table="$(dotnet "$bench" table --in "$out" --smaller "$ROOT/benchmarks/results-10k.json")"
    python3 - "$ROOT/benchmarks/README.md" "$table" <<'PY'
import sys, re
path, table = sys.argv[1], sys.argv[2]
text = open(path, encoding="utf-8").read()
begin, end = "<!-- results:begin (generated by ./build.sh bench from results.json) -->", "<!-- results:end -->"
text = re.sub(re.escape(begin) + ".*?" + re.escape(end), lambda _: begin + "\n" + table + "\n" + end, text, flags=re.S)
open(path, "w", encoding="utf-8").write(text)
PY
    log "results in benchmarks/results.json; the table in benchmarks/README.md regenerated"
  else
    log "results in $out"
  fi
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
  trap 'kill -TERM "${PIDS[@]}" 2>/dev/null || true; wait; stop_cluster' EXIT
  trap 'exit 0' INT TERM
  for i in $(seq 0 $((n - 1))); do
    dotnet "$(web_dll)" --urls "http://127.0.0.1:$((base + i))" &
    PIDS+=($!)
    log "node $((i + 1)) on http://127.0.0.1:$((base + i))"
  done
  wait
}

# psql speaks libpq, not Npgsql: the configured connection string becomes PG* variables (never a command argument).
libpq_env_from() {
  local part key value
  IFS=';' read -ra parts <<<"$1"
  for part in "${parts[@]}"; do
    key="${part%%=*}"; value="${part#*=}"
    case "${key,,}" in
      host|server) export PGHOST="$value" ;;
      port) export PGPORT="$value" ;;
      database|db) export PGDATABASE="$value" ;;
      username|user\ id|userid|user) export PGUSER="$value" ;;
      password) export PGPASSWORD="$value" ;;
    esac
  done
}

cmd_db() {
  local sub="${1:-status}"
  [ $# -gt 0 ] && shift
  case "$sub" in
    start) start_cluster; STARTED_CLUSTER=0
      [ -n "${PGPORT:-}" ] && log "database $DB_NAME on 127.0.0.1:$PGPORT (user postgres; password in $(cluster_dir).password)" ;;
    stop) ensure_pg_binaries; pg pg_ctl -D "$(cluster_dir)" -m fast -w stop ;;
    status) ensure_pg_binaries; pg pg_ctl -D "$(cluster_dir)" status || true ;;
    psql) start_cluster; STARTED_CLUSTER=0
      [ -n "${PGHOST:-}" ] || libpq_env_from "$ConnectionStrings__Marten"
      exec "${PG_BIN:-$(pg_bindir)}/psql" "$@" ;;
    env) # for scripts: eval "$(./build.sh db env)"; holds the password, so it goes to stdout only when asked
      start_cluster; STARTED_CLUSTER=0
      printf 'export %s=%q\n' ConnectionStrings__Marten "$ConnectionStrings__Marten" PGHOST "${PGHOST:-}" PGPORT "${PGPORT:-}" \
        PGUSER "${PGUSER:-}" PGPASSWORD "${PGPASSWORD:-}" PGDATABASE "${PGDATABASE:-}" PR_PG_DIR "$(cluster_dir)" PR_PG_BIN "${PG_BIN:-}" ;;
    *) printf "[build.sh] unknown db command '%s': use start, stop, status, psql or env\n" "$sub" >&2; exit 2 ;;
  esac
}

case "${1:-}" in
  run) shift; cmd_run "$@" ;;
  test) shift; cmd_test "$@" ;;
  import|publish|resources|codegen|describe|projections|sample) cmd_host "$@" ;;
  db) shift; cmd_db "$@" ;;
  build) build_solution ;;
  bench) shift; cmd_bench "$@" ;;
  cluster) shift; cmd_cluster "$@" ;;
  help|--help|-h) usage ;;
  "") usage >&2; exit 2 ;;
  *) printf "[build.sh] unknown command '%s' (./build.sh help lists the commands)\n" "$1" >&2; exit 2 ;;
esac
