#!/usr/bin/env bash
# Builds EROFS Browser's packages into target/packages/ from the app image of build-app-image.sh:
#   erofs-browser_VERSION_ARCH.deb  installs the app with its own runtime in /opt/erofs-browser,
#       erofs and erofs-browser in /usr/bin, the desktop file, the MIME types (EROFS images by their
#       superblock, APEX, CAPEX), the icon at every size, the man page and bash completion; its
#       postinst makes the class-data archive and updates the desktop, MIME and icon caches, its
#       prerm/postrm undo both (jlink/deb/).
#   erofs-browser-VERSION-linux-ARCH.tar.gz  the same app, to unpack in any folder and run from
#       there (bin/erofs-browser, bin/erofs); ./register makes it known to the current user's
#       desktop (menu entry, file types, icon), ./unregister forgets it (jlink/bundle/).
#
# Rerun: jlink/build-packages.sh [--app-image DIR] [--dest DIR] [--fast]
#   --app-image DIR  package that app image (default: build target/jpackage/erofs-browser first)
#   --dest DIR       write the packages there (default: target/packages)
#   --fast           light compression (the tests, which look inside the packages)
#
# Why dpkg-deb around the app image rather than jpackage --type deb: jpackage's deb installs its
# own launcher, which asks rpm and dpkg which package owns it at every start (0.33 s here); its
# postinst registers through xdg-desktop-menu, which fails on a system without
# /usr/share/desktop-directories; it has no place for a command in /usr/bin, icons at every size,
# a man page or a completion; and it takes 30 to 45 s where dpkg-deb takes a few.
set -euo pipefail
cd "$(dirname "$0")/.."
source=$PWD
app=
dest=target/packages
compression=(-Zxz -z6)
gzip_level=-9
while [ $# -gt 0 ]; do
    case $1 in
        --app-image) app=$2; shift 2 ;;
        --dest) dest=$2; shift 2 ;;
        --fast) compression=(-Zgzip -z1); gzip_level=-1; shift ;;
        *) echo "usage: $0 [--app-image DIR] [--dest DIR] [--fast]" >&2; exit 2 ;;
    esac
done
if [ -z "$app" ]; then
    jlink/build-app-image.sh
    app=target/jpackage/erofs-browser
fi
app=$(cd "$app" && pwd -P)
mkdir -p "$dest"
dest=$(cd "$dest" && pwd -P)

