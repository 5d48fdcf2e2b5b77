#!/usr/bin/env bash
# Two builds measured back to back, alternating (base new new base ...), by bench/gateway-turns.sh:
#   bench/gateway-turns-pairs.sh BASE_JAR NEW_JAR [pairs=2] [duration-seconds=20] [connections=64]
# Each jar as copied aside with its lib/ (cp -r gateway/target/switchboard.jar gateway/target/lib <dir>/).
# Compare only within a pair and only by CPU per turn; the load average is printed with each run.
set -euo pipefail
cd "$(dirname "$0")/.."
BASE=$1 NEW=$2 PAIRS=${3:-2} DURATION=${4:-20} CONNECTIONS=${5:-64}
for pair in $(seq 1 "$PAIRS"); do
  if [ $((pair % 2)) = 1 ]; then order="$BASE $NEW"; else order="$NEW $BASE"; fi
  for jar in $order; do
    echo "=== pair $pair: $jar, $(date -u +%T), load $(cut -d' ' -f1-3 /proc/loadavg)"
    SWITCHBOARD_JAR=$jar bench/gateway-turns.sh "$DURATION" "$CONNECTIONS" 2>&1 | grep --line-buffered -v '^WARNING'
  done
done
