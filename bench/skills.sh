#!/usr/bin/env bash
# Workflow engine and code-sandbox benchmarks (not tests): builds agent-runtime, compiles
# agent-runtime/src/bench against its classpath and runs one benchmark.
#   bench/skills.sh engine [runs=20000]   10-node instant workflow: latency, engine overhead per node, runs/s
#   bench/skills.sh code [runs=2000]      JavaScript code node p50/p99 while warming, then warm (sandbox worker JVMs)
#   bench/skills.sh iteration [runs=20000]  10-item parallel iteration over an LLM node (instant model)
#   bench/skills.sh paused [runs=10000]     runs paused at a human-input node: threads held, heap, resume
set -euo pipefail
cd "$(dirname "$0")/.."
. bin/jdk.sh
sb_pick_jdk
out=agent-runtime/target/bench-skills
mkdir -p "$out/classes"
mvn -B -q -ntp -o -pl agent-runtime -am compile dependency:build-classpath -Dmdep.includeScope=runtime \
  -Dmdep.outputFile="$PWD/$out/classpath.txt" >/dev/null
cp="agent-runtime/target/classes:$(cat "$out/classpath.txt")"
javac -d "$out/classes" -cp "$cp" $(find agent-runtime/src/bench/java -name 'Workflow*Bench*.java')
which=${1:-engine}
shift || true
exec java ${BENCH_JAVA_OPTS:-} -Xmx1g -Dpolyglot.engine.WarnInterpreterOnly=false -cp "$out/classes:$cp" \
  io.switchboard.runtime.workflow.WorkflowBench "$which" "$@"