# 0.1.0-SNAPSHOT (pom.xml) is 0.1.0~snapshot for dpkg, which sorts it before 0.1.0.
version=$(sed -n 's|^  <version>\(.*\)</version>|\1|p' pom.xml | head -1)
deb_version=$(printf '%s' "$version" | sed 's/-SNAPSHOT$/~snapshot/')
arch=$(dpkg --print-architecture)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# What both packages hold besides the app image: the desktop file, the MIME types, the icons,
# and the man page and completion that the command line writes about itself.
share=$work/share
install -D -m 644 resources/erofs-browser.desktop "$share/applications/erofs-browser.desktop"
install -D -m 644 resources/erofs-browser-mime.xml "$share/mime/packages/erofs-browser.xml"
for png in icons/erofs-browser-*.png; do
    size=${png##*-}
    size=${size%.png}
    install -D -m 644 "$png" "$share/icons/hicolor/${size}x${size}/apps/erofs-browser.png"
done
install -D -m 644 icons/erofs-browser.svg "$share/icons/hicolor/scalable/apps/erofs-browser.svg"
missing=()
mkdir -p "$share/man/man1" "$share/bash-completion/completions"
if "$app/lib/runtime/bin/java" -cp "$app/lib/app/erofs-browser.jar" erofsbrowser.cli.ManPage >"$work/erofs.1" 2>"$work/man.err" &&
    [ -s "$work/erofs.1" ]; then
    install -m 644 "$work/erofs.1" "$share/man/man1/erofs.1"
else
    missing+=("the man page (java -cp erofs-browser.jar erofsbrowser.cli.ManPage: $(head -1 "$work/man.err"))")
fi
# Without a display: a command line that does not know the word "completion" would take it for an
# image to open in a window.
if env -u DISPLAY -u WAYLAND_DISPLAY HOME="$work" XDG_RUNTIME_DIR="$work" timeout 60 "$app/bin/erofs" completion bash \
        >"$work/erofs.bash" 2>"$work/completion.err" && grep -q '^complete ' "$work/erofs.bash"; then
    install -m 644 "$work/erofs.bash" "$share/bash-completion/completions/erofs"
else
    missing+=("the bash completion (bin/erofs completion bash: $(tail -1 "$work/completion.err"))")
fi

# The app image, without the class-data archives: they hold the paths of the folder they were
# made in, and are made again where the package is installed.
copy_app_image() {
    mkdir -p "$1"
    cp -a "$app/bin" "$app/lib" "$1/"
    rm -f "$1"/lib/*.jsa "$1"/lib/*.jsa.path "$1"/lib/*.jsa.tmp
}

# ---- the .deb ----
root=$work/deb
copy_app_image "$root/opt/erofs-browser"
mkdir -p "$root/usr/bin" "$root/usr/share/doc/erofs-browser"
ln -s ../../opt/erofs-browser/bin/erofs "$root/usr/bin/erofs"
ln -s ../../opt/erofs-browser/bin/erofs-browser "$root/usr/bin/erofs-browser"
cp -a "$share/." "$root/usr/share/"
# The man page and the completion are erofs-browser's too (the command line is the same program).
if [ -f "$root/usr/share/man/man1/erofs.1" ]; then
    gzip -9n "$root/usr/share/man/man1/erofs.1"
    ln -s erofs.1.gz "$root/usr/share/man/man1/erofs-browser.1.gz"
fi
if [ -f "$root/usr/share/bash-completion/completions/erofs" ]; then
    ln -s erofs "$root/usr/share/bash-completion/completions/erofs-browser"
fi
find "$root/usr/share" -type d -empty -delete
install -D -m 644 jlink/deb/copyright "$root/usr/share/doc/erofs-browser/copyright"
mkdir -p "$root/DEBIAN"
install -m 755 jlink/deb/postinst jlink/deb/prerm jlink/deb/postrm "$root/DEBIAN/"
# Depends: what the runtime's, JavaFX's and the decoders' native libraries link, as dpkg-shlibdeps
# (Debian 12) lists it for the ELF files in lib/; java.desktop's AWT, sound and splash-screen
# libraries are not shipped (build-app-image.sh), so neither are their libraries' packages.
cat >"$root/DEBIAN/control" <<EOF
Package: erofs-browser
Version: $deb_version
Architecture: $arch
Maintainer: EROFS Browser developers <erofs-browser@example.invalid>
Installed-Size: $(du -sk --exclude=DEBIAN "$root" | cut -f1)
Depends: libatk1.0-0 (>= 1.12.4), libc6 (>= 2.34), libcairo-gobject2 (>= 1.10.0), libcairo2 (>= 1.10.0), libfontconfig1 (>= 2.12.6), libfreetype6 (>= 2.3.5), libgcc-s1 (>= 3.0), libgdk-pixbuf-2.0-0 (>= 2.22.0), libgl1, libglib2.0-0 (>= 2.30.0), libgtk-3-0 (>= 3.0.0), libpango-1.0-0 (>= 1.22.0), libpangocairo-1.0-0 (>= 1.14.0), libpangoft2-1.0-0 (>= 1.14.0), libstdc++6 (>= 5), libx11-6, libxtst6, libxxf86vm1, zlib1g (>= 1:1.2.2)
Recommends: shared-mime-info, desktop-file-utils, hicolor-icon-theme
Section: utils
Priority: optional
Description: browse EROFS filesystem images without mounting them
 EROFS Browser opens EROFS filesystem images (Android system and APEX
 payloads, container layers, composefs) as plain files and shows everything
 inside them: a tree of the files, a hex view, and every field of every
 on-disk structure, named, decoded and tied to its bytes. The erofs command
 lists, checks and extracts images from a terminal. No root, no mount and no
 erofs-utils needed; the package brings its own Java runtime.
EOF
deb=$dest/erofs-browser_${deb_version}_${arch}.deb
rm -f "$dest"/erofs-browser_*.deb
dpkg-deb --root-owner-group "${compression[@]}" --build "$root" "$deb" >/dev/null

# ---- the portable bundle ----
name=erofs-browser-$version-linux-$(uname -m)
bundle=$work/bundle/$name
copy_app_image "$bundle"
cp -a "$share" "$bundle/share"
find "$bundle/share" -type d -empty -delete
install -m 755 jlink/bundle/register jlink/bundle/unregister "$bundle/"
install -m 644 jlink/bundle/README "$bundle/README"
tarball=$dest/$name.tar.gz
rm -f "$dest"/erofs-browser-*-linux-*.tar.gz
tar -C "$work/bundle" --owner=0 --group=0 -cf - "$name" | gzip "$gzip_level" >"$tarball"

echo "built $deb ($(du -h "$deb" | cut -f1)) and $tarball ($(du -h "$tarball" | cut -f1))"
for m in "${missing[@]}"; do
    echo "$0: left out $m" >&2
done
