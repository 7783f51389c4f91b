/*
 * The addon's parts: each adds its functions to the exports object and returns it (NULL after
 * throwing when Node-API fails).
 */
#ifndef LRLAB_ADDON_H
#define LRLAB_ADDON_H

#include <node_api.h>
#include <stdbool.h>

/*
 * Row-major C = alpha·op(A)·op(B) + beta·C on OpenBLAS, subnormals flushed (blas.c); nothing when
 * m or n is 0. No other checks: callers have checked the sizes.
 */
void lrlab_sgemm(bool trans_a, bool trans_b, int m, int n, int k, float alpha, const float* a, int lda, const float* b, int ldb,
                 float beta, float* c, int ldc);

/* sgemm, getThreads, setThreads (blas.c). */
napi_value register_blas(napi_env env, napi_value exports);
/* binary, broadcast, unary, scaledAdd (elementwise.c). */
napi_value register_elementwise(napi_env env, napi_value exports);
/* conv2d, conv2dBackpropFilter, conv2dBackpropInput (conv.c). */
napi_value register_conv(napi_env env, napi_value exports);
/* reduce (reduce.c). */
napi_value register_reduce(napi_env env, napi_value exports);
/* kernelPath, isaSupported, setIsa (kernel-path.c). */
napi_value register_kernel_path(napi_env env, napi_value exports);
/* batchNorm, batchNormTrain, batchNormGrad (batch-norm.c). */
napi_value register_batch_norm(napi_env env, napi_value exports);

#endif
