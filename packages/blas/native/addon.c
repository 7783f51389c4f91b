/*
 * lrlab's native addon: OpenBLAS's sgemm (blas.c) and float32 element-wise loops (elementwise.c)
 * on Float32Arrays. Plain Node-API (node_api.h), so one build serves every Node version with the
 * same ABI.
 */
#include "addon.h"

static napi_value init(napi_env env, napi_value exports) {
  if (register_blas(env, exports) == NULL) return NULL;
  return register_elementwise(env, exports);
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
