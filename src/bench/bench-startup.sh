#!/usr/bin/env bash
# bench-startup.sh: how long a double-click takes to show the bundled sample's tree, under an X
# server of its own (Xvfb): from the moment the launcher starts (what the desktop file runs) to the
# first frame that shows the tree with the root's entries, which the app reports when
# -Derofsbrowser.firstFrame asks (app/StartupProbe).
#
#   first open:  target/jpackage/erofs-browser/bin/erofs-browser (its class-data archive, its JVM options)
#                the same launcher without the app's archive (the runtime's own: the JVM's default)
#                java -jar target/erofs-browser.jar on the JDK (what a developer runs)
#   second open, while the app shows the first image:
#                the launcher handing the image to the running app (a new window there)
#                the launcher starting a second app (another runtime folder: no app to hand to)
#   and hyperfine: launcher to first frame and exit (-Derofsbrowser.firstFrame=exit), each way.
#
# Rerun: jlink/build-app-image.sh && src/bench/bench-startup.sh [RUNS]   (default 12 runs each,
# alternating; medians reported; needs Xvfb and hyperfine). The machine's load is printed: on
# a shared two-core machine the figures drift with it.
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-12}
app=$PWD/target/jpackage/erofs-browser
sample=$PWD/resources/sample.erofs
[ -x "$app/bin/erofs-browser" ] || { echo "build it first: jlink/build-app-image.sh" >&2; exit 1; }
[ -f target/erofs-browser.jar ] || { echo "build it first: mvn -q -DskipTests package" >&2; exit 1; }

work=$(mktemp -d)
display_pid=
running_pid=
finish() {
    [ -n "$running_pid" ] && kill "$running_pid" 2>/dev/null
    [ -n "$display_pid" ] && kill "$display_pid" 2>/dev/null
    rm -rf "$work"
}
trap finish EXIT
Xvfb -displayfd 3 -screen 0 1280x1024x24 -nolisten tcp 3>"$work/display" 2>/dev/null &
display_pid=$!
for _ in $(seq 100); do [ -s "$work/display" ] && break; sleep 0.1; done
export DISPLAY=:$(cat "$work/display")
mkdir -m 700 "$work/home" "$work/runtime" "$work/other-runtime" "$work/tmp"
export HOME=$work/home XDG_RUNTIME_DIR=$work/runtime
# Java's home comes from the password database: the runs' settings (recent files) and temporary
# folders go to the work folder all the same.
private="-Duser.home=$work/home -Djava.io.tmpdir=$work/tmp"

now() { date +%s%3N; }

# Prints the ms from the start of "$@" to the first frame it reports, then lets it close itself.
first_frame() {
    local start out
    start=$(now)
    out=$(JAVA_TOOL_OPTIONS="$private -Derofsbrowser.firstFrame=exit" "$@" 2>&1) || { printf '%s\n' "$out" >&2; return 1; }
    printf '%s\n' "$out" | sed -n 's/.*first frame with the tree at \([0-9]*\) ms.*/\1/p' | head -1 |
        awk -v s="$start" '{print $1 - s}'
}

median() { sort -n | awk '{a[NR] = $1} END {printf "%d ms (min %d, max %d, %d runs)", a[int((NR + 1) / 2)], a[1], a[NR], NR}'; }

no_archive=$work/app-without-archive
cp -a "$app" "$no_archive"
rm -f "$no_archive"/lib/*.jsa "$no_archive"/lib/*.jsa.path

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores; $runs runs each"
for _ in $(seq "$runs"); do
    first_frame "$app/bin/erofs-browser" "$sample" >>"$work/packaged.ms"
    first_frame "$no_archive/bin/erofs-browser" "$sample" >>"$work/no-archive.ms"
    first_frame java -jar target/erofs-browser.jar "$sample" >>"$work/jar.ms"
done
echo "first open, launcher start to the first frame with the tree:"
echo "  bin/erofs-browser:                      $(median <"$work/packaged.ms")"
echo "  bin/erofs-browser without its archive:  $(median <"$work/no-archive.ms")"
echo "  java -jar target/erofs-browser.jar:     $(median <"$work/jar.ms")"

# The second open: one app shows the sample; each run opens it again.
JAVA_TOOL_OPTIONS="$private -Derofsbrowser.firstFrame=print" "$app/bin/erofs-browser" "$sample" >"$work/running.log" 2>&1 &
running_pid=$!
for _ in $(seq 600); do grep -q 'first frame' "$work/running.log" && break; sleep 0.1; done
for _ in $(seq "$runs"); do
    frames=$(grep -c 'first frame' "$work/running.log")
    start=$(now)
    "$app/bin/erofs-browser" "$sample"
    handed=$(now)
    for _ in $(seq 600); do [ "$(grep -c 'first frame' "$work/running.log")" -gt "$frames" ] && break; sleep 0.01; done
    shown=$(grep 'first frame' "$work/running.log" | tail -1 | sed 's/.*at \([0-9]*\) ms.*/\1/')
    echo $((shown - start)) >>"$work/hand-over.ms"
    echo $((handed - start)) >>"$work/hand-over-launch.ms"
    XDG_RUNTIME_DIR=$work/other-runtime first_frame "$app/bin/erofs-browser" "$sample" >>"$work/second-app.ms"
done
kill "$running_pid"
running_pid=
echo "second open while the app runs, launcher start to the new window's first frame:"
echo "  handed to the running app:  $(median <"$work/hand-over.ms")  (the launch itself: $(median <"$work/hand-over-launch.ms"))"
echo "  a second app:               $(median <"$work/second-app.ms")"

echo "hyperfine: launcher start to exit after the first frame"
JAVA_TOOL_OPTIONS="$private -Derofsbrowser.firstFrame=exit" hyperfine -N -w 1 -r "$runs" \
    -n "bin/erofs-browser" "$app/bin/erofs-browser $sample" \
    -n "without its archive" "$no_archive/bin/erofs-browser $sample" \
    -n "java -jar" "java -jar target/erofs-browser.jar $sample" 2>&1 | grep -E 'Time|±|faster|^  [a-z]'
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
