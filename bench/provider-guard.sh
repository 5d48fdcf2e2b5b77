#!/usr/bin/env bash
# What the provider failover guard (Resilience4j circuit breaker + bulkhead + key ring) adds to one model
# call, against the bare call, single-threaded and with several callers on one provider (issue 16.4).
#   bench/provider-guard.sh [calls=2000000] [threads=2]
set -euo pipefail
cd "$(dirname "$0")/.."
. bin/jdk.sh
sb_pick_jdk
out=agent-runtime/target/bench-provider-guard
mkdir -p "$out/classes"
mvn -B -q -ntp -o -pl agent-runtime -am compile dependency:build-classpath -Dmdep.includeScope=runtime \
  -Dmdep.outputFile="$PWD/$out/classpath.txt" >/dev/null
cp="agent-runtime/target/classes:$(cat "$out/classpath.txt")"
javac -d "$out/classes" -cp "$cp" agent-runtime/src/bench/java/io/switchboard/runtime/model/ProviderGuardBench.java
exec java ${BENCH_JAVA_OPTS:-} -Xmx512m -cp "$out/classes:$cp" io.switchboard.runtime.model.ProviderGuardBench "$@"
