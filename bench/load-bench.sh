#!/usr/bin/env bash
# The load harnesses of bench/README.md ("Proxy overhead under load", "Faults under load", "Health across a cluster"), one command each:
#   bench/load-bench.sh load   [options]   # every route, in front of the fast and the Node upstream
#   bench/load-bench.sh faults [options]   # hard kill, hang, 10x slow, error burst, flapping, every provider failing
#   bench/load-bench.sh cluster [options]  # health propagation across three cluster members, cost per call clustered vs not
#   bench/load-bench.sh load --help        # the options
# Builds Detour's jar (server/target/detour.jar) and the bench jar when they are missing or older than
# the sources. The load run installs Node 22, the npm mcp-proxy and the TypeScript SDK, pinned, into
# ~/.cache/detour-bench (--node-dir) on first use (needs npm and the registry once; --no-node skips it).
# JVM options for the harness itself: DETOUR_BENCH_JAVA_OPTS.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
. .ci/jdk.sh
detour_select_jdk
mode="${1:-}"
[ $# -gt 0 ] && shift
case "$mode" in
  load) main=dev.detour.bench.load.LoadBench ;;
  faults) main=dev.detour.bench.faults.FaultBench ;;
  cluster) main=dev.detour.bench.cluster.ClusterBench ;;
  *) echo "usage: bench/load-bench.sh load|faults|cluster [options]   (bench/load-bench.sh load --help lists the options)" >&2; exit 2 ;;
esac
newer_than() { # $1 = a jar; the rest: files and directories that must not be newer than it
  local jar=$1; shift
  [ ! -f "$jar" ] || [ -n "$(find "$@" -newer "$jar" -type f -print -quit 2>/dev/null)" ]
}
if newer_than server/target/detour.jar pom.xml {router-core,health-monitors,tool-graphs,router-langchain4j,server}/{pom.xml,src/main} \
    || newer_than bench/target/benchmarks.jar pom.xml bench/pom.xml bench/src/main; then
  echo "Building Detour and the bench jar..." >&2
  ./mvnw -q -B -DskipTests -pl server,bench -am package >&2
fi
export DETOUR_BENCH_COMMAND="bench/load-bench.sh $mode${*:+ $*}"
exec "$JAVA_HOME/bin/java" ${DETOUR_BENCH_JAVA_OPTS:-} -cp bench/target/benchmarks.jar "$main" "$@"
