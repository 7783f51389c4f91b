#!/usr/bin/env bash
# Builds and runs conv-bench.c: oneDNN (Debian's libdnnl-dev, OpenMP) against @lrlab/blas's direct
# convolutions, linked from the addon's C files (blas.c's Node-API binding is never called: its
# Node-API functions are stubs, napi-stubs.c). Needs: sudo apt-get install -y libdnnl-dev libopenblas-dev nodejs-dev
# (or Node's headers from node-gyp). Prints a markdown table. OMP_WAIT_POLICY=passive as the addon
# would set it; DNNL_MAX_CPU_ISA may pin oneDNN's instruction set.
set -euo pipefail
cd "$(dirname "$0")/../../.."
NATIVE=packages/blas/native
NODE_INC=$(ls -d ~/.cache/node-gyp/*/include/node 2>/dev/null | head -1 || true)
[ -n "$NODE_INC" ] || NODE_INC=/usr/include/node
OUT=$(mktemp -d)
gcc -O3 -ffp-contract=off -fopenmp -pthread -I"$NODE_INC" -o "$OUT/conv-bench" tools/bench/onednn/conv-bench.c \
  tools/bench/onednn/napi-stubs.c $NATIVE/direct-conv.c $NATIVE/parallel.c $NATIVE/isa.c $NATIVE/blas.c \
  -ldnnl -lopenblas -lm
OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-passive} OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-Haswell} "$OUT/conv-bench"
rm -rf "$OUT"
