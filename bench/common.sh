# Sourced by run.sh and profile.sh: paths, tool checks, the service jar, and running a Python driver in
# the background so that a signal to the script reaches it (it stops the services it started).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
project=$(cd "$here/.." && pwd)
export BENCH_OUT=${BENCH_OUT:-$here/out}
# the service jar: the project's build, or DATAGEN_JAR (an already-built jar, used as it is, never built;
# e.g. a copy taken while target/ is being rebuilt). Exported: common.py starts the service from it.
jar=${DATAGEN_JAR:-$project/target/datagen-0.1.0-SNAPSHOT.jar}
export DATAGEN_JAR=$jar

need() {
    for tool in "$@"; do
        command -v "$tool" >/dev/null || { echo "$(basename "$0"): $tool is missing" >&2; exit 1; }
    done
}

ensure_jar() {
    if [ ! -f "$jar" ] && [ "$jar" != "$project/target/datagen-0.1.0-SNAPSHOT.jar" ]; then
        echo "$(basename "$0"): DATAGEN_JAR=$jar does not exist" >&2; exit 1
    fi
    if [ ! -f "$jar" ]; then
        echo "$(basename "$0"): building $jar" >&2
        (cd "$project" && ./mvnw -q -o -DskipTests package)
    fi
}

# async-profiler's agent for this machine (cpu-profile.sh): a jar of native libraries on Maven Central,
# copied and unpacked into bench/out once. Not a dependency of the service.
async_profiler_version=4.1
ensure_async_profiler() {
    local dir="$BENCH_OUT/async-profiler-$async_profiler_version" platform
    case "$(uname -m)" in
        x86_64) platform=linux-x64 ;;
        aarch64) platform=linux-arm64 ;;
        *) echo "$(basename "$0"): async-profiler has no library for $(uname -m)" >&2; exit 1 ;;
    esac
    async_profiler_lib="$dir/$platform/libasyncProfiler.so"
    if [ ! -f "$async_profiler_lib" ]; then
        mkdir -p "$dir"
        (cd "$project" && ./mvnw -q dependency:copy -Dmdep.useBaseVersion=true \
            -Dartifact="tools.profiler:async-profiler:$async_profiler_version" -DoutputDirectory="$dir")
        unzip -q -o "$dir/async-profiler-$async_profiler_version.jar" "$platform/*" -d "$dir"
    fi
}

driver_pid=
stop_driver() {
    if [ -n "$driver_pid" ] && kill -0 "$driver_pid" 2>/dev/null; then
        kill -TERM "$driver_pid" 2>/dev/null || true
        wait "$driver_pid" 2>/dev/null || true
    fi
}
trap stop_driver EXIT
trap 'exit 130' INT TERM HUP

# run_driver SCRIPT ARGS...: python3 SCRIPT ARGS from the project folder; its exit status is ours
run_driver() {
    cd "$project"
    python3 "$@" &
    driver_pid=$!
    wait "$driver_pid"
}
