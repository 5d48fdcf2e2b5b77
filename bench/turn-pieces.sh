#!/usr/bin/env bash
# Pieces of a developer-API turn measured alone (issue 10), CPU per operation:
#   bench/turn-pieces.sh json [rounds=5]     # API JSON: Vert.x databind codec vs streaming JacksonCodec, one JVM
#   SWITCHBOARD_LIB=/path/to/other/lib bench/turn-pieces.sh json   # another build's jars
# Runs bench/pieces/TurnPiecesBench.java as a single-file program on the gateway's lib/ (build it first:
# mvn -DskipTests -Dconsole.skip=true package).
set -euo pipefail
cd "$(dirname "$0")/.."
. bin/jdk.sh
sb_pick_jdk
lib=${SWITCHBOARD_LIB:-gateway/target/lib}
exec java ${BENCH_JAVA_OPTS:-} -Xmx1g -Dlogback.configurationFile=bench/pieces/logback-warn.xml -cp "$lib/*" \
  bench/pieces/TurnPiecesBench.java "${1:-json}" "${2:-5}"
