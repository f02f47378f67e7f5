#!/usr/bin/env bash
# Where a DataGen epoch spends its time: a JFR recording and a few `jcmd Thread.print` samples of the
# service while the benchmark's Python reader reads one cold epoch, summarised as top frames.
#
#   bash bench/profile.sh [--images 2000] [--dtype uint8|float32] [--warm] [--dumps 8] [--dump-every 1]
#                         [--top 15] [--port 18484] [--jvm "-Xmx2g"]
#
# The recording stays in bench/out/profile-<cold|warm>-<dtype>.jfr for JDK Mission Control.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
project=$(cd "$here/.." && pwd)
export BENCH_OUT=${BENCH_OUT:-$here/out}
export DATAGEN_SHARED=${DATAGEN_SHARED:-$project/../shared}
jar=$project/target/datagen-0.1.0-SNAPSHOT.jar

pid=
cleanup() {
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
        kill -TERM "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

for tool in java jcmd jfr python3; do
    command -v "$tool" >/dev/null || { echo "profile.sh: $tool is missing" >&2; exit 1; }
done
if [ ! -f "$jar" ]; then
    echo "profile.sh: building $jar" >&2
    (cd "$project" && ./mvnw -q -o -DskipTests package)
fi
cd "$project"
python3 "$here/jfr_profile.py" "$@" &
pid=$!
wait "$pid"
