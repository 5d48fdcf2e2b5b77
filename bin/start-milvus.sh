# Sourced by bin/test: installs the pinned milvus-lite (the Milvus project's own lightweight server) into
# a virtualenv, starts it on a free loopback port with a throwaway data directory, and exports
# SWITCHBOARD_TEST_MILVUS_URI for the Milvus knowledge-store tests. sb_stop_milvus stops it.
SB_MILVUS_LITE_VERSION=3.2.2
SB_PYMILVUS_VERSION=2.6.17
SB_JIEBA_VERSION=0.42.1 # milvus-lite's jieba tokenizer (Chinese BM25) needs it
sb_milvus_venv="${SWITCHBOARD_MILVUS_VENV:-$HOME/.cache/switchboard/milvus-lite-$SB_MILVUS_LITE_VERSION}"
if ! "$sb_milvus_venv/bin/python" -c 'import milvus_lite, jieba' >/dev/null 2>&1; then
  command -v python3 >/dev/null 2>&1 || { apt-get update -q && apt-get install -y -q python3 python3-venv; }
  python3 -m venv "$sb_milvus_venv" || { apt-get install -y -q python3-venv && python3 -m venv "$sb_milvus_venv"; }
  "$sb_milvus_venv/bin/pip" install -q "milvus-lite==$SB_MILVUS_LITE_VERSION" \
    "pymilvus==$SB_PYMILVUS_VERSION" "jieba==$SB_JIEBA_VERSION"
fi
sb_milvus_port=$("$sb_milvus_venv/bin/python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
sb_milvus_data=$(mktemp -d -t switchboard-milvus.XXXXXX)
"$sb_milvus_venv/bin/milvus-lite" server --data-dir "$sb_milvus_data" --host 127.0.0.1 --port "$sb_milvus_port" \
  >"$sb_milvus_data.log" 2>&1 &
sb_milvus_pid=$!
for _ in $(seq 1 60); do
  (exec 3<>"/dev/tcp/127.0.0.1/$sb_milvus_port") 2>/dev/null && break
  kill -0 "$sb_milvus_pid" 2>/dev/null || { cat "$sb_milvus_data.log"; echo "test: milvus-lite did not start" >&2; exit 1; }
  sleep 0.5
done
export SWITCHBOARD_TEST_MILVUS_URI="http://127.0.0.1:$sb_milvus_port"
echo "test: milvus-lite $SB_MILVUS_LITE_VERSION listening on $sb_milvus_port"

sb_stop_milvus() {
  kill "$sb_milvus_pid" 2>/dev/null || true
  wait "$sb_milvus_pid" 2>/dev/null || true
  rm -rf "$sb_milvus_data" "$sb_milvus_data.log"
}
