#!/usr/bin/env bash
# Where the service's CPU goes during epochs, kernel and GC threads included: async-profiler attached for a
# few warm epochs (or the cold one), the samples split by thread group, request step and top frames.
#
#   bash bench/cpu-profile.sh [--images 2000] [--dtype uint8|float32] [--format npy|npz] [--cold] [--recipe]
#                             [--epochs 3] [--interval 1ms] [--top 12] [--port 18484]
#                             [--jvm "-Xmx2g -XX:TieredStopAtLevel=1"]
#
# async-profiler comes from Maven Central (tools.profiler:async-profiler) the first time, into bench/out.
# The samples stay in bench/out/cpu-profile-<cold|warm>-<dtype|recipe>-<format>.collapsed.
source "$(dirname "$0")/common.sh"

need java "${BENCH_JAVA:-java}" jcmd python3 unzip
ensure_jar
ensure_async_profiler
run_driver "$here/cpu_profile.py" --lib "$async_profiler_lib" "$@"
