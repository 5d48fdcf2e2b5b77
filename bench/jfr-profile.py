#!/usr/bin/env python3
"""Where a JFR recording's CPU samples go, for the gateway-turns profiles in docs/benchmarks.md.

  jfr print --json --stack-depth 300 --events jdk.ExecutionSample rec.jfr > rec.json
  bench/jfr-profile.py rec.json                    # threads, owning library, nearest Switchboard frame
  bench/jfr-profile.py rec.json 'CompletionRequest|JsonObject'   # inclusive share of matching methods

"Owning library" is the first frame from the top of the stack outside the JDK (a HashMap lookup inside
H2 counts as H2). Inclusive: the share of samples with a matching method anywhere on the stack.
(jfr print shows only 5 frames per stack unless --stack-depth is given.)
"""
import collections
import json
import re
import sys

GROUPS = ["org/h2", "com/hazelcast", "io/netty", "io/vertx", "com/fasterxml", "dev/langchain4j",
          "com/github/benmanes", "io/micrometer", "com/zaxxer", "ch/qos", "io/github/resilience4j",
          "io/github/bucket4j"]
JDK = ("java/", "jdk/", "sun/", "com/sun/", "javax/")


def stacks(path):
    for event in json.load(open(path))["recording"]["events"]:
        values = event["values"]
        frames = (values.get("stackTrace") or {}).get("frames") or []
        if frames:
            thread = values.get("sampledThread") or {}
            name = thread.get("javaName") or thread.get("osName") or "?"
            yield name, [f["method"]["type"]["name"].replace(".", "/") + "." + f["method"]["name"] for f in frames]


def owner(names):
    for name in names:
        if name.startswith(JDK):
            continue
        group = next((g for g in GROUPS if name.startswith(g)), None)
        if group:
            return group
        package = name.rsplit(".", 1)[0].rsplit("/", 1)[0]
        return package if name.startswith("io/switchboard") else "/".join(package.split("/")[:2])
    return "JDK only"


def show(title, counter, total, limit):
    print("==", title)
    for key, count in counter.most_common(limit):
        print(f"{100 * count / total:5.1f}% {count:6d} {key}")


def main():
    samples = list(stacks(sys.argv[1]))
    total = len(samples)
    print("samples", total)
    if len(sys.argv) > 2:
        pattern = re.compile(sys.argv[2])
        inclusive = collections.Counter()
        for _, names in samples:
            for name in set(names):
                if pattern.search(name) and "$$Lambda" not in name:
                    inclusive[name] += 1
        show("INCLUSIVE", inclusive, total, 60)
        return
    threads = collections.Counter(re.sub(r"[-#]?\d+$", "", t) for t, _ in samples)
    owners = collections.Counter(owner(names) for _, names in samples)
    nearest = collections.Counter(
        next((n for n in names if n.startswith("io/switchboard") and "$$Lambda" not in n), "(none)")
        for _, names in samples)
    show("THREADS", threads, total, 15)
    show("OWNING LIBRARY", owners, total, 25)
    show("NEAREST SWITCHBOARD FRAME", nearest, total, 30)


if __name__ == "__main__":
    main()
