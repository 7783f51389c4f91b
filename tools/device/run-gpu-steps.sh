#!/usr/bin/env bash
# The device machine's command (see docs/results/backends.md#webgpu): unpacks the bundle that
# tools/device/bundle.mjs made (.device/webgpu, carried), makes sure Dawn finds the Vulkan loader
# and the NVIDIA driver's ICD, prints the GPU, and runs tools/device/gpu-steps.mjs from the bundle
# against PyTorch on CUDA. Writes $OUT/gpu-steps.json and $OUT/gpu-steps.log.
# Settings (environment): ROWS (default wrn16x10:128,wrn16x1:128,two-layer:50), REPS (10),
# PEER_DEVICE (cuda), PYTHON (python3), LRLAB_DEVICE_DIR (/tmp/lrlab).
set -euo pipefail
BUNDLE="$(pwd)/.device/webgpu"
DIR="${LRLAB_DEVICE_DIR:-/tmp/lrlab}"
: "${OUT:?OUT must name the folder for results}"
mkdir -p "$DIR"
tar -C "$DIR" -xJf "$BUNDLE/app.tar.xz"
xz -dc "$BUNDLE/node.xz" > "$DIR/node"
chmod +x "$DIR/node"
# Dawn loads libvulkan.so.1 at run time; the device image may lack it (the .gl debs, carried).
if ! ldconfig -p | grep -q 'libvulkan.so.1' && compgen -G '.gl/*.deb' > /dev/null; then
  for f in .gl/*.deb; do dpkg -x "$f" /; done
  ldconfig
fi
ICD=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
if [ -f "$ICD" ] && [ -z "${VK_DRIVER_FILES:-}" ]; then export VK_DRIVER_FILES="$ICD"; fi
(nvidia-smi -L 2>/dev/null || echo 'no nvidia-smi') | tee "$OUT/gpu-steps.log"
cd "$DIR"
./node tools/device/gpu-steps.mjs \
  --rows "${ROWS:-wrn16x10:128,wrn16x1:128,two-layer:50}" --reps "${REPS:-10}" \
  --peer-device "${PEER_DEVICE:-cuda}" --python "${PYTHON:-python3}" \
  --out "$OUT/gpu-steps.json" 2> >(tee -a "$OUT/gpu-steps.log" >&2) > /dev/null
