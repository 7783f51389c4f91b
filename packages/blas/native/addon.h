/*
 * The addon's parts: each adds its functions to the exports object and returns it (NULL after
 * throwing when Node-API fails).
 */
#ifndef LRLAB_ADDON_H
#define LRLAB_ADDON_H

#include <node_api.h>

/* sgemm, getThreads, setThreads (blas.c). */
napi_value register_blas(napi_env env, napi_value exports);
/* binary, unary (elementwise.c). */
napi_value register_elementwise(napi_env env, napi_value exports);

#endif
