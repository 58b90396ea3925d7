#!/bin/bash
# Listing-speed benchmark: our reader vs the kernel's EROFS driver, warm caches, via hyperfine.
#   ours:  java -jar target/erofs-browser.jar ls -R IMAGE      (and ls -R -l)
#          target/jpackage/erofs-browser/bin/erofs ls -R IMAGE  (and ls -R -l): the packaged command
#          line, its own runtime and JVM options (jlink/erofs); built by jlink/build-app-image.sh,
#          timed when present
#   find:  find MNT   /   find MNT -ls                          (MNT = kernel mount of IMAGE)
# Ratios: "ls -R" / "find MNT" and "ls -R -l" / "find MNT -ls". Output goes to /dev/null for all.
# "java -version" is timed too, as the JVM start-up floor.
# Rerun (as root, from anywhere):  src/bench/bench-listing.sh [IMAGE_DIR]
#   IMAGE_DIR  folder made by make-bench-images.sh (default /var/tmp/erofs-bench)
#   env: IMAGES="usrshare.erofs usr.erofs" (default usrshare.erofs), RUNS=min runs (default 5),
#        JAVA=java binary, MOUNT_MODE=loop|file (file = true file-backed mount(2), kernel >= 6.12)
# Results (hyperfine JSON + markdown): BENCH_DIR/results/ (BENCH_DIR defaults to IMAGE_DIR).
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/../.."          # project root (/work/main)

IMAGE_DIR=$(readlink -f "${1:-${BENCH_DIR:-/var/tmp/erofs-bench}}")
BENCH_DIR=${BENCH_DIR:-$IMAGE_DIR}
IMAGES=${IMAGES:-usrshare.erofs}
RUNS=${RUNS:-5}
JAVA=${JAVA:-java}
MOUNT_MODE=${MOUNT_MODE:-loop}
JAR=$PWD/target/erofs-browser.jar
CLI=$PWD/target/jpackage/erofs-browser/bin/erofs
RES=$BENCH_DIR/results
STAMP=$(date +%Y%m%d-%H%M%S)
mkdir -p "$RES"
command -v hyperfine >/dev/null || { echo "hyperfine missing: run src/bench/make-bench-images.sh" >&2; exit 1; }
[ "$(id -u)" = 0 ] || { echo "must run as root (mounts the image)" >&2; exit 1; }

if [ -f "$JAR" ]; then
    echo "jar: $JAR ($(date -r "$JAR" '+%F %T')), $("$JAVA" -version 2>&1 | head -1)"
else
    echo "!!! $JAR is MISSING (build it: mvn package). Benchmarking only the find side." >&2
fi

MNT=$(mktemp -d /tmp/erofs-bench-mnt.XXXXXX)
cleanup() { mountpoint -q "$MNT" && umount "$MNT"; rmdir "$MNT"; }
trap cleanup EXIT

for name in $IMAGES; do
    IMG=$IMAGE_DIR/$name
    [ -f "$IMG" ] || { echo "missing $IMG: run src/bench/make-bench-images.sh" >&2; exit 1; }
    if [ "$MOUNT_MODE" = file ]; then   # util-linux 2.38 silently adds a loop device; call mount(2) directly
        python3 -c 'import ctypes,sys; sys.exit(ctypes.CDLL(None).mount(sys.argv[1].encode(), sys.argv[2].encode(), b"erofs", 1, None))' "$IMG" "$MNT"
    else
        mount -t erofs -o ro,loop "$IMG" "$MNT"
    fi
    echo
    echo "== $name  ($(stat -c %s "$IMG") bytes, $(find "$MNT" | wc -l) entries per find, $MOUNT_MODE mount)"
    cmds=(-n "find" "find $MNT" -n "find -ls" "find $MNT -ls")
    if [ -f "$JAR" ]; then
        echo "   lines of output: ours ls -R $("$JAVA" -jar "$JAR" ls -R "$IMG" | wc -l)," \
             "ls -R -l $("$JAVA" -jar "$JAR" ls -R -l "$IMG" | wc -l)"
        cmds+=(-n "ours ls -R" "$JAVA -jar $JAR ls -R $IMG" -n "ours ls -R -l" "$JAVA -jar $JAR ls -R -l $IMG"
               -n "java -version" "$JAVA -version")   # JVM start-up floor, for reference
    fi
    if [ -x "$CLI" ]; then
        cmds+=(-n "erofs ls -R" "$CLI ls -R $IMG" -n "erofs ls -R -l" "$CLI ls -R -l $IMG")
    fi
    out=$RES/listing-${name%.erofs}-$STAMP
    hyperfine -N --warmup 2 --min-runs "$RUNS" --style basic \
        --export-json "$out.json" --export-markdown "$out.md" "${cmds[@]}"
    umount "$MNT"

    python3 - "$out.json" <<'EOF'
import json, sys
r = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
print(f"\n{'command':<16}{'mean ms':>10}{'± ms':>8}{'min ms':>10}{'max ms':>10}")
for n, x in r.items():
    print(f"{n:<16}{x['mean']*1e3:>10.1f}{x['stddev']*1e3:>8.1f}{x['min']*1e3:>10.1f}{x['max']*1e3:>10.1f}")
for ours, ref in (("ours ls -R", "find"), ("ours ls -R -l", "find -ls"),
                  ("erofs ls -R", "find"), ("erofs ls -R -l", "find -ls")):
    if ours in r:
        print(f"ratio {ours} / {ref}: {r[ours]['mean'] / r[ref]['mean']:.2f}x")
EOF
    echo "results: $out.json $out.md"
done
