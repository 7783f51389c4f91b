/*
 * Row-major single-precision GEMM through OpenBLAS's cblas_sgemm, and its
 * thread count, on Float32Arrays. Plain Node-API (node_api.h), so one build serves every Node
 * version with the same ABI.
 *
 * sgemm(transA, transB, m, n, k, alpha, A, lda, B, ldb, beta, C, ldc): C = alpha·op(A)·op(B) + beta·C.
 * A, B and C are Float32Arrays (they may be views at an offset into a larger buffer); the sizes
 * are checked against the leading dimensions before OpenBLAS is called, so a bad call throws a
 * RangeError instead of reading out of bounds.
 *
 * Products flush subnormal inputs and results to zero (x86's DAZ and FTZ bits, set in the calling
 * thread for the call and in OpenBLAS's worker threads for good), as TensorFlow's CPU runtime and
 * GPUs do: a gradient holding a few subnormals (a logistic loss's e^(−margin) below 1.2e-38) made
 * one training-step product 5–25× slower through microcode assists. A flushed value is below
 * 1.2e-38, so results change by less than that times the inner dimension and the operands' scale.
 */
#include <cblas.h>
#include <stdlib.h>
#if defined(__x86_64__) || defined(__i386__)
#include <xmmintrin.h>
/* MXCSR's flush-to-zero (bit 15) and denormals-are-zero (bit 6). */
#define FLUSH_SUBNORMALS 0x8040u
#define HAS_MXCSR 1
#endif
#include "args.h"
#include "addon.h"
#include "parallel.h"

/* OpenBLAS's thread controls (declared in its cblas.h, repeated in case another cblas.h is used). */
extern void openblas_set_num_threads(int num_threads);
extern int openblas_get_num_threads(void);
/* OpenBLAS's (pthreads build) worker pool; weak, so another BLAS without them still loads. */
extern void blas_thread_init(void) __attribute__((weak));
extern void blas_thread_shutdown_(void) __attribute__((weak));
extern void openblas_read_env(void) __attribute__((weak));

/*
 * log2 of the TSC ticks an idle OpenBLAS worker spins before it sleeps, where the user has not set
 * OPENBLAS_THREAD_TIMEOUT: 2^20 ticks, about 0.4 ms, instead of OpenBLAS's 2^28 (about 0.1 s). A
 * spinning worker takes a core from the addon's own pool (parallel.c) during the direct
 * convolutions and batch norms between products. Six alternating runs of a WRN-16-1 step at batch
 * 32 (20 steps each): median 151 ms with 2^28, 147 ms with 2^20, faster in 5 of the 6 pairs (a small
 * gain on this noisy VM). Between a two-layer step's products (gaps of ~0.1–0.5 ms) the workers
 * still spin, so those are not slowed by wake-ups (2^4 made that step ~4% slower).
 */
#define SPIN_TICKS_LOG2 "20"

unsigned int lrlab_flush_set(bool flush) {
#ifdef HAS_MXCSR
  unsigned int saved = _mm_getcsr();
  _mm_setcsr(flush ? saved | FLUSH_SUBNORMALS : saved & ~FLUSH_SUBNORMALS);
  return saved;
#else
  (void)flush;
  return 0;
#endif
}

/* Sets DAZ and FTZ in this thread and returns the previous MXCSR (0 where there is none). */
static unsigned int flush_begin(void) { return lrlab_flush_set(true); }

static void flush_end(unsigned int saved) {
#ifdef HAS_MXCSR
  _mm_setcsr(saved);
#else
  (void)saved;
#endif
}

/* Makes OpenBLAS read SPIN_TICKS_LOG2 as its thread timeout (workers started afterwards use it). */
static void shorten_worker_spin(void) {
  if (openblas_read_env == NULL || getenv("OPENBLAS_THREAD_TIMEOUT") != NULL) return;
  if (setenv("OPENBLAS_THREAD_TIMEOUT", SPIN_TICKS_LOG2, 0) != 0) return;
  openblas_read_env();
  unsetenv("OPENBLAS_THREAD_TIMEOUT");
}

/*
 * OpenBLAS starts its workers when it loads, with the loading thread's MXCSR; restart them from a
 * thread with DAZ and FTZ set, which they inherit (and with a shorter spin before they sleep).
 * Threads added later by openblas_set_num_threads are started from set_threads, which sets the
 * bits too.
 */
