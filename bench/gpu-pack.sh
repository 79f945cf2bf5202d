#!/usr/bin/env bash
# Packs a minimal runtime for bench/gpu-device.sh on a GPU machine that reaches no network:
# dist/, the production node_modules (no optional packages), webgpu's linux-x64 dawn.node only,
# this machine's Vulkan loader (libvulkan.so.1, used there only when the machine lacks one), and
# the node binary (used only where the machine has no node). One .tar.xz under .gpu-pack/ (git-
# ignored), checked to be under 64 MiB; carry .gpu-pack to the device machine.
set -euo pipefail
cd "$(dirname "$0")/.."
npm run build >/dev/null
out=.gpu-pack
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir -p "$out" "$stage/rt/node_modules" "$stage/rt/lib" "$stage/rt/bench" "$stage/rt/bin"
cp -r dist grammar package.json "$stage/rt/"
cp bench/gpu.bench.mjs bench/run.mjs bench/util.mjs "$stage/rt/bench/"
# production dependencies (no dev, no optional): npm's own list of their folders
npm ls --omit=dev --omit=optional --all --parseable 2>/dev/null | tail -n +2 | while read -r dir; do
  rel=${dir#"$PWD/"}
  mkdir -p "$stage/rt/$(dirname "$rel")"
  [ -e "$stage/rt/$rel" ] || cp -r "$dir" "$stage/rt/$rel"
done
# webgpu: its loader and the linux-x64 binary only (the package is 132 MB for all platforms)
mkdir -p "$stage/rt/node_modules/webgpu/dist/linux-x64"
cp node_modules/webgpu/index.js node_modules/webgpu/package.json "$stage/rt/node_modules/webgpu/"
cp node_modules/webgpu/dist/linux-x64/dawn.node "$stage/rt/node_modules/webgpu/dist/linux-x64/"
# the Vulkan loader, for a machine whose image lacks it (the driver itself must be the machine's)
cp -L /usr/lib/x86_64-linux-gnu/libvulkan.so.1 "$stage/rt/lib/" 2>/dev/null || echo "note: no libvulkan.so.1 here to pack"
cp -L "$(command -v node)" "$stage/rt/bin/node"
XZ_OPT=${XZ_OPT:--3 -T0} tar -C "$stage" -cJf "$out/runtime.tar.xz" rt
cp bench/gpu-device.sh "$out/"
size=$(stat -c %s "$out/runtime.tar.xz")
echo "packed $out/runtime.tar.xz: $((size / 1048576)) MiB ($(du -sh "$stage/rt" | cut -f1) unpacked)"
[ "$size" -lt $((64 * 1048576)) ] || { echo "pack over 64 MiB" >&2; exit 1; }
