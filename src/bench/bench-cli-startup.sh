#!/bin/bash
# Start-up cost of the command line's parser: our own (erofsbrowser.cli.Arguments, from the
# CommandSpec descriptions) against picocli 4.7 (info.picocli:picocli, its programmatic API, the
# same descriptions: src/bench/java/erofsbrowser/cli/PicocliMain.java), from JVM start to exit of
#   erofs --version        and        erofs ls IMAGE       (IMAGE: the mini-plain test fixture)
# two ways:
#   bin/erofs   the packaged command line (jlink/erofs: the app's runtime, its JVM options, and a
#               class-data archive of the commands' classes). Two copies of the app image built
#               by jlink/build-app-image.sh, the same but for the parser (the picocli copy's jar
#               holds picocli's classes too, and its bin/erofs runs PicocliMain), each with an
#               archive made the same way as build-app-image.sh makes it, --version included.
#   java -cp    the JDK's java, no archive of ours (as java -jar runs).
# hyperfine runs each command RUNS times after 3 warm-ups, in ROUNDS rounds (the order of the
# variants alternates from round to round: this machine's load drifts); the summary gives, over
# all runs, the mean and the fastest wall time, and the mean CPU time (user + system), which the
# load of other processes disturbs less. Also the number of classes each variant loads.
# With BASELINE_APP set to another app image (say, of the commit before the command line's
# conventions: git archive 072521f | tar -x -C /tmp/old && (cd /tmp/old && jlink/build-app-image.sh),
# then BASELINE_APP=/tmp/old/target/jpackage/erofs-browser), its bin/erofs ls IMAGE is timed too.
# Rerun (from anywhere; builds the app image first if target/jpackage/erofs-browser is missing):
#   src/bench/bench-cli-startup.sh          env: RUNS (default 30), ROUNDS (default 2), BASELINE_APP
# Results: target/bench-cli/results/*.json (hyperfine) and the summary on standard output.
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/../.."          # project root

RUNS=${RUNS:-30}
ROUNDS=${ROUNDS:-2}
PICOCLI_VERSION=4.7.7
PICOCLI=$HOME/.m2/repository/info/picocli/picocli/$PICOCLI_VERSION/picocli-$PICOCLI_VERSION.jar
APP=target/jpackage/erofs-browser
W=$PWD/target/bench-cli
IMAGE=$PWD/src/test/resources/fixtures/mini-plain.erofs
command -v hyperfine >/dev/null || { echo "hyperfine is needed (apt-get install hyperfine)" >&2; exit 1; }

[ -x "$APP/bin/erofs" ] || jlink/build-app-image.sh
[ -f "$PICOCLI" ] || mvn -q dependency:get -Dartifact=info.picocli:picocli:$PICOCLI_VERSION

rm -rf "$W" && mkdir -p "$W/classes" "$W/jar" "$W/results"
javac -d "$W/classes" -cp "target/classes:$PICOCLI" src/bench/java/erofsbrowser/cli/PicocliMain.java

# Two app images, the same but for the parser.
cp -a "$APP" "$W/own"
cp -a "$APP" "$W/picocli"
(cd "$W/jar" && unzip -q "$OLDPWD/$APP/lib/app/erofs-browser.jar" && unzip -qo "$PICOCLI" -x 'META-INF/*')
cp -r "$W/classes/." "$W/jar/"
rm "$W/picocli/lib/app/erofs-browser.jar"
jar cf "$W/picocli/lib/app/erofs-browser.jar" -C "$W/jar" .
sed -i 's/erofsbrowser\.Main/erofsbrowser.cli.PicocliMain/' "$W/picocli/bin/erofs"

