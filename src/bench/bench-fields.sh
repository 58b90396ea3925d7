#!/bin/bash
# Field trees and byte -> field lookups on a large image (issue 13's figures), run on the jar's
# classes: field trees of every entry timed alone, the ownership map's build time and retained
# heap, and lookups at random offsets and at offsets inside structures.
# Rerun:  mvn -q -DskipTests package && src/bench/bench-fields.sh [IMAGE]
#   IMAGE defaults to /var/tmp/erofs-bench/usrshare.erofs (made by make-bench-images.sh)
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/../.."
IMAGE=${1:-/var/tmp/erofs-bench/usrshare.erofs}
OUT=target/bench-classes
mkdir -p "$OUT"
javac -d "$OUT" -cp "target/classes" src/bench/java/erofsbrowser/bench/FieldBench.java
java -Xmx512m -XX:+UseSerialGC -cp "$OUT:target/classes:target/lib/*" erofsbrowser.bench.FieldBench "$IMAGE" "${LOOKUPS:-200000}"
