#!/usr/bin/env bash
# Builds the .deb and .tar.gz with cpack and checks that they hold what a user installs.
set -euo pipefail
build_dir="$1"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

cpack --config "$build_dir/CPackConfig.cmake" -B "$out" >"$out/cpack.log" 2>&1 || { cat "$out/cpack.log"; exit 1; }
deb=$(ls "$out"/*.deb)
tgz=$(ls "$out"/*.tar.gz)

listing=$(dpkg-deb -c "$deb")
for path in ./usr/bin/switchboard ./usr/bin/switchboard-gateway ./usr/bin/switchboard-cli \
            ./usr/share/applications/switchboard.desktop \
            ./usr/share/icons/hicolor/scalable/apps/switchboard.svg \
            ./usr/share/metainfo/invalid.switchboard.Switchboard.metainfo.xml \
            ./usr/lib/systemd/system/switchboard-gateway.service \
            ./usr/share/doc/switchboard/README.md; do
    grep -q " $path\$" <<<"$listing" || { echo "missing from the .deb: $path"; echo "$listing"; exit 1; }
done
dpkg-deb -f "$deb" Depends | grep -q 'libqt6core6' || { echo "the .deb declares no Qt dependency"; exit 1; }
tar_listing=$(tar -tzf "$tgz")
grep -q "/bin/switchboard-gateway$" <<<"$tar_listing" || { echo "the tarball has no gateway"; exit 1; }

# The packaged gateway runs and reports its version.
mkdir "$out/root"
dpkg-deb -x "$deb" "$out/root"

# The desktop entry and the AppStream data are valid, and the service runs the packaged gateway.
desktop-file-validate "$out/root/usr/share/applications/switchboard.desktop"
appstreamcli validate --no-net "$out/root/usr/share/metainfo/invalid.switchboard.Switchboard.metainfo.xml" >"$out/appstream.log" \
    || { cat "$out/appstream.log"; exit 1; }
unit="$out/root/usr/lib/systemd/system/switchboard-gateway.service"
grep -q '^ExecStart=/usr/bin/switchboard-gateway --workspace ' "$unit" || { echo "the service does not start the gateway"; exit 1; }
grep -q '^WantedBy=multi-user.target' "$unit" || { echo "the service is not installable"; exit 1; }
version=$("$out/root/usr/bin/switchboard-gateway" --version)
grep -q "switchboard" <<<"$version" || { echo "unexpected --version output: $version"; exit 1; }
echo "package ok: $(basename "$deb"), $(basename "$tgz")"
