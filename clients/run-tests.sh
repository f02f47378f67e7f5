#!/usr/bin/env bash
# End-to-end tests of the trainer clients against the real service: starts the packaged service jar on a
# free loopback port with a fresh storage folder, materializes real MNIST digits with fixtures/mnist.py,
# runs the Python and Java client tests (which train real models through DataGen), and stops the service.
# Run by `./mvnw verify` (integration-test phase); by hand: bash clients/run-tests.sh target/datagen-*.jar
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
project=$(cd "$here/.." && pwd)
jar=${1:?usage: run-tests.sh <service jar>}

work=$project/target/clients-e2e
rm -rf "$work/storage"
mkdir -p "$work/storage" "$project/target/fixtures"
data=$project/target/fixtures/clients-mnist-6000-1000
# made again whenever the script or the committed digits change
stamp=$(cat "$project/fixtures/mnist.py" "$project"/fixtures/mnist/* | sha256sum | cut -d' ' -f1)
if [ "$(cat "$data/.complete-clients" 2>/dev/null)" != "$stamp" ]; then
    rm -rf "$data"
    python3 "$project/fixtures/mnist.py" "$data" --train 6000 --test 1000
    echo "$stamp" > "$data/.complete-clients"
fi

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
url=http://127.0.0.1:$port
java -jar "$jar" --server.port="$port" --datagen.storage-dir="$work/storage" \
    --datagen.data-roots="$project/target/fixtures" --logging.level.root=warn > "$work/service.log" 2>&1 &
service=$!
trap 'kill $service 2>/dev/null || true; wait $service 2>/dev/null || true' EXIT
for i in $(seq 1 120); do
    curl -fs "$url/actuator/health" >/dev/null 2>&1 && break
    kill -0 $service 2>/dev/null || { cat "$work/service.log"; exit 1; }
    sleep 1
done
curl -fs "$url/actuator/health" >/dev/null || { echo "service did not start"; cat "$work/service.log"; exit 1; }

status=0
echo "== Python client ($url)"
bash "$here/python/run-tests.sh" "$url" "$data" || status=1
echo "== Java client ($url)"
bash "$here/java/run-tests.sh" "$url" "$data" || status=1
if [ $status -ne 0 ]; then
    echo "== service log (tail)"
    tail -50 "$work/service.log"
fi
exit $status
