#!/usr/bin/env bash
# Runs on a lent GPU machine (no network): probes the Vulkan driver, then the GPU benchmark, from
# the runtime packed by bench/gpu-pack.sh (.gpu-pack/runtime.tar.xz, carried along). Writes
# probe.txt, gpu.json and bench.txt to $OUT (or ./gpu-out). Usage, from the repository root:
#   bash bench/gpu-pack.sh            # here, once (also copies this script to .gpu-pack/)
#   bash .gpu-pack/gpu-device.sh      # there (the device tool: carry [".gpu-pack"])
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
pack="$here/runtime.tar.xz"; [ -f "$pack" ] || pack="$here/../.gpu-pack/runtime.tar.xz"
out=${OUT:-$PWD/gpu-out}; mkdir -p "$out"
rt=$(mktemp -d)/rt
exec > >(tee "$out/probe.txt") 2>&1
echo "== machine"; uname -a; nproc; (nvidia-smi -L; nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv) 2>&1 | head -8
echo "== Vulkan ICD files"
icds=$(ls /usr/share/vulkan/icd.d/*.json /etc/vulkan/icd.d/*.json /usr/local/share/vulkan/icd.d/*.json 2>/dev/null || true)
for f in $icds; do echo "$f: $(tr -d '\n ' < "$f" | head -c 300)"; done; [ -n "$icds" ] || echo "none"
echo "== libraries"
for l in libvulkan.so.1 libGLX_nvidia.so.0 libnvidia-glvkspirv.so libnvidia-glcore.so libcuda.so.1 libEGL_nvidia.so.0; do
  p=$(ldconfig -p 2>/dev/null | grep -m1 "$l" | awk '{print $NF}'); echo "$l: ${p:-missing}"
done
ls /dev/nvidia* 2>/dev/null | head
echo "== runtime"
tar -C "$(dirname "$rt")" -xJf "$pack" || { echo "cannot unpack $pack"; exit 1; }
node=$(command -v node || true); [ -n "$node" ] || node="$rt/bin/node"; echo "node: $node $("$node" --version)"
if ! ldconfig -p 2>/dev/null | grep -q libvulkan.so.1; then export LD_LIBRARY_PATH="$rt/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"; echo "using the packed Vulkan loader"; fi
# NVIDIA's driver without its ICD file (containers often mount the libraries only): write one
if ! grep -qsl nvidia $icds 2>/dev/null; then
  glx=$(ldconfig -p 2>/dev/null | grep -m1 libGLX_nvidia.so.0 | awk '{print $NF}')
  if [ -n "$glx" ]; then
    printf '{"file_format_version":"1.0.0","ICD":{"library_path":"%s","api_version":"1.3.0"}}\n' "$glx" > "$out/nvidia_icd.json"
    export VK_ICD_FILENAMES="$out/nvidia_icd.json" VK_DRIVER_FILES="$out/nvidia_icd.json"; echo "wrote an NVIDIA ICD file for $glx"
  else
    echo "no NVIDIA Vulkan driver library (libGLX_nvidia.so.0): WebGPU can use only what the ICD files above provide"
  fi
fi
echo "== adapter"
(cd "$rt" && "$node" dist/cli/index.js gpu --json) > "$out/gpu.json"; rc=$?; cat "$out/gpu.json"
[ $rc -eq 0 ] || { echo "no adapter (exit $rc): stopping before the benchmark"; exit 0; }
echo "== benchmark"
(cd "$rt" && NNQFT_BENCH_SKIP=tfjs NNQFT_BENCH_SECONDS=${NNQFT_BENCH_SECONDS:-5} GPU_PEAK_TFLOPS=${GPU_PEAK_TFLOPS:-67} \
  timeout 420 "$node" bench/run.mjs gpu) 2>&1 | grep -v '^Warning: maxDynamic' | tee "$out/bench.txt"
