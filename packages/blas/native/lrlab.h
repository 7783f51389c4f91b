/*
 * The functions the addon's files share: the matrix product (blas.c), the worker pool
 * (parallel.c, with the subnormal flushing in blas.c), the SIMD paths (isa.c), the direct
 * convolution (direct-conv.c) and the parts that add the exported functions (one per file).
 * The helpers that read JavaScript arguments are in args.h.
 */
#ifndef LRLAB_H
#define LRLAB_H

#include <node_api.h>
#include <stdbool.h>
#include <stddef.h>

/* ---- Matrix product (blas.c) ---- */

/*
 * Row-major C = alpha·op(A)·op(B) + beta·C on OpenBLAS, subnormals flushed (blas.c); nothing when
 * m or n is 0. No other checks: callers have checked the sizes.
 */
void lrlab_sgemm(bool trans_a, bool trans_b, int m, int n, int k, float alpha, const float* a, int lda, const float* b, int ldb,
                 float beta, float* c, int ldc);

/* ---- Worker pool (parallel.c) ---- */
/*
 * The addon's pool of worker threads: it runs the addon's own loops and the pieces of every
 * matrix product (OpenBLAS itself runs on one thread, blas.c). Workers sleep on a condition
 * variable between calls.
 */

/* One item of a parallel loop. */
typedef void (*lrlab_task)(void* context, int item);

/*
 * Calls task(context, i) once for every i in [0, items), on the calling thread and on as many
 * workers as lrlab_threads() minus one, and returns when all calls have returned. Items are
 * handed out in order, one at a time; a task must not depend on which thread runs it. Calls from
 * several threads at once are serialised. With `flush`, every thread runs its items with
 * subnormals flushed (DAZ/FTZ, as the products do); without, with IEEE subnormals (as the
 * element-wise ops, which match the cpu backend bit for bit).
 */
void lrlab_parallel_for(int items, lrlab_task task, void* context, bool flush);

/* The range [*first, *last) of item `item` when [0, n) is cut into blocks of `block` values. */
static inline void lrlab_block_range(int item, size_t block, size_t n, size_t* first, size_t* last) {
  *first = (size_t)item * block;
  *last = *first + block < n ? *first + block : n;
}

/* Sets (flush) or clears DAZ and FTZ in this thread; returns the previous MXCSR (0 where there is none) (blas.c). */
unsigned int lrlab_flush_set(bool flush);
/* Restores the MXCSR that lrlab_flush_set returned (blas.c). */
void lrlab_flush_end(unsigned int saved);
/* The threads a loop runs on, the caller's included (1 to 64; default 1). */
int lrlab_threads(void);
/* Sets lrlab_threads (clamped to 1–64). */
void lrlab_set_threads(int threads);

/* ---- SIMD paths (isa.c) ---- */
/*
 * The SIMD path of the addon's hand-vectorised loops (the direct convolutions): chosen once at
 * load from the CPU, or forced (LRLAB_BLAS_ISA, read by the TypeScript side, which calls
 * lrlab_isa_set). Results depend on the path (AVX2 and AVX-512 fuse multiply-adds, the generic
 * path does not), so it is part of a run's recorded kernel path; the thread count is not.
 */

/* The paths, slowest first. */
typedef enum { LRLAB_ISA_GENERIC = 0, LRLAB_ISA_AVX2 = 1, LRLAB_ISA_AVX512 = 2 } lrlab_isa;

/* How many paths there are. */
#define LRLAB_ISA_COUNT 3

/* Whether this build and CPU can run `isa` (x86-64-v4 for avx512, x86-64-v3 for avx2). */
bool lrlab_isa_supported(lrlab_isa isa);

/* The path in use: the best supported one unless lrlab_isa_set chose another. */
lrlab_isa lrlab_isa_current(void);

/* Uses `isa` from now on; false (nothing changes) when it is not supported here. */
bool lrlab_isa_set(lrlab_isa isa);

/* "avx512", "avx2" or "generic". */
const char* lrlab_isa_name(lrlab_isa isa);

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define LRLAB_ISA_DISPATCH 1
#define LRLAB_TARGET_AVX512 __attribute__((target("arch=x86-64-v4")))
#define LRLAB_TARGET_AVX2 __attribute__((target("arch=x86-64-v3")))
#endif

