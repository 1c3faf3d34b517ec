#!/usr/bin/env bash
# The live OpenAPI document, exported by Wolverine's `openapi` command (no database; the host is not started).
# Usage: eng/export-openapi.sh <out.json> [web-dll]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
WEB="${2:-$ROOT/src/PolicyRegister.Web/bin/Release/net10.0/PolicyRegister.Web.dll}"
(cd "$(dirname "$WEB")" && dotnet "$WEB" openapi --output "$1" >/dev/null)
