#!/usr/bin/env bash
# Cost per turn of sealing conversation memory with the master key (issue 13): sealed memory vs the same
# map operations on clear bytes vs the cryptography alone, on one embedded Hazelcast member.
#   bench/memory-seal.sh [turns=200000]
set -euo pipefail
cd "$(dirname "$0")/.."
. bin/jdk.sh
sb_pick_jdk
out=agent-runtime/target/bench-memory
mkdir -p "$out/classes"
mvn -B -q -ntp -o -pl agent-runtime -am compile dependency:build-classpath -Dmdep.includeScope=runtime \
  -Dmdep.outputFile="$PWD/$out/classpath.txt" >/dev/null
cp="agent-runtime/target/classes:$(cat "$out/classpath.txt")"
javac -d "$out/classes" -cp "$cp" agent-runtime/src/bench/java/io/switchboard/runtime/memory/MemorySealBench.java
exec java ${BENCH_JAVA_OPTS:-} -Xmx1g -cp "$out/classes:$cp" io.switchboard.runtime.memory.MemorySealBench "$@"