/*
 * Defines `name_for(isa)`, returning a task `void (void* context, int item)` that runs
 * `name_body(context, item)` (an always-inline function) compiled for that path.
 */
#ifdef LRLAB_ISA_DISPATCH
#define LRLAB_ISA_TASKS(name)                                                                   \
  LRLAB_TARGET_AVX512 static void name##_avx512(void* context, int item) { name##_body(context, item); } \
  LRLAB_TARGET_AVX2 static void name##_avx2(void* context, int item) { name##_body(context, item); }     \
  static void name##_generic(void* context, int item) { name##_body(context, item); }                  \
  static lrlab_task name##_for(lrlab_isa isa) {                                                 \
    return isa == LRLAB_ISA_AVX512 ? name##_avx512 : isa == LRLAB_ISA_AVX2 ? name##_avx2 : name##_generic; \
  }
#else
#define LRLAB_ISA_TASKS(name)                                                                   \
  static void name##_generic(void* context, int item) { name##_body(context, item); }           \
  static lrlab_task name##_for(lrlab_isa isa) {                                                 \
    (void)isa;                                                                                  \
    return name##_generic;                                                                      \
  }
#endif

/* ---- Direct convolution (direct-conv.c), and the geometry conv.c shares with it ---- */

/* An NHWC convolution with dilation 1; rows = batch·outH·outW (M) and depth = fH·fW·inC (K). */
typedef struct {
  int batch, in_h, in_w, in_c, out_h, out_w, f_h, f_w, stride_h, stride_w, pad_top, pad_left, out_c;
  size_t rows, depth;
} lrlab_conv_geometry;

/* Whether lrlab_direct_conv takes this geometry: 16, 32, 48 or 64 output channels. */
bool lrlab_direct_conv_fits(const lrlab_conv_geometry* g);

/* y = conv(x, filter) for a geometry that fits, on the worker pool; y is fully written. */
void lrlab_direct_conv(const lrlab_conv_geometry* g, const float* x, const float* filter, float* y);

/*
 * dW = the filter gradient of conv(x, ·) for output gradient dy, for a geometry that fits: the
 * gradient of each of at most 32 groups of examples, then their sum in group order. False when out
 * of memory.
 */
bool lrlab_direct_conv_filter_grad(const lrlab_conv_geometry* g, const float* x, const float* dy, float* dw);

/* ---- oneDNN (onednn.c; false or NULL where the addon was built without oneDNN 2.x, or it is off) ---- */

/* y = conv(x, filter) on oneDNN; false when oneDNN is not used here (the caller falls back). */
bool lrlab_onednn_conv(const lrlab_conv_geometry* g, const float* x, const float* filter, float* y);

/* dx = the input gradient of conv(·, filter) for dy on oneDNN; false when oneDNN is not used here. */
bool lrlab_onednn_conv_input_grad(const lrlab_conv_geometry* g, const float* dy, const float* filter, float* dx);

/* "2.6.3 avx512_core": oneDNN's version and instruction set, or NULL when oneDNN is not used. */
const char* lrlab_onednn_description(void);

/* ---- The addon's parts (addon.c calls them) ---- */
/* Each adds its functions to the exports object and returns it (NULL after throwing when Node-API fails). */

/* sgemm, getThreads, setThreads (blas.c). */
napi_value register_blas(napi_env env, napi_value exports);
/* binary, broadcast, unary, scaledAdd, sgdStep (elementwise.c). */
napi_value register_elementwise(napi_env env, napi_value exports);
/* conv2d, conv2dBackpropFilter, conv2dBackpropInput (conv.c). */
napi_value register_conv(napi_env env, napi_value exports);
/* reduce (reduce.c). */
napi_value register_reduce(napi_env env, napi_value exports);
/* kernelPath, isaSupported, setIsa (kernel-path.c). */
napi_value register_kernel_path(napi_env env, napi_value exports);
napi_value register_heap(napi_env env, napi_value exports);
/* batchNorm, batchNormTrain, batchNormGrad (batch-norm.c). */
napi_value register_batch_norm(napi_env env, napi_value exports);

#endif
