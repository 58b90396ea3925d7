#!/bin/sh
# fuzz.sh: the fuzz run at scale (issue 16): mutants of every mini fixture (EROFS, ext4) and of
# the APEX files of ../shared/apex (bit flips, random bytes, truncations, and fields of the
# structure trees set to 0, all ones, just past the end, a neighbour's value), each opened and
# walked as the app and the command line would (every directory, entry, xattr, file's content,
# structure tree, the ownership map; one in 16 also extracted past its faults into a sandbox that
# must hold nothing but its DEST after; a refused file opened as bytes, as the window shows it),
# one at a time, each under 2 s, on a heap of 256 MiB.
# Prints: images per second, how many opened, how many were refused with the typed error, the
# defects (any other exception or error, or no answer in 2 s), and the share of the original
# entries still listed. Each defect's mutant and report go to OUT (default target/fuzz).
# Rerun (after mvn -q -DskipTests test-compile):  src/bench/fuzz.sh [CASES] [RANDOM_SEED]
set -eu
cd "$(dirname "$0")/../.."
cases=${1:-100000}
seed=${2:-1}
out=${OUT:-target/fuzz}
classes=target/test-classes:target/classes
for jar in target/lib/*.jar; do
    classes="$classes:$jar"
done
exec java -Xmx256m -Xss1m -cp "$classes" erofsbrowser.fuzz.FuzzMain "$cases" "$seed" "$out"
