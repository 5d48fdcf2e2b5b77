#!/usr/bin/env bash
# Knowledge-base benchmarks (not tests): builds agent-runtime, compiles agent-runtime/src/bench against its
# classpath and runs one benchmark.
#   bench/knowledge.sh retrieval [chunks=100000] [queries=1000]   Lucene p50/p99 per mode, recall@10
#   bench/knowledge.sh ingestion [chunks=400] [pages=500]         chunks/s with the in-process embedders; a PDF of that many pages end to end
#   bench/knowledge.sh eval [manuals|support|all]                hit@1, hit@5, MRR per model, chunking, mode, reranker
set -euo pipefail
cd "$(dirname "$0")/.."
. bin/jdk.sh
sb_pick_jdk
out=agent-runtime/target/bench
mkdir -p "$out/classes"
# -am resolves the parent and testkit from this tree, not from whatever ~/.m2 holds; the last module's
# classpath (agent-runtime's) is the one left in the file.
mvn -B -q -ntp -o -pl agent-runtime -am compile dependency:build-classpath -Dmdep.includeScope=runtime \
  -Dmdep.outputFile="$PWD/$out/classpath.txt" >/dev/null
cp="agent-runtime/target/classes:$(cat "$out/classpath.txt")"
# Only the knowledge benchmarks: the other benches are compiled by their own scripts.
javac -d "$out/classes" -cp "$cp" $(find agent-runtime/src/bench/java/io/switchboard/runtime/knowledge -name '*.java')
cp -r agent-runtime/src/bench/resources/. "$out/classes/"
which=${1:-retrieval}
shift || true
case "$which" in
  retrieval) main=io.switchboard.runtime.knowledge.RetrievalBench ;;
  ingestion) main=io.switchboard.runtime.knowledge.IngestionBench ;;
  eval) main=io.switchboard.runtime.knowledge.EvalBench ;;
  *) echo "usage: bench/knowledge.sh retrieval|ingestion|eval [args]" >&2; exit 2 ;;
esac
# The vector module lets Lucene use SIMD for HNSW distance computations.
exec java ${BENCH_JAVA_OPTS:-} -Xmx2g --add-modules jdk.incubator.vector -cp "$out/classes:$cp" "$main" "$@"
