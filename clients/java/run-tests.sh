#!/usr/bin/env bash
# Tests of the Java trainer client against a running DataGen service: unit tests, then integration tests
# that register MNIST from its list files, check the iterators batch by batch against the JSON view and the
# files on disk, and train DL4J networks through the iterators. Prints the accuracies and seconds per epoch.
#
#   bash clients/java/run-tests.sh URL DATA_DIR
#     URL       the service, e.g. http://127.0.0.1:8080
#     DATA_DIR  an MNIST folder made by fixtures/mnist.py, inside the service's data roots
#
# Called by clients/run-tests.sh, which starts the service (./mvnw verify runs that).
set -euo pipefail
url=${1:?usage: run-tests.sh URL DATA_DIR}
data=${2:?usage: run-tests.sh URL DATA_DIR}
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
data=$(cd "$data" && pwd)

mkdir -p "$here/target"
log=$here/target/run-tests.log
status=0
"$repo/mvnw" -B -f "$repo/clients/java/pom.xml" verify -Ddatagen.url="$url" -Ddatagen.data="$data" 2>&1 \
    | tee "$log" || status=$?

echo "== Java client: training figures"
grep -F '[datagen-client]' "$log" || echo "(none: the training tests did not get that far)"
exit $status
