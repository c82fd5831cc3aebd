#!/usr/bin/env bash
# Acceptance checks outside the default build (they need Node 22 and npm packages):
#  1. the official MCP conformance suite 0.1.16 (server scenarios, the 2025 revisions) against an upstream
#     fixture directly, and again through `detour proxy`; results must be identical, scenario by scenario.
#     Two fixtures: one built with the MCP Java SDK (java-fixture/) and one with the TypeScript SDK;
#  2. the suite 0.2.0-alpha.12 with `--requirements 2026-07-28` against a fixture that serves 2026-07-28
#     (fixture-2026/, the suite's own reference server on the TypeScript SDK) directly and through
#     `detour proxy`; no check that passes directly may fail through Detour (issue 12);
#     the tables of both go into docs/mcp-proxy.md (update-doc.mjs), so the doc shows the last run;
#  3. the official TypeScript SDK client through `detour proxy` to @modelcontextprotocol/server-everything
#     run as a stdio upstream; then the child is killed mid-call (structured error, restart, next call
#     succeeds); after SIGTERM no child may be left running.
# Usage: server/src/test/conformance/run-conformance.sh   (from the repository root; needs the npm registry)
# Environment: DETOUR_CONFORMANCE_DIR (npm install dir), DETOUR_CONFORMANCE_OUT (results),
# DETOUR_CONFORMANCE_PORT_BASE (fixtures listen on BASE, BASE+1, BASE+2; default 3901), DETOUR_JAR.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../../../.." && pwd)"
WORK="${DETOUR_CONFORMANCE_DIR:-$HOME/.cache/detour-conformance}"
OUT="${DETOUR_CONFORMANCE_OUT:-$ROOT/server/target/conformance}"
mkdir -p "$WORK" "$OUT"
cd "$WORK"
# Every npm version pinned; conformance-2026 is the 0.2.0-alpha suite under an alias beside 0.1.16.
PACKAGES="node@22.23.3 @modelcontextprotocol/conformance@0.1.16 \
  conformance-2026@npm:@modelcontextprotocol/conformance@0.2.0-alpha.12 @modelcontextprotocol/sdk@1.32.2 \
  @modelcontextprotocol/server-everything@2026.8.31 tsx@4.21.0 express@5.2.1 cors@2.8.6 zod@4.6.7"
if [ ! -x node_modules/node/bin/node ] || [ "$(cat .detour-packages 2>/dev/null)" != "$PACKAGES" ]; then
  # shellcheck disable=SC2086
  npm install --no-audit --no-fund $PACKAGES >/dev/null
  echo "$PACKAGES" > .detour-packages
fi
NODE_BIN="$WORK/node_modules/node/bin"
if ! "$NODE_BIN/node" --version 2>/dev/null | grep -q '^v22'; then
  (cd node_modules/node && "$NODE_BIN/node" installArchSpecificPackage >/dev/null 2>&1 || node installArchSpecificPackage >/dev/null)
