#!/usr/bin/env bash
# Tests of the Python client against a running DataGen service, then real training through it.
#   bash clients/python/run-tests.sh URL DATA_DIR
# URL: the service (http://127.0.0.1:PORT). DATA_DIR: a folder made by fixtures/mnist.py inside one
# of the service's data roots. Runs the unittest suite with `python3` (PATH) and with Debian's
# /usr/bin/python3 (which also runs the PyTorch adapter tests), then the two training examples with
# /usr/bin/python3. Every step runs even after a failure; exits 1 if any failed. Called by
# clients/run-tests.sh, which `./mvnw verify` runs.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
url=${1:?usage: run-tests.sh URL DATA_DIR}
data=$(cd "${2:?usage: run-tests.sh URL DATA_DIR}" && pwd)
debian_python=/usr/bin/python3

export DATAGEN_URL=$url DATAGEN_DATA=$data
export PYTHONPATH=$here${PYTHONPATH:+:$PYTHONPATH}
export PYTHONDONTWRITEBYTECODE=1  # keep __pycache__ out of the source tree
log=$(mktemp -d)
trap 'rm -rf "$log"' EXIT

failed=()
summary=()

# step NAME COMMAND...: runs COMMAND (at most 10 minutes) with its output shown and kept in $log/NAME.
step() {
    local name=$1
    shift
    echo "-- $name: $*"
    local status=0
    (cd "$here" && timeout 600 "$@") 2>&1 | tee "$log/$name" || status=$?
    if [ "$status" -ne 0 ]; then
        failed+=("$name (exit $status)")
    fi
    summary+=("$name: $(grep -E '^(Ran [0-9]+ tests|OK|FAILED|RESULT)' "$log/$name" | tr '\n' ' ' || true)")
}

if [ ! -x "$debian_python" ]; then
    echo "$debian_python is missing: the PyTorch tests and examples need Debian's python3 with python3-torch"
    exit 1
fi

step unittest-python3 python3 -m unittest discover -s tests -t .
step unittest-debian "$debian_python" -m unittest discover -s tests -t .
step torch-adapter-debian "$debian_python" -m unittest tests.torch_adapter_test
step train-mnist "$debian_python" examples/train_torch_mnist.py "$url" "$data"
step train-multitask "$debian_python" examples/train_torch_multitask.py "$url" "$data"

echo "== Python client summary ($(python3 --version 2>&1) and $("$debian_python" --version 2>&1))"
printf '  %s\n' "${summary[@]}"
if [ ${#failed[@]} -ne 0 ]; then
    printf '  FAILED: %s\n' "${failed[@]}"
    exit 1
fi
echo "  all passed"
