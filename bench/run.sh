#!/usr/bin/env bash
# DataGen side by side with PyTorch's DataLoader and the raw OpenCV decode+resize rate, in one run.
#
#   bash bench/run.sh [--images N] [--runs R] [--quick] [--mem-sizes 2000,5000,10000,20000] [--port 18484]
#                     [--jvm "-Xmx2g"] [--skip-memory] [--skip-throughput] [--no-2readers] [--results FILE]
#
# Builds the service jar if it is missing, unpacks it (for the in-process decode harness), compiles
# bench/java/DecodeBench.java, then runs bench/bench.py, which writes bench/results.md (--quick:
# bench/out/results-quick.md) and bench/out/results.json. Everything it makes lives under bench/out/.
# See bench/README.md.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
project=$(cd "$here/.." && pwd)
out=${BENCH_OUT:-$here/out}
export BENCH_OUT=$out
jar=$project/target/datagen-0.1.0-SNAPSHOT.jar
export DATAGEN_SHARED=${DATAGEN_SHARED:-$project/../shared}

bench_pid=
cleanup() {
    # bench.py stops its own service on exit and on signals; this covers a kill of this script
    if [ -n "$bench_pid" ] && kill -0 "$bench_pid" 2>/dev/null; then
        kill -TERM "$bench_pid" 2>/dev/null || true
        wait "$bench_pid" 2>/dev/null || true
    fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

for tool in java javac unzip python3 /usr/bin/python3; do
    command -v "$tool" >/dev/null || { echo "run.sh: $tool is missing" >&2; exit 1; }
done
/usr/bin/python3 -c 'import torch, torchvision, PIL, skimage' 2>/dev/null || {
    echo "run.sh: /usr/bin/python3 needs python3-torch python3-torchvision python3-pil python3-skimage (apt)" >&2; exit 1; }

if [ ! -f "$jar" ]; then
    echo "run.sh: building $jar" >&2
    (cd "$project" && ./mvnw -q -o -DskipTests package)
fi

# the boot jar unpacked once per build: its classes and libraries are the decode harness's class path
boot=$out/boot
if [ ! -f "$boot/.stamp" ] || [ "$(cat "$boot/.stamp")" != "$(stat -c %Y-%s "$jar")" ]; then
    rm -rf "$boot" && mkdir -p "$boot"
    unzip -q "$jar" -d "$boot"
    stat -c %Y-%s "$jar" > "$boot/.stamp"
fi
mkdir -p "$out/java"
cp_boot="$boot/BOOT-INF/classes:$boot/BOOT-INF/lib/*"
javac -nowarn -d "$out/java" -cp "$cp_boot" "$here/java/DecodeBench.java"

cd "$project"
python3 "$here/bench.py" --decode-cp "$out/java:$cp_boot" --argv="$*" "$@" &
bench_pid=$!
wait "$bench_pid"
