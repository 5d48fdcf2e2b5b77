# Sourced by bin/switchboard and .ci/run: points JAVA_HOME at a JDK >= 21, even when the default
# `java` on the PATH is older (Debian's default here is 17).
sb_java_major() { "$1/bin/java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}'; }
sb_pick_jdk() {
  local best="" best_major=0 candidate major
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/* /opt/java/openjdk; do
    [ -n "$candidate" ] && [ -x "$candidate/bin/javac" ] || continue
    major=$(sb_java_major "$candidate")
    major=${major%%.*}
    if [ -n "$major" ] && [ "$major" -ge 21 ] && [ "$major" -gt "$best_major" ]; then
      best="$candidate" best_major="$major"
    fi
  done
  if [ -z "$best" ]; then
    echo "switchboard: no JDK >= 21 found (looked at \$JAVA_HOME and /usr/lib/jvm/*). Install one, e.g. a Temurin 21 or 25 JDK." >&2
    return 1
  fi
  export JAVA_HOME="$best"
  export PATH="$JAVA_HOME/bin:$PATH"
}
