#!/bin/bash
# Extraction / decompression benchmark: our reader vs erofs-utils' fsck.erofs, warm caches, hyperfine.
#   extract:    ours  java -Xmx256m -jar JAR extract IMAGE /dev/shm/erofs-bench-ours
#               fsck  fsck.erofs --extract=/dev/shm/erofs-bench-fsck IMAGE
#               (both into tmpfs; hyperfine --prepare rm -rf's each target before every run:
#                fsck.erofs fails on a non-empty folder, ours skips files that already exist)
#   decompress: ours  java -Xmx256m -jar JAR check IMAGE        (decompress every file, write nothing)
#               fsck  fsck.erofs --extract IMAGE                 (same, no folder given)
#   and, when jlink/build-app-image.sh has built it, the packaged command line
#               erofs target/jpackage/erofs-browser/bin/erofs extract|check ... (its own runtime and
#               JVM options, see jlink/erofs; -Xmx256m passed through JAVA_TOOL_OPTIONS)
# Prints mean ± σ, the ratios ours/fsck (targets: extract <= 0.80x, decompress <= 0.67x, i.e. >= 1.5x
# fsck's throughput), the peak Java heap after GC (max "->NNNM" in a -Xlog:gc log of one more run of
# each of ours, must be < 256 MiB), then diffs ours' extracted tree against fsck's (diff -r
# --no-dereference, plus owner/mode/size/mtime/symlink target via find -printf) and empties /dev/shm.
# Rerun (as root, from anywhere):  src/bench/bench-extract.sh [IMAGE...]
#   IMAGE  default /var/tmp/erofs-bench/usr.erofs (images come from make-bench-images.sh)
#   env: RUNS=min runs (default 5), THREADS=N (passes --threads N to ours), JAVA=java binary,
#        JAR=jar to test (default target/erofs-browser.jar; needs its lib/ folder beside it), BENCH_DIR (results in BENCH_DIR/results/)
#   Images of other algorithms need a newer fsck.erofs (Debian 12's 1.5 reads lz4 only): put one
#   first in PATH, e.g. PATH=/var/tmp/erofs-utils-new/bin:$PATH src/bench/bench-extract.sh usr-zstd.erofs
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/../.."          # project root (/work/main)

BENCH_DIR=${BENCH_DIR:-/var/tmp/erofs-bench}
RUNS=${RUNS:-5}
JAVA=${JAVA:-java}
JAR=$(readlink -f "${JAR:-target/erofs-browser.jar}")
RES=$BENCH_DIR/results
STAMP=$(date +%Y%m%d-%H%M%S)
OURS=/dev/shm/erofs-bench-ours FSCK=/dev/shm/erofs-bench-fsck
mkdir -p "$RES"
for c in hyperfine fsck.erofs; do command -v $c >/dev/null || { echo "$c missing: run src/bench/make-bench-images.sh" >&2; exit 1; }; done
[ -f "$JAR" ] || { echo "$JAR missing: cd $PWD && mvn -q -DskipTests package" >&2; exit 1; }
cleanup() { rm -rf "$OURS" "$FSCK"; }
trap cleanup EXIT
cleanup

J="$JAVA -Xmx256m -jar $JAR"
CLI=$PWD/target/jpackage/erofs-browser/bin/erofs
E=()   # the packaged command line's runs, when it is built
T=${THREADS:+--threads $THREADS}
echo "jar: $JAR ($(date -r "$JAR" '+%F %T'), sha256 $(sha256sum "$JAR" | cut -c1-12)), $("$JAVA" -version 2>&1 | head -1)"
echo "fsck.erofs: $(command -v fsck.erofs), $(fsck.erofs -V 2>&1 | head -1), $(nproc) CPUs"

# peak heap after GC = largest "->NNN[KMG]" in the GC log, in MiB
peak() { grep -o -- '->[0-9]*[KMG]' "$1" | awk '{v=substr($0,3)+0; u=substr($0,length($0))
         v = u=="K" ? v/1024 : u=="G" ? v*1024 : v; if (v>m) m=v} END {printf "%.0f", m}'; }

