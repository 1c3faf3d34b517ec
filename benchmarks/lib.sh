# Shared by the benchmark scripts: this checkout's own cluster and database, free ports, and temp files of their own.
# Source it from a script whose working directory is the checkout's root.
# shellcheck shell=bash

# This checkout's cluster (started if needed) with the script's database: exports ConnectionStrings__Marten,
# PGHOST/PGPORT/PGUSER/PGPASSWORD/PGDATABASE, PR_PG_DIR (the cluster's folder) and PR_PG_BIN.
use_checkout_db() { eval "$(env -u ConnectionStrings__Marten ./build.sh db env 2>/dev/null)"; }

# An immediate stop of THIS checkout's cluster only (never another checkout's).
stop_db_immediate() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$PR_PG_BIN/pg_ctl" -D "$PR_PG_DIR" stop -m immediate >/dev/null
  else "$PR_PG_BIN/pg_ctl" -D "$PR_PG_DIR" stop -m immediate >/dev/null; fi
}

# A port nobody listens on, chosen by the kernel.
free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1]);s.close()'; }

# Temp files of this run: removed on exit (the caller's EXIT trap should call cleanup_tmp).
TMP="$(mktemp -d "${TMPDIR:-/tmp}/policyregister-bench.XXXXXX")"
cleanup_tmp() { rm -rf "$TMP"; }
