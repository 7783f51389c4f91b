/*
 * lrlab's native addon, on Float32Arrays: OpenBLAS's sgemm (blas.c), float32 element-wise loops
 * (elementwise.c), reductions (reduce.c), batch norm (batch-norm.c), convolutions (conv.c), the kernel path (kernel-path.c)
 * and the heap settings (heap.c). Plain Node-API (node_api.h), so one build serves
 * every Node version with the same ABI.
 */
#include "lrlab.h"

static napi_value init(napi_env env, napi_value exports) {
  if (register_blas(env, exports) == NULL) return NULL;
  if (register_elementwise(env, exports) == NULL) return NULL;
  if (register_reduce(env, exports) == NULL) return NULL;
  if (register_batch_norm(env, exports) == NULL) return NULL;
  if (register_kernel_path(env, exports) == NULL) return NULL;
  if (register_heap(env, exports) == NULL) return NULL;
  return register_conv(env, exports);
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