# Their class-data archives, made as build-app-image.sh makes the app's, --version added.
for variant in own picocli; do
    app=$W/$variant
    rm -f "$app/lib/cli.jsa" "$app/lib/cli.jsa.path"
    mkdir -p "$W/cds-$variant/extracted"
    n=0
    for command in "--version" "info" "ls -R -l" "manifest" "check" "stat" "cat" "extract"; do
        n=$((n + 1))
        case $command in
            stat|cat) set -- $command resources/sample.erofs /bigdir/f000 ;;
            extract) set -- extract resources/sample.erofs "$W/cds-$variant/extracted" ;;
            --version) set -- --version ;;
            *) set -- $command resources/sample.erofs ;;
        esac
        JAVA_TOOL_OPTIONS="-XX:DumpLoadedClassList=$W/cds-$variant/$n.classes" "$app/bin/erofs" "$@" \
            >/dev/null 2>"$W/cds-$variant/$n.err" || { cat "$W/cds-$variant/$n.err"; exit 1; }
    done
    cat "$W/cds-$variant"/*.classes | awk '!seen[$0]++' >"$W/cds-$variant/classlist"
    JAVA_TOOL_OPTIONS="-Xshare:dump -XX:SharedClassListFile=$W/cds-$variant/classlist -XX:SharedArchiveFile=$app/lib/cli.jsa" \
        "$app/bin/erofs" info >"$W/cds-$variant/dump.log" 2>&1 || { cat "$W/cds-$variant/dump.log"; exit 1; }
    printf '%s\n' "$app/bin/../lib" >"$app/lib/cli.jsa.path"
done

# Both parse the same way: the same output.
for args in "--version" "ls $IMAGE"; do
    # shellcheck disable=SC2086
    cmp <("$W/own/bin/erofs" $args) <("$W/picocli/bin/erofs" $args) || { echo "outputs differ: $args" >&2; exit 1; }
done

libs=$(ls target/lib/*.jar | grep -v -e javafx -e ikonli | tr '\n' ':')
declare -A cmd
cmd[own-bin-version]="$W/own/bin/erofs --version"
cmd[picocli-bin-version]="$W/picocli/bin/erofs --version"
cmd[own-bin-ls]="$W/own/bin/erofs ls $IMAGE"
cmd[picocli-bin-ls]="$W/picocli/bin/erofs ls $IMAGE"
cmd[own-java-version]="java -XX:-UsePerfData -cp target/erofs-browser.jar:$libs erofsbrowser.Main --version"
cmd[picocli-java-version]="java -XX:-UsePerfData -cp $W/picocli/lib/app/erofs-browser.jar:$libs erofsbrowser.cli.PicocliMain --version"
cmd[own-java-ls]="java -XX:-UsePerfData -cp target/erofs-browser.jar:$libs erofsbrowser.Main ls $IMAGE"
cmd[picocli-java-ls]="java -XX:-UsePerfData -cp $W/picocli/lib/app/erofs-browser.jar:$libs erofsbrowser.cli.PicocliMain ls $IMAGE"

if [ -n "${BASELINE_APP:-}" ]; then
    cmd[baseline-bin-ls]="$BASELINE_APP/bin/erofs ls $IMAGE"
fi
for round in $(seq 1 "$ROUNDS"); do
    for case in bin-version bin-ls java-version java-ls; do
        if [ $((round % 2)) -eq 1 ]; then order="own picocli baseline"; else order="baseline picocli own"; fi
        set --
        for v in $order; do
            [ -n "${cmd[$v-$case]:-}" ] && set -- "$@" -n "$v-$case" "${cmd[$v-$case]}"
        done
        hyperfine -N -w 3 -r "$RUNS" --export-json "$W/results/$case-$round.json" "$@" >/dev/null
    done
done

echo "classes loaded (bin/erofs --version, from the archive or not):"
for v in own picocli; do
    printf '  %-8s %s\n' "$v" "$(JAVA_TOOL_OPTIONS=-Xlog:class+load:file=$W/$v.load "$W/$v/bin/erofs" --version >/dev/null 2>&1; wc -l <"$W/$v.load")"
done
python3 - "$W/results" <<'EOF'
import json, sys, glob, collections
runs = collections.defaultdict(lambda: {"times": [], "user": [], "system": []})
for f in sorted(glob.glob(sys.argv[1] + "/*.json")):
    for r in json.load(open(f))["results"]:
        d = runs[r["command"]]
        d["times"] += r["times"]
        d["user"] += [r["user"]] * len(r["times"])
        d["system"] += [r["system"]] * len(r["times"])
print(f"{'command':<24}{'runs':>6}{'mean ms':>10}{'min ms':>9}{'CPU ms':>9}")
for name in sorted(runs, key=lambda n: (n.split('-', 1)[1], n)):
    d = runs[name]
    n = len(d["times"])
    mean = 1000 * sum(d["times"]) / n
    cpu = 1000 * (sum(d["user"]) + sum(d["system"])) / n
    print(f"{name:<24}{n:>6}{mean:>10.1f}{1000 * min(d['times']):>9.1f}{cpu:>9.1f}")
EOF
