#!/usr/bin/env bash
# Issue 5's acceptance checks, outside the default build (they need Node 22 and npm packages):
#  1. the official MCP conformance suite (server scenarios) against an upstream fixture directly, and
#     again through `detour proxy`; results compared scenario by scenario. Two fixtures: one built with
#     the MCP Java SDK (java-fixture/, as the issue asks) and one with the TypeScript SDK;
#  2. the official TypeScript SDK client through `detour proxy` to @modelcontextprotocol/server-everything
#     run as a stdio upstream; then the child is killed mid-call (structured error, restart, next call
#     succeeds); after SIGTERM no child may be left running.
# Usage: server/src/test/conformance/run-conformance.sh   (from the repository root; needs the npm registry)
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../../../.." && pwd)"
WORK="${DETOUR_CONFORMANCE_DIR:-$HOME/.cache/detour-conformance}"
OUT="${DETOUR_CONFORMANCE_OUT:-$ROOT/server/target/conformance}"
mkdir -p "$WORK" "$OUT"
cd "$WORK"
if [ ! -x node_modules/node/bin/node ] || [ ! -d node_modules/@modelcontextprotocol/conformance ]; then
  npm install --no-audit --no-fund node@22 @modelcontextprotocol/conformance@0.1.16 \
      @modelcontextprotocol/sdk@1.32.2 @modelcontextprotocol/server-everything@2026.8.31 >/dev/null
fi
NODE_BIN="$WORK/node_modules/node/bin"
if ! "$NODE_BIN/node" --version 2>/dev/null | grep -q '^v22'; then
  (cd node_modules/node && "$NODE_BIN/node" installArchSpecificPackage >/dev/null 2>&1 || node installArchSpecificPackage >/dev/null)
fi
export PATH="$NODE_BIN:$PATH"
cp "$HERE"/*.mjs "$WORK/"

JAR="${DETOUR_JAR:-$ROOT/server/target/detour.jar}"
if [ ! -f "$JAR" ]; then (cd "$ROOT" && ./mvnw -q -B -pl server package -DskipTests); fi
. "$ROOT/.ci/jdk.sh" && detour_select_jdk

PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT
wait_for() { for _ in $(seq 1 100); do grep -q "$2" "$1" 2>/dev/null && return 0; sleep 0.1; done; echo "timeout waiting for $1" >&2; return 1; }

# The Java SDK fixture (the issue's fixture) and the TypeScript SDK one (the suite's own SDK).
FIXTURE_CP="$(cd "$HERE/java-fixture" && "$ROOT/mvnw" -q -B -DskipTests package dependency:build-classpath \
    -Dfixture.build.dir="$OUT/java-fixture" -Dmdep.outputFile="$OUT/java-fixture.cp" >/dev/null && \
    echo "$OUT/java-fixture/conformance-fixture-0.1.0-SNAPSHOT.jar:$(cat "$OUT/java-fixture.cp")")"
java -cp "$FIXTURE_CP" dev.detour.conformance.JavaSdkFixture 3902 > "$OUT/java-fixture.log" 2>&1 & PIDS+=($!)
node fixture-server.mjs 3901 > "$OUT/ts-fixture.log" 2>&1 & PIDS+=($!)
wait_for "$OUT/java-fixture.log" listening
wait_for "$OUT/ts-fixture.log" listening
CONFORMANCE=0
for fixture in java:3902 ts:3901; do
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
  node compare.mjs "$OUT/direct-$kind" "$OUT/proxied-$kind" | tee "$OUT/conformance-table-$kind.md" || CONFORMANCE=1
done

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
