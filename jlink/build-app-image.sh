#!/usr/bin/env bash
# Builds a self-contained EROFS Browser, with its own Java runtime (no JDK needed to run it):
#   target/jpackage/erofs-browser/bin/erofs-browser [IMAGE...]   the window (jlink/erofs-browser)
#   target/jpackage/erofs-browser/bin/erofs COMMAND ...          the command line (jlink/erofs)
#   lib/runtime   a Java runtime of only the modules the app uses, as jdeps finds them
#   lib/app       the app's jars, with JavaFX's native libraries beside them (JavaFX looks there
#                 first; otherwise it copies them into ~/.openjfx at the first start)
#   lib/native    lz4, zstd and JNA's native libraries, ready to load (see bin/erofs)
#   lib/cli.classlist, lib/window.classlist, lib/make-class-data-archive, and the archives it makes
# jlink/build-packages.sh makes the .deb and the portable bundle of it.
#
# Rerun: jlink/build-app-image.sh [--app-jar JAR --deps DIR] [--dest DIR]
#   --app-jar JAR --deps DIR  package this erofs-browser.jar and the jars in DIR (its runtime
#               dependencies, as Maven copies them) instead of running Maven (the tests do)
#   --dest DIR  build there instead of target/jpackage/erofs-browser
# Needs a JDK 17 (jdeps, jlink) and Xvfb: the classes a window loads are listed by opening one on
# a display of its own.
set -euo pipefail
cd "$(dirname "$0")/.."
source=$PWD
app_jar=
deps=
app=target/jpackage/erofs-browser
while [ $# -gt 0 ]; do
    case $1 in
        --app-jar) app_jar=$2; shift 2 ;;
        --deps) deps=$2; shift 2 ;;
        --dest) app=$2; shift 2 ;;
        *) echo "usage: $0 [--app-jar JAR --deps DIR] [--dest DIR]" >&2; exit 2 ;;
    esac
done
command -v Xvfb >/dev/null || { echo "$0: needs Xvfb (apt-get install xvfb)" >&2; exit 1; }

if [ -z "$app_jar" ]; then
    mvn -q -B -DskipTests package
    app_jar=target/erofs-browser.jar
    deps=target/lib
fi
if [ -n "$(ls -A "$app" 2>/dev/null)" ] && [ ! -f "$app/bin/erofs-browser" ]; then
    echo "$0: $app holds something other than an app image; not replacing it" >&2
    exit 1
fi
mkdir -p "$app"
app=$(cd "$app" && pwd -P)
rm -rf "${app:?}"/* && mkdir -p "$app/bin" "$app/lib/app"
cp "$app_jar" "$app/lib/app/erofs-browser.jar"
for jar in "$deps"/*.jar; do
    case "${jar##*/}" in
        javafx-*-[0-9]*[0-9].jar) ;;   # the empty, platform-neutral JavaFX jars: the -linux ones hold the code
        *) cp "$jar" "$app/lib/app/" ;;
    esac
done
chmod 644 "$app"/lib/app/*.jar

# The runtime: the modules the app's classes and their libraries use, as jdeps reads them from the
# bytecode (today java.base, java.desktop, java.logging, java.prefs, java.scripting -- FXML needs
# javax.script --, jdk.jfr, jdk.unsupported, and java.xml and java.datatransfer, which those
# require). Nothing the app reaches only by reflection or a service lookup is missing from it:
# the tests run the packaged window and commands on this runtime.
class_path=$(printf '%s:' "$app"/lib/app/*.jar)
modules=$(jdeps --multi-release 17 --ignore-missing-deps --print-module-deps --class-path "$class_path" \
    "$app/lib/app/erofs-browser.jar")
echo "runtime modules (jdeps): $modules"
# java.desktop is there for java.beans (JavaFX's bean adapters); the app draws nothing with AWT,
# plays no sound and shows no splash screen, so their native libraries stay out (2.4 MB, and the
# .deb's dependencies on libasound2, libjpeg, libgif, libpng and liblcms2 with them).
awt_natives=
for library in libawt libawt_xawt libawt_headless libjawt libfontmanager libjavajpeg liblcms libmlib_image \
        libsplashscreen libjsound; do
    awt_natives="$awt_natives,**/$library.so"
done
# Compressed (zip): the modules file is 22 MB rather than 48 MB. The classes a start loads come
# from the class-data archives, not from it: neither the window's start nor bin/erofs's took
# measurably more CPU (5 and 40 alternating runs).
jlink --add-modules "$modules" --strip-debug --no-header-files --no-man-pages --compress=2 \
    --exclude-files="${awt_natives#,}" --output "$app/lib/runtime"
# The runtime's own class-data archive, what a JVM uses when the app's archive is not made yet
# (a portable bundle just unpacked): without one, a start takes 0.1 to 0.2 s longer.
"$app/lib/runtime/bin/java" -Xshare:dump >/dev/null

install -m 755 jlink/erofs jlink/erofs-browser "$app/bin/"
install -m 755 jlink/make-class-data-archive "$app/lib/"