fi
export PATH="$NODE_BIN:$PATH"
cp "$HERE"/*.mjs "$HERE/fixture-2026/everything-server.ts" "$WORK/"
PORT_BASE="${DETOUR_CONFORMANCE_PORT_BASE:-3901}"
TS_PORT=$PORT_BASE; JAVA_PORT=$((PORT_BASE + 1)); MODERN_PORT=$((PORT_BASE + 2))
DOC="$ROOT/docs/mcp-proxy.md"

JAR="${DETOUR_JAR:-$ROOT/server/target/detour.jar}"
if [ ! -f "$JAR" ]; then (cd "$ROOT" && ./mvnw -q -B -pl server package -DskipTests); fi
. "$ROOT/.ci/jdk.sh" && detour_select_jdk

# Logs of an earlier run must not answer wait_for (an old 'listening' line names an old port).
rm -f "$OUT"/*.log "$OUT"/*.err
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT
wait_for() { for _ in $(seq 1 100); do grep -q "$2" "$1" 2>/dev/null && return 0; sleep 0.1; done; echo "timeout waiting for $1" >&2; return 1; }

# The Java SDK fixture (the issue's fixture) and the TypeScript SDK one (the suite's own SDK).
FIXTURE_CP="$(cd "$HERE/java-fixture" && "$ROOT/mvnw" -q -B -DskipTests package dependency:build-classpath \
    -Dfixture.build.dir="$OUT/java-fixture" -Dmdep.outputFile="$OUT/java-fixture.cp" >/dev/null && \
    echo "$OUT/java-fixture/conformance-fixture-0.1.0-SNAPSHOT.jar:$(cat "$OUT/java-fixture.cp")")"
java -cp "$FIXTURE_CP" dev.detour.conformance.JavaSdkFixture "$JAVA_PORT" > "$OUT/java-fixture.log" 2>&1 & PIDS+=($!)
node fixture-server.mjs "$TS_PORT" > "$OUT/ts-fixture.log" 2>&1 & PIDS+=($!)
PORT="$MODERN_PORT" node node_modules/tsx/dist/cli.mjs everything-server.ts > "$OUT/modern-fixture.log" 2>&1 & PIDS+=($!)
wait_for "$OUT/java-fixture.log" listening
wait_for "$OUT/ts-fixture.log" listening
wait_for "$OUT/modern-fixture.log" 'running on'
CONFORMANCE=0
for fixture in java:$JAVA_PORT ts:$TS_PORT; do
  kind="${fixture%%:*}"; port="${fixture##*:}"
  java -jar "$JAR" proxy --upstream "http://127.0.0.1:$port/mcp" > "$OUT/proxy-$kind.log" 2> "$OUT/proxy-$kind.err" & PIDS+=($!)
  wait_for "$OUT/proxy-$kind.log" listening
  PROXY_URL="$(grep -o 'http://[^ ]*' "$OUT/proxy-$kind.log")"
  rm -rf "$OUT/direct-$kind" "$OUT/proxied-$kind"
  node node_modules/@modelcontextprotocol/conformance/dist/index.js server --url "http://127.0.0.1:$port/mcp" \
      -o "$OUT/direct-$kind" > "$OUT/direct-$kind.txt" 2>&1 || true
  node node_modules/@modelcontextprotocol/conformance/dist/index.js server --url "$PROXY_URL" \
      -o "$OUT/proxied-$kind" > "$OUT/proxied-$kind.txt" 2>&1 || true
  echo "== $kind SDK fixture"
  grep -E '^Total' "$OUT/direct-$kind.txt" | sed 's/^/direct:  /'
  grep -E '^Total' "$OUT/proxied-$kind.txt" | sed 's/^/proxied: /'
  node compare.mjs "$OUT/direct-$kind" "$OUT/proxied-$kind" --mode identical --md "$OUT/conformance-2025-$kind.md" || CONFORMANCE=1
  node update-doc.mjs "$DOC" "2025-$kind" "$OUT/conformance-2025-$kind.md"
done

# 2025-11-25 as the 0.2.0-alpha suite measures it (the revision's frozen requirement set), TypeScript fixture: identical.
rm -rf "$OUT/direct-2025-11-25" "$OUT/proxied-2025-11-25"
TS_PROXY_URL="$(grep -o 'http://[^ ]*' "$OUT/proxy-ts.log")"
node node_modules/conformance-2026/dist/index.js server --url "http://127.0.0.1:$TS_PORT/mcp" --requirements 2025-11-25 \
    -o "$OUT/direct-2025-11-25" > "$OUT/direct-2025-11-25.txt" 2>&1 || true
node node_modules/conformance-2026/dist/index.js server --url "$TS_PROXY_URL" --requirements 2025-11-25 \
    -o "$OUT/proxied-2025-11-25" > "$OUT/proxied-2025-11-25.txt" 2>&1 || true
echo "== 2025-11-25 requirements, ts SDK fixture"
node compare.mjs "$OUT/direct-2025-11-25" "$OUT/proxied-2025-11-25" --mode identical --md "$OUT/conformance-2025-11-25.md" || CONFORMANCE=1
node update-doc.mjs "$DOC" "2025-11-25" "$OUT/conformance-2025-11-25.md"

# 2026-07-28: the revision's requirement set, directly and through Detour; nothing may do worse through Detour.
java -jar "$JAR" proxy --upstream "http://127.0.0.1:$MODERN_PORT/mcp" > "$OUT/proxy-2026.log" 2> "$OUT/proxy-2026.err" & PIDS+=($!)
wait_for "$OUT/proxy-2026.log" listening
PROXY_URL="$(grep -o 'http://[^ ]*' "$OUT/proxy-2026.log")"
rm -rf "$OUT/direct-2026" "$OUT/proxied-2026"
SUITE_2026=node_modules/conformance-2026/dist/index.js
node "$SUITE_2026" server --url "http://127.0.0.1:$MODERN_PORT/mcp" --requirements 2026-07-28 -o "$OUT/direct-2026" \
    > "$OUT/direct-2026.txt" 2>&1 || true
node "$SUITE_2026" server --url "$PROXY_URL" --requirements 2026-07-28 -o "$OUT/proxied-2026" > "$OUT/proxied-2026.txt" 2>&1 || true
echo "== 2026-07-28 requirements, fixture-2026 (the suite's reference server)"
grep -E '^Total' "$OUT/direct-2026.txt" | sed 's/^/direct:  /'
grep -E '^Total' "$OUT/proxied-2026.txt" | sed 's/^/proxied: /'
node compare.mjs "$OUT/direct-2026" "$OUT/proxied-2026" --mode no-worse --md "$OUT/conformance-2026.md" || CONFORMANCE=1
node update-doc.mjs "$DOC" "2026-07-28" "$OUT/conformance-2026.md"

EVERYTHING="node $WORK/node_modules/@modelcontextprotocol/server-everything/dist/index.js stdio"
java -jar "$JAR" proxy --upstream "everything=stdio:$EVERYTHING" > "$OUT/stdio-proxy.log" 2> "$OUT/stdio-proxy.err" & STDIO_PROXY=$!
PIDS+=($STDIO_PROXY)
wait_for "$OUT/stdio-proxy.log" listening
CLIENT=0
node sdk-client-check.mjs "$(grep -o 'http://[^ ]*' "$OUT/stdio-proxy.log")" | tee "$OUT/sdk-client.txt" || CLIENT=1
KILL=0
node stdio-kill-check.mjs "$(grep -o 'http://[^ ]*' "$OUT/stdio-proxy.log")" "$STDIO_PROXY" | tee "$OUT/stdio-kill.txt" || KILL=1
CHILDREN="$(pgrep -P "$STDIO_PROXY" || true)"
kill -TERM "$STDIO_PROXY"; wait "$STDIO_PROXY" || true
ORPHANS=0
for c in $CHILDREN; do if kill -0 "$c" 2>/dev/null; then echo "orphan: $c"; ORPHANS=1; fi; done
[ "$ORPHANS" = 0 ] && echo "no orphan after SIGTERM (children were: ${CHILDREN:-none})"
echo "conformance=$CONFORMANCE client=$CLIENT kill=$KILL orphans=$ORPHANS"
[ "$CONFORMANCE" = 0 ] && [ "$CLIENT" = 0 ] && [ "$KILL" = 0 ] && [ "$ORPHANS" = 0 ]