static void flush_subnormals_in_workers(void) {
  if (blas_thread_init == NULL || blas_thread_shutdown_ == NULL) return;
  shorten_worker_spin();
  unsigned int saved = flush_begin();
  blas_thread_shutdown_();
  blas_thread_init();
  flush_end(saved);
}

void lrlab_sgemm(bool trans_a, bool trans_b, int m, int n, int k, float alpha, const float* a, int lda, const float* b, int ldb,
                 float beta, float* c, int ldc) {
  unsigned int saved = flush_begin();
  cblas_sgemm(CblasRowMajor, trans_a ? CblasTrans : CblasNoTrans, trans_b ? CblasTrans : CblasNoTrans, m, n, k, alpha, a, lda, b, ldb,
              beta, c, ldc);
  flush_end(saved);
}

/* Elements a row-major matrix of `rows` rows with leading dimension `ld` and `cols` used columns spans. */
static size_t span(int rows, int cols, int ld) {
  return rows == 0 || cols == 0 ? 0 : (size_t)(rows - 1) * (size_t)ld + (size_t)cols;
}

static napi_value sgemm(napi_env env, napi_callback_info info) {
  size_t argc = 13;
  napi_value argv[13];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc != 13) {
    napi_throw_type_error(env, NULL, "sgemm takes 13 arguments: transA, transB, m, n, k, alpha, A, lda, B, ldb, beta, C, ldc");
    return NULL;
  }
  bool trans_a = false, trans_b = false;
  CHECK(napi_get_value_bool(env, argv[0], &trans_a));
  CHECK(napi_get_value_bool(env, argv[1], &trans_b));
  int m, n, k, lda, ldb, ldc;
  double alpha, beta;
  float *a, *b, *c;
  size_t a_len, b_len, c_len;
  if (!get_int(env, argv[2], &m, 0, "m") || !get_int(env, argv[3], &n, 0, "n") || !get_int(env, argv[4], &k, 0, "k")) return NULL;
  CHECK(napi_get_value_double(env, argv[5], &alpha));
  CHECK(napi_get_value_double(env, argv[10], &beta));
  if (!get_f32(env, argv[6], &a, &a_len, "A") || !get_f32(env, argv[8], &b, &b_len, "B") || !get_f32(env, argv[11], &c, &c_len, "C")) return NULL;
  if (!get_int(env, argv[7], &lda, 1, "lda") || !get_int(env, argv[9], &ldb, 1, "ldb") || !get_int(env, argv[12], &ldc, 1, "ldc")) return NULL;
  /* Row-major: op(A) is m×k, stored as m×k (lda ≥ k) or, transposed, k×m (lda ≥ m). */
  int a_rows = trans_a ? k : m, a_cols = trans_a ? m : k;
  int b_rows = trans_b ? n : k, b_cols = trans_b ? k : n;
  if (lda < a_cols || ldb < b_cols || ldc < n) {
    napi_throw_range_error(env, NULL, "sgemm: a leading dimension is smaller than its matrix's row length");
    return NULL;
  }
  if (span(a_rows, a_cols, lda) > a_len || span(b_rows, b_cols, ldb) > b_len || span(m, n, ldc) > c_len) {
    napi_throw_range_error(env, NULL, "sgemm: a matrix does not fit in its Float32Array");
    return NULL;
  }
  if (m > 0 && n > 0) lrlab_sgemm(trans_a, trans_b, m, n, k, (float)alpha, a, lda, b, ldb, (float)beta, c, ldc);
  return NULL;
}

static napi_value get_threads(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value result;
  CHECK(napi_create_int32(env, openblas_get_num_threads(), &result));
  return result;
}

static napi_value set_threads(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  int threads;
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc != 1 || !get_int(env, argv[0], &threads, 1, "threads")) return NULL;
  unsigned int saved = flush_begin();
  openblas_set_num_threads(threads);
  flush_end(saved);
  return NULL;
}

napi_value register_blas(napi_env env, napi_value exports) {
  flush_subnormals_in_workers();
  napi_property_descriptor props[] = {
      {"sgemm", NULL, sgemm, NULL, NULL, NULL, napi_enumerable, NULL},
      {"getThreads", NULL, get_threads, NULL, NULL, NULL, napi_enumerable, NULL},
      {"setThreads", NULL, set_threads, NULL, NULL, NULL, napi_enumerable, NULL},
  };
  CHECK(napi_define_properties(env, exports, sizeof props / sizeof props[0], props));
  return exports;
}

void lrlab_flush_end(unsigned int saved) { flush_end(saved); }

int lrlab_threads(void) { return openblas_get_num_threads(); }
