#!/usr/bin/env bash
# Keyword moderation with a 10,000-word list (issue 11.2): build time, scanning MB/s and what the stream
# guard adds before the first token reaches a channel.
#   bench/moderation.sh [keywords=10000] [textMiB=4] [answers=20000]
set -euo pipefail
cd "$(dirname "$0")/.."
. bin/jdk.sh
sb_pick_jdk
out=agent-runtime/target/bench-moderation
mkdir -p "$out/classes"
mvn -B -q -ntp -o -pl agent-runtime -am compile dependency:build-classpath -Dmdep.includeScope=runtime \
  -Dmdep.outputFile="$PWD/$out/classpath.txt" >/dev/null
cp="agent-runtime/target/classes:$(cat "$out/classpath.txt")"
javac -d "$out/classes" -cp "$cp" agent-runtime/src/bench/java/io/switchboard/runtime/moderation/ModerationBench.java
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
exec java ${BENCH_JAVA_OPTS:-} -Xmx1g -cp "$out/classes:$cp" io.switchboard.runtime.moderation.ModerationBench "$@"
