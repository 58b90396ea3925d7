#!/usr/bin/env bash
# Builds a self-contained EROFS Browser (its own Java runtime, no JDK needed to run it) with the
# JDK's jpackage: target/jpackage/erofs-browser/bin/erofs-browser [IMAGE...] opens the window,
# target/jpackage/erofs-browser/bin/erofs COMMAND ... is the command line (see jlink/erofs).
# A first packaging step; installers (.deb with the desktop file and MIME type) are still to come.
# Rerun: jlink/build-app-image.sh   (needs a JDK 17 with jpackage, as Debian's openjdk-17-jdk has)
set -euo pipefail
cd "$(dirname "$0")/.."

mvn -q -B -DskipTests package
rm -rf target/jpackage-input target/jpackage
mkdir -p target/jpackage-input
cp target/erofs-browser.jar target/jpackage-input/
for jar in target/lib/*.jar; do
    case "$(basename "$jar")" in
        javafx-*-[0-9]*[0-9].jar) ;;   # the empty, platform-neutral JavaFX jars: the -linux ones hold the code
        *) cp "$jar" target/jpackage-input/ ;;
    esac
done

jpackage --type app-image --dest target/jpackage --name erofs-browser --app-version 0.1.0 \
    --input target/jpackage-input --main-jar erofs-browser.jar --main-class erofsbrowser.Main \
    --icon icons/erofs-browser-256.png \
    --add-modules java.base,java.desktop,java.logging,java.xml,java.prefs,java.management,jdk.unsupported,jdk.jfr \
    --jlink-options "--strip-debug --no-header-files --no-man-pages --generate-cds-archive"
install -m 755 jlink/erofs target/jpackage/erofs-browser/bin/erofs
# The native decoders (lz4, zstd) and JNA, ready to load: otherwise each library copies itself out
# of its jar into /tmp at every start (lz4's alone cost 40 ms of CPU per run). bin/erofs points at
# this folder; a library missing from it is still found in its jar.
case "$(uname -m)" in
    x86_64) lz4_arch=amd64 jna_arch=x86-64 ;;
    aarch64) lz4_arch=aarch64 jna_arch=aarch64 ;;
    *) lz4_arch= jna_arch= ;;
esac
if [ -n "$lz4_arch" ]; then
    native=target/jpackage/erofs-browser/lib/native jars=target/jpackage/erofs-browser/lib/app
    mkdir -p "$native"
    unzip -qjo "$jars"/lz4-java-*.jar "net/jpountz/util/linux/$lz4_arch/liblz4-java.so" -d "$native"
    unzip -qjo "$jars"/zstd-jni-*.jar "linux/$lz4_arch/libzstd-jni-*.so" -d "$native"
    unzip -qjo "$jars"/jna-*.jar "com/sun/jna/linux-$jna_arch/libjnidispatch.so" -d "$native"
fi
# Class-data sharing for the command line: the classes its commands load (listed by running each
# on the bundled sample image), parsed and verified once, here, instead of at every start (30 to
# 40 ms of a check). bin/erofs passes the archive to the JVM. The archive holds the class path
# with this app image's path in it; moved elsewhere, the JVM would refuse it, and with it the
# runtime's own archive: so cli.jsa.path says where it was made, and bin/erofs compares.
app=$PWD/target/jpackage/erofs-browser
rm -rf target/cds && mkdir -p target/cds/extracted
n=0
# Android's images (and the benchmark's) are lz4hc with big pclusters, which the sample image is
# not: their classes come from a test fixture made that way.
big_pclusters=src/test/resources/fixtures/mini-lz4hc-big-pcluster.erofs
for command in "info" "ls -R -l" "manifest" "check" "stat" "cat" "extract" "check-big-pclusters"; do
    n=$((n + 1))
    case $command in
        stat|cat) set -- $command resources/sample.erofs /bigdir/f000 ;;
        extract) set -- extract resources/sample.erofs target/cds/extracted ;;
        check-big-pclusters) set -- check "$big_pclusters" ;;
        *) set -- $command resources/sample.erofs ;;
    esac
    JAVA_TOOL_OPTIONS="-XX:DumpLoadedClassList=target/cds/$n.classes" "$app/bin/erofs" "$@" \
        >/dev/null 2>target/cds/$n.err || { cat target/cds/$n.err; echo "failed: bin/erofs $*" >&2; exit 1; }
done
cat target/cds/*.classes | awk '!seen[$0]++' >target/cds/classlist   # each class once, first use first
# Through bin/erofs, so that the class path is the one it will give; -Xshare:dump exits when done.
JAVA_TOOL_OPTIONS="-Xshare:dump -XX:SharedClassListFile=target/cds/classlist -XX:SharedArchiveFile=$app/lib/cli.jsa" \
    "$app/bin/erofs" info >target/cds/dump.log 2>&1 || { cat target/cds/dump.log; exit 1; }
printf '%s\n' "$app/bin/../lib" >"$app/lib/cli.jsa.path"   # the "$lib" of bin/erofs
# A smoke test of what was built: the command line lists the bundled sample image.
target/jpackage/erofs-browser/bin/erofs ls -R resources/sample.erofs >/dev/null
echo "built target/jpackage/erofs-browser (run bin/erofs-browser; command line: bin/erofs)"
