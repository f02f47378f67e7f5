#!/usr/bin/env bash
# The README's quick start, run literally as a newcomer would, in a clean copy of the repository:
# its run command exactly as written (in the background), health UP, the demo installed with the README's
# own curl command, every code block marked <!-- ci:run --> (bash) and <!-- ci:python --> (both Pythons),
# then the service is stopped. When the README changes its commands, this follows them.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'stop; rm -rf "$work"' EXIT
service=

stop() {
    if [ -n "$service" ] && kill -0 "$service" 2>/dev/null; then
        kill -TERM -- "-$service" 2>/dev/null || true
        for _ in $(seq 1 30); do kill -0 "$service" 2>/dev/null || break; sleep 1; done
        kill -KILL -- "-$service" 2>/dev/null || true
    fi
}

git clone -q "$repo" "$work/datagen"
cd "$work/datagen"
readme() { python3 "$repo/.ci/readme.py" README.md "$1"; }

run_command=$(readme ci:commands | grep -m1 'spring-boot:run' | sed 's/[[:space:]]*#.*$//')
demo_command=$(grep -o '`curl -X POST [^`]*dashboard/demo`' README.md | head -1 | tr -d '`')
[ -n "$run_command" ] && [ -n "$demo_command" ] || { echo "README: run or demo command not found" >&2; exit 1; }

echo "== README run command: $run_command"
started=$(date +%s)
setsid bash -c "$run_command" > "$work/service.log" 2>&1 &
service=$!
until curl -fs localhost:8080/actuator/health 2>/dev/null | grep -q '"status":"UP"'; do
    if ! kill -0 "$service" 2>/dev/null || [ $(( $(date +%s) - started )) -gt 600 ]; then
        echo "the service did not become healthy; its log:" >&2; tail -60 "$work/service.log" >&2; exit 1
    fi
    sleep 2
done
echo "== healthy after $(( $(date +%s) - started )) s (compile included)"

echo "== $demo_command"
status=$(bash -c "$demo_command -s -o /dev/null -w '%{http_code}'")
[ "$status" = 302 ] || { echo "demo install answered $status" >&2; exit 1; }

readme ci:run | while IFS= read -r -d '' block || [ -n "$block" ]; do
    echo "== README block:"; printf '%s' "$block"
    bash -euo pipefail -c "$block"
done
readme ci:python | while IFS= read -r -d '' block || [ -n "$block" ]; do
    for python in python3 /usr/bin/python3; do
        echo "== README Python block with $python:"
        printf '%s' "$block" | "$python" -
    done
done
echo "== README smoke passed"
