# Sourced by bin/switchboard and bin/test: makes sure node and npm can build the admin console
# (console/, Vite 8: Node.js >= 20.19). When they are missing it installs Debian's nodejs and npm
# (as root), the way bin/test installs PostgreSQL. It never downloads Node.js itself.
sb_node_ok() {
  command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 || return 1
  node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)'
}
sb_ensure_node() {
  sb_node_ok && return 0
  if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
      echo "switchboard: installing nodejs and npm (Debian packages) to build the admin console" >&2
      DEBIAN_FRONTEND=noninteractive apt-get update -q >&2
      DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends nodejs npm >&2
    fi
  fi
  sb_node_ok && return 0
  echo "switchboard: the admin console needs Node.js >= 20.19 with npm; found: $(node --version 2>/dev/null || echo none)." >&2
  echo "  Debian 12 ships Node.js 18: install 20.19+ (e.g. from Debian 13 or your vendor's packages)." >&2
  return 1
}
