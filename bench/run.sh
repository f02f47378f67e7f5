#!/usr/bin/env bash
# DataGen side by side with PyTorch's DataLoader and the raw OpenCV decode+resize rate, in one run.
#
#   bash bench/run.sh [--images N] [--runs R] [--quick] [--mem-sizes 2000,20000] [--port 18484]
#                     [--jvm "-Xmx2g -XX:TieredStopAtLevel=1"] [--firststart-jvm "FLAGS"] [--mem-jvm "FLAGS"] [--skip-memory]
#                     [--skip-throughput] [--no-2readers] [--skip-recipe] [--results FILE] [--large-images 200]
#                     [--only uint8,npz,float32,2readers,pytorch,opencv,codec,recipe,nginx,s3,large,firststart,memory]
#   bash bench/run.sh --only recipe       # just the ImageNet training recipe rows (DataGen and PyTorch)
#   bash bench/run.sh --only s3,large     # photos in object storage vs a folder; 12 MP photos
#   bash bench/run.sh --only opencv,firststart   # the first epoch of a fresh service vs the 2-core limit
#   bash bench/run.sh --only uint8,npz,nginx     # warm epochs next to nginx serving the same bytes
#   BENCH_JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java bash bench/run.sh ...   # the services on another java
#   bash bench/run.sh --report bench/out/results.json      # write results.md again from saved raw numbers
#
# Builds the service jar if it is missing (DATAGEN_JAR=path: use that already-built jar, never build),
# unpacks it (for the in-process decode harness), compiles bench/java/DecodeBench.java, then runs
# bench/bench.py, which writes bench/results.md (--quick: bench/out/results-quick.md; --only:
# bench/out/results-[quick-]only-PARTS.md) and bench/out/results.json. Everything it makes lives under
# bench/out/ (or $BENCH_OUT). See bench/README.md.
source "$(dirname "$0")/common.sh"

need java "${BENCH_JAVA:-java}" javac unzip python3 /usr/bin/python3
/usr/bin/python3 -c 'import torch, torchvision, PIL, skimage' 2>/dev/null || {
    echo "run.sh: /usr/bin/python3 needs python3-torch python3-torchvision python3-pil python3-skimage (apt)" >&2; exit 1; }
ldconfig -p | grep 'libturbojpeg\.so\.0' >/dev/null || {
    echo "run.sh: the service's JPEG decoder needs libturbojpeg0 (apt)" >&2; exit 1; }
ensure_jar

# the boot jar unpacked once per build: its classes and libraries are the decode harness's class path
boot=$BENCH_OUT/boot
if [ ! -f "$boot/.stamp" ] || [ "$(cat "$boot/.stamp")" != "$(stat -c %Y-%s "$jar")" ]; then
    rm -rf "$boot" && mkdir -p "$boot"
    unzip -q "$jar" -d "$boot"
    stat -c %Y-%s "$jar" > "$boot/.stamp"
fi
mkdir -p "$BENCH_OUT/java"
cp_boot="$boot/BOOT-INF/classes:$boot/BOOT-INF/lib/*"
javac -nowarn -d "$BENCH_OUT/java" -cp "$cp_boot" "$here/java/DecodeBench.java"

run_driver "$here/bench.py" --decode-cp "$BENCH_OUT/java:$cp_boot" --argv="$*" "$@"
