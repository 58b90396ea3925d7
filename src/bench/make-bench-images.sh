#!/bin/bash
# Builds the EROFS test images used by bench-listing.sh (listing-speed benchmark).
#   usrshare.erofs : copy of /usr/share (+ extra folders to reach 55k-70k entries),
#                    Debian mkfs.erofs, uncompressed, default options
#   usr.erofs      : copy of /usr/share + /usr/lib/jvm, mkfs.erofs -zlz4hc -C65536
#   usr-ALGO.erofs : optional, same tree-usr with mkfs.erofs -zALGO -C65536, for each ALGO in
#                    env ALGOS (e.g. ALGOS="lzma deflate zstd", "ALGO,LEVEL" allowed); algorithms
#                    the installed mkfs.erofs does not list (Debian 12's 1.5: lz4, lz4hc only) are skipped
# The source trees are kept next to the images so images can be rebuilt identically.
# Rerun:  sudo src/bench/make-bench-images.sh        (BENCH_DIR=/other/dir to relocate)
#         sudo ALGOS="lzma deflate zstd" src/bench/make-bench-images.sh
# Steps whose output already exists are skipped; delete a file/tree to redo it.
set -euo pipefail

BENCH_DIR=${BENCH_DIR:-/var/tmp/erofs-bench}
MIN=55000 MAX=70000
mkdir -p "$BENCH_DIR"
cd "$BENCH_DIR"

need=()
command -v mkfs.erofs >/dev/null || need+=(erofs-utils)
command -v hyperfine  >/dev/null || need+=(hyperfine)
if ((${#need[@]})); then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y "${need[@]}"
fi

count() { find "$1" | wc -l; }
# mkfs.erofs 1.5 prints one progress line per file: keep it in a log, show the summary
mkfs() { local log=$1; shift; mkfs.erofs "$@" >"$log" 2>&1 || { tail -c 2000 "$log"; exit 1; }
         tr '\r' '\n' <"$log" | sed 's/\x1b\[K//' | grep -v -e '^Processing' -e '^$' || true; }

# --- tree-usrshare: /usr/share, then adjusted into the 55k-70k entry range ---
if [ ! -d tree-usrshare ]; then
    echo ">> copying /usr/share -> $BENCH_DIR/tree-usrshare"
    cp -a /usr/share tree-usrshare.tmp
    n=$(count tree-usrshare.tmp)
    # too few entries: add whole folders from /usr as extra-<name> subfolders
    for extra in /usr/include /usr/lib/jvm /usr/lib/python3 /usr/lib/x86_64-linux-gnu; do
        ((n >= MIN)) && break
        [ -d "$extra" ] || continue
        dst=tree-usrshare.tmp/extra-$(basename "$extra")
        echo "   $n entries < $MIN: adding $extra as ${dst#*/}"
        cp -a "$extra" "$dst"
        n=$(count tree-usrshare.tmp)
    done
    # too many entries: drop the biggest top-level folders while staying >= MIN
    if ((n > MAX)); then
        while read -r c d; do
            ((n <= MAX)) && break
            ((n - c >= MIN)) || continue
            echo "   $n entries > $MAX: removing $d ($c entries)"
            rm -rf "$d"; n=$((n - c))
        done < <(for d in tree-usrshare.tmp/*/; do echo "$(count "$d") ${d%/}"; done | sort -rn)
    fi
    mv tree-usrshare.tmp tree-usrshare
fi
echo "tree-usrshare entries (find | wc -l): $(count tree-usrshare)"

if [ ! -f usrshare.erofs ]; then
    echo ">> mkfs.erofs usrshare.erofs (uncompressed)"
    mkfs mkfs-usrshare.log usrshare.erofs.tmp tree-usrshare
    mv usrshare.erofs.tmp usrshare.erofs
fi

# --- tree-usr: /usr/share + /usr/lib/jvm, lz4hc-compressed image ---
if [ ! -d tree-usr ]; then
    echo ">> copying /usr/share and /usr/lib/jvm -> $BENCH_DIR/tree-usr"
    mkdir -p tree-usr.tmp/lib
    cp -a /usr/share tree-usr.tmp/share
    cp -a /usr/lib/jvm tree-usr.tmp/lib/jvm
    mv tree-usr.tmp tree-usr
fi
echo "tree-usr entries (find | wc -l): $(count tree-usr)"

if [ ! -f usr.erofs ]; then
    echo ">> mkfs.erofs -zlz4hc -C65536 usr.erofs (this takes a few minutes)"
    mkfs mkfs-usr.log -zlz4hc -C65536 usr.erofs.tmp tree-usr
    mv usr.erofs.tmp usr.erofs
fi

# --- optional usr-ALGO.erofs images: same tree, other compressors (if this mkfs.erofs has them) ---
have=$(mkfs.erofs --help 2>&1 | sed -n 's/^Available compressors are: *//p' | tr -d ,)
images=(usrshare.erofs usr.erofs)
for algo in ${ALGOS:-}; do
    img=usr-${algo//,/-}.erofs
    if ! grep -qw -- "${algo%%,*}" <<<"$have"; then
        echo "!! skipping $img: mkfs.erofs $(dpkg-query -W -f='${Version}' erofs-utils 2>/dev/null) has no '${algo%%,*}' compressor (available: $have)"
        continue
    fi
    if [ ! -f "$img" ]; then
        echo ">> mkfs.erofs -z$algo -C65536 $img (this takes a few minutes)"
        mkfs "mkfs-${img%.erofs}.log" "-z$algo" -C65536 "$img.tmp" tree-usr
        mv "$img.tmp" "$img"
    fi
    images+=("$img")
done

echo
echo "== $BENCH_DIR"
for f in tree-usrshare tree-usr; do
    printf '%-16s %8s entries  %s on disk\n' "$f" "$(count $f)" "$(du -sh $f | cut -f1)"
done
for f in "${images[@]}"; do
    printf '%-16s %12d bytes  (%d MiB)\n' "$f" "$(stat -c %s $f)" "$(($(stat -c %s $f) / 1048576))"
done
