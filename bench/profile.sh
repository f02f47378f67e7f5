#!/usr/bin/env bash
# Where a DataGen epoch spends its time: a JFR recording and a few `jcmd Thread.print` samples of the
# service while the benchmark's Python reader reads one cold epoch, summarised as top frames.
#
#   bash bench/profile.sh [--images 2000] [--dtype uint8|float32] [--warm] [--dumps 8] [--dump-every 1]
#                         [--top 15] [--port 18484] [--jvm "-Xmx2g -XX:TieredStopAtLevel=1"]
#
# The recording stays in bench/out/profile-<cold|warm>-<dtype>.jfr for JDK Mission Control.
source "$(dirname "$0")/common.sh"

need java "${BENCH_JAVA:-java}" jcmd jfr python3 /usr/bin/python3
ensure_jar
run_driver "$here/jfr_profile.py" "$@"