# The native decoders (lz4, zstd) and JNA, ready to load: otherwise each library copies itself out
# of its jar into /tmp at every start (lz4's alone cost 40 ms of CPU per run). The launchers point
# at this folder; a library missing from it is still found in its jar. JavaFX's go beside its jars.
case "$(uname -m)" in
    x86_64) lz4_arch=amd64 jna_arch=x86-64 ;;
    aarch64) lz4_arch=aarch64 jna_arch=aarch64 ;;
    *) lz4_arch= jna_arch= ;;
esac
jars=$app/lib/app
if [ -n "$lz4_arch" ]; then
    native=$app/lib/native
    mkdir -p "$native"
    unzip -qjo "$jars"/lz4-java-*.jar "net/jpountz/util/linux/$lz4_arch/liblz4-java.so" -d "$native"
    unzip -qjo "$jars"/zstd-jni-*.jar "linux/$lz4_arch/libzstd-jni-*.so" -d "$native"
    unzip -qjo "$jars"/jna-*.jar "com/sun/jna/linux-$jna_arch/libjnidispatch.so" -d "$native"
fi
unzip -qjo "$jars"/javafx-graphics-*-linux.jar '*.so' -d "$jars"
chmod 755 "$jars"/*.so

# The class lists: the classes the commands load (each run on the bundled sample image; Android's
# images, and the benchmark's, are lz4hc with big pclusters, which the sample is not: a test
# fixture made that way stands in); those a window loads up to its first frame with the tree; and
# those of a second launch handing its image to that window's app. The runs get a home and a
# runtime folder of their own: nothing reaches the builder's settings or running app.
work=$(mktemp -d)
display_pid=
app_pid=
finish() {
    [ -n "$app_pid" ] && kill "$app_pid" 2>/dev/null
    [ -n "$display_pid" ] && kill "$display_pid" 2>/dev/null
    rm -rf "$work"
}
trap finish EXIT
mkdir -m 700 "$work/home" "$work/runtime" "$work/extracted" "$work/tmp"
# Java takes its home from the password database, not HOME: its settings (the recent files) and
# temporary folders are pointed at the work folder too.
private="-Duser.home=$work/home -Djava.io.tmpdir=$work/tmp"
sample=$source/resources/sample.erofs
big_pclusters=$source/src/test/resources/fixtures/mini-lz4hc-big-pcluster.erofs
n=0
for command in "info" "ls -R -l" "manifest" "check" "stat" "cat" "extract" "check-big-pclusters"; do
    n=$((n + 1))
    case $command in
        stat|cat) set -- $command "$sample" /bigdir/f000 ;;
        extract) set -- extract "$sample" "$work/extracted" ;;
        check-big-pclusters) set -- check "$big_pclusters" ;;
        *) set -- $command "$sample" ;;
    esac
    HOME=$work/home JAVA_TOOL_OPTIONS="$private -XX:DumpLoadedClassList=$work/$n.classes" "$app/bin/erofs" "$@" \
        >/dev/null 2>"$work/$n.err" || { cat "$work/$n.err"; echo "failed: bin/erofs $*" >&2; exit 1; }
done

Xvfb -displayfd 3 -screen 0 1280x1024x24 -nolisten tcp 3>"$work/display" 2>"$work/xvfb.log" &
display_pid=$!
for _ in $(seq 100); do [ -s "$work/display" ] && break; sleep 0.1; done
[ -s "$work/display" ] || { cat "$work/xvfb.log"; echo "$0: Xvfb did not start" >&2; exit 1; }
export DISPLAY=:$(cat "$work/display")
window_env=(env HOME="$work/home" XDG_RUNTIME_DIR="$work/runtime")
"${window_env[@]}" JAVA_TOOL_OPTIONS="$private -XX:DumpLoadedClassList=$work/window.classes -Derofsbrowser.firstFrame=print" \
    "$app/bin/erofs-browser" "$sample" >"$work/window.log" 2>&1 &
app_pid=$!
for _ in $(seq 600); do
    grep -q 'first frame' "$work/window.log" && break
    kill -0 "$app_pid" 2>/dev/null || break
    sleep 0.1
done
grep -q 'first frame' "$work/window.log" || { cat "$work/window.log"; echo "$0: no window came up" >&2; exit 1; }
"${window_env[@]}" JAVA_TOOL_OPTIONS="$private -XX:DumpLoadedClassList=$work/hand-over.classes" \
    "$app/bin/erofs-browser" "$sample" >"$work/hand-over.log" 2>&1 || { cat "$work/hand-over.log"; exit 1; }
kill "$app_pid" && wait "$app_pid" || true
app_pid=
kill "$display_pid" && wait "$display_pid" || true
display_pid=
# Each class once, first use first: the commands' and the hand-over's for bin/erofs's archive (the
# launcher that hands over takes that one), the window's for bin/erofs-browser's.
cat "$work"/[0-9]*.classes "$work/hand-over.classes" | awk '!seen[$0]++' >"$app/lib/cli.classlist"
awk '!seen[$0]++' "$work/window.classes" >"$app/lib/window.classlist"
"$app/lib/make-class-data-archive"

# A smoke test of what was built: the command line lists the bundled sample image.
"$app/bin/erofs" ls -R "$sample" >/dev/null
echo "built $app (run bin/erofs-browser; command line: bin/erofs): runtime $(du -sh "$app/lib/runtime" | cut -f1)," \
    "app image $(du -sh "$app" | cut -f1)"