for IMG in "${@:-$BENCH_DIR/usr.erofs}"; do
    IMG=$(readlink -f "$IMG"); name=$(basename "$IMG" .erofs)
    [ -f "$IMG" ] || { echo "missing $IMG: run src/bench/make-bench-images.sh" >&2; exit 1; }
    echo; echo "== $name  ($(stat -c %s "$IMG") bytes)"
    hf() { hyperfine -N --warmup 1 --min-runs "$RUNS" --style basic \
               --export-json "$RES/$1-$name-$STAMP.json" --export-markdown "$RES/$1-$name-$STAMP.md" "${@:2}"; }
    [ -x "$CLI" ] && E=(--prepare "rm -rf $OURS" -n "erofs extract" "env JAVA_TOOL_OPTIONS=-Xmx256m $CLI extract $T $IMG $OURS")
    hf extract --prepare "rm -rf $OURS" --prepare "rm -rf $FSCK" \
        -n "ours extract" "$J extract $T $IMG $OURS" -n "fsck extract" "fsck.erofs --extract=$FSCK $IMG" "${E[@]}"
    # the last run of each left its tree behind: compare them once
    echo; echo "-- diff -r --no-dereference $OURS $FSCK"
    if diff -r --no-dereference "$OURS" "$FSCK"; then echo "   contents: identical"; fi
    meta() { (cd "$1" && find . -printf '%p %y %M %u:%g %s %TY-%Tm-%Td+%TT %l\n' | LC_ALL=C sort); }
    if diff <(meta "$OURS") <(meta "$FSCK") >"$RES/meta-diff-$name-$STAMP.txt"; then
        echo "   metadata (type, mode, owner, size, mtime, link): identical for $(meta "$OURS" | wc -l) entries"
    else
        echo "   metadata differs: $(grep -c '^<' "$RES/meta-diff-$name-$STAMP.txt") entries, see $RES/meta-diff-$name-$STAMP.txt"
    fi
    cleanup
    [ -x "$CLI" ] && E=(-n "erofs check" "env JAVA_TOOL_OPTIONS=-Xmx256m $CLI check $T $IMG")
    hf decompress -n "ours check" "$J check $T $IMG" -n "fsck check" "fsck.erofs --extract $IMG" "${E[@]}"

    gc=$RES/gc-$name-$STAMP
    $JAVA -Xmx256m -Xlog:gc:file=$gc-extract.log -jar "$JAR" extract $T "$IMG" "$OURS" >/dev/null; cleanup
    $JAVA -Xmx256m -Xlog:gc:file=$gc-check.log -jar "$JAR" check $T "$IMG" >/dev/null
    python3 - "$RES/extract-$name-$STAMP.json" "$RES/decompress-$name-$STAMP.json" <<EOF
import json, sys
r = {x["command"]: x for f in sys.argv[1:] for x in json.load(open(f))["results"]}
print(f"\n{'command':<14}{'mean s':>9}{'± s':>8}{'min s':>9}{'max s':>9}{'runs':>6}")
for n, x in r.items():
    print(f"{n:<14}{x['mean']:>9.3f}{x['stddev']:>8.3f}{x['min']:>9.3f}{x['max']:>9.3f}{len(x['times']):>6}")
for who in ("ours", "erofs"):
    for what, target in (("extract", 0.80), ("check", 0.67)):
        if f"{who} {what}" in r:
            q = r[f"{who} {what}"]["mean"] / r["fsck " + what]["mean"]
            print(f"ratio {who}/fsck {what:<8}: {q:.2f}x  (target <= {target:.2f}x: {'MET' if q <= target else 'NOT met'})")
for what in ("extract", "check"):
    p = int("$(peak $gc-extract.log)" if what == "extract" else "$(peak $gc-check.log)")
    print(f"peak heap after GC, ours {what:<8}: {p} MiB of -Xmx256m ({'< 256 MiB' if p < 256 else 'NOT < 256 MiB'})")
EOF
    echo "results: $RES/{extract,decompress}-$name-$STAMP.{json,md}, $gc-{extract,check}.log"
done
