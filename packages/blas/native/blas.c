/*
 * Row-major single-precision GEMM through OpenBLAS's cblas_sgemm on the addon's threads, the
 * thread count, and the kernel path results depend on, on Float32Arrays. Plain Node-API (node_api.h), so one build serves every Node
 * version with the same ABI.
 *
 * sgemm(transA, transB, m, n, k, alpha, A, lda, B, ldb, beta, C, ldc): C = alpha·op(A)·op(B) + beta·C.
 * A, B and C are Float32Arrays (they may be views at an offset into a larger buffer); the sizes
 * are checked against the leading dimensions before OpenBLAS is called, so a bad call throws a
 * RangeError instead of reading out of bounds.
 *
 * Products flush subnormal inputs and results to zero (x86's DAZ and FTZ bits, set in every thread
 * that runs a piece of the product, for the piece), as TensorFlow's CPU runtime and
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
#include "lrlab.h"

/* OpenBLAS's thread control (declared in its cblas.h, repeated in case another cblas.h is used). */
extern void openblas_set_num_threads(int num_threads);

/*
 * A product is cut into pieces by its shape alone, each an OpenBLAS sgemm on one thread, run on
 * the addon's pool (parallel.c). Why: OpenBLAS's own threads split a product by the thread count,
 * and its kernels round edge tiles differently from inner ones, so with 2 threads 5–55% of the
 * values of the same product differed from 1 thread's in the last bits (Haswell kernels on every
 * shape tested; SkylakeX kernels on a 50×200×2002 product). With pieces fixed by the shape, every
 * thread count computes the same pieces: the bits depend on the OpenBLAS core type (its kernels)
 * and version, never on the thread count.
 *
 * Pieces are blocks of rows of C (or of columns, where that makes more pieces), at least PIECE_MIN
 * wide, a power of two in number, at most PIECES_MAX, and with at least PIECE_WORK multiply-adds
 * each: smaller products stay one piece, as splitting them costs more than a second thread gains.
 */
#define PIECE_MIN 64
#define PIECE_WORK (1.0 * (1 << 22))
#define PIECES_MAX 32

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

static void flush_end(unsigned int saved) {
#ifdef HAS_MXCSR
  _mm_setcsr(saved);
#else
  (void)saved;
#endif
}

typedef struct {
  bool trans_a, trans_b, by_rows;
  int m, n, k, lda, ldb, ldc, piece;
  float alpha, beta;
  const float *a, *b;
  float* c;
} gemm_job;

/* Piece `item` of a product: rows [item·piece, …) of C, or its columns. */
static void gemm_piece(void* context, int item) {
  const gemm_job* job = context;
  const int first = item * job->piece;
  const CBLAS_TRANSPOSE ta = job->trans_a ? CblasTrans : CblasNoTrans, tb = job->trans_b ? CblasTrans : CblasNoTrans;
  if (job->by_rows) {
    const int rows = job->m - first < job->piece ? job->m - first : job->piece;
    /* Row i of op(A) is row i of A, or column i when A is stored transposed (k × m). */
    const float* a = job->a + (job->trans_a ? (size_t)first : (size_t)first * job->lda);
    cblas_sgemm(CblasRowMajor, ta, tb, rows, job->n, job->k, job->alpha, a, job->lda, job->b, job->ldb, job->beta,
                job->c + (size_t)first * job->ldc, job->ldc);
  } else {
    const int cols = job->n - first < job->piece ? job->n - first : job->piece;
    const float* b = job->b + (job->trans_b ? (size_t)first * job->ldb : (size_t)first);
    cblas_sgemm(CblasRowMajor, ta, tb, job->m, cols, job->k, job->alpha, job->a, job->lda, b, job->ldb, job->beta, job->c + first,
                job->ldc);
  }
}

/* How many pieces a dimension of `length` is cut into for a product of `work` multiply-adds. */
static int pieces_along(int length, double work) {
  double most = length / PIECE_MIN;
  if (work / PIECE_WORK < most) most = work / PIECE_WORK;
  if (most > PIECES_MAX) most = PIECES_MAX;
  int pieces = 1;
  while (pieces * 2 <= most) pieces *= 2;
  return pieces;
}

/* The job of one product of this shape (m, n > 0), cut by its shape alone; its piece count in `count`. */
static gemm_job plan_product(bool trans_a, bool trans_b, int m, int n, int k, float alpha, const float* a, int lda, const float* b, int ldb,
                             float beta, float* c, int ldc, int* count) {
  const double work = (double)m * n * k;
  const int by_rows_pieces = pieces_along(m, work), by_columns_pieces = pieces_along(n, work);
  const bool by_rows = by_rows_pieces >= by_columns_pieces;
  const int pieces = by_rows ? by_rows_pieces : by_columns_pieces, length = by_rows ? m : n;
  /* A multiple of PIECE_MIN, so pieces start on whole kernel tiles (4–16 wide in OpenBLAS). */
  int piece = (length + pieces - 1) / pieces;
  piece = (piece + PIECE_MIN - 1) / PIECE_MIN * PIECE_MIN;
  *count = (length + piece - 1) / piece;
  const gemm_job job = {trans_a, trans_b, by_rows, m, n, k, lda, ldb, ldc, piece, alpha, beta, a, b, c};
  return job;
}

void lrlab_sgemm(bool trans_a, bool trans_b, int m, int n, int k, float alpha, const float* a, int lda, const float* b, int ldb,
                 float beta, float* c, int ldc) {
  if (m <= 0 || n <= 0) return; /* an empty result: nothing to write (and no piece size to divide by) */
  int count;
  const gemm_job job = plan_product(trans_a, trans_b, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, &count);
  lrlab_parallel_for(count, gemm_piece, (void*)&job, true);
}

/*
 * A batch of products of one shape (C_i = α·op(A_i)·op(B_i) + β·C_i, matrices `stride` elements
 * apart, a stride of 0 repeating one matrix): every product is cut into exactly the pieces
 * lrlab_sgemm cuts it into alone, so each C_i has the bits of its own call, and all the pieces of
 * the batch share one parallel loop, so a batch of small products uses every thread where one
 * small product runs on one.
 */
typedef struct {
  gemm_job one;
  int pieces;
  size_t stride_a, stride_b, stride_c;
} gemm_batch_job;

static void gemm_batch_piece(void* context, int item) {
  const gemm_batch_job* job = context;
  const size_t i = (size_t)(item / job->pieces);
  gemm_job slice = job->one;
  slice.a = job->one.a + i * job->stride_a;
  slice.b = job->one.b + i * job->stride_b;
  slice.c = job->one.c + i * job->stride_c;
  gemm_piece(&slice, item % job->pieces);
}

static void lrlab_sgemm_batched(int batch, bool trans_a, bool trans_b, int m, int n, int k, float alpha, const float* a, size_t stride_a, int lda,
                         const float* b, size_t stride_b, int ldb, float beta, float* c, size_t stride_c, int ldc) {
  if (batch <= 0 || m <= 0 || n <= 0) return;
  int count;
  const gemm_job one = plan_product(trans_a, trans_b, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, &count);
  const gemm_batch_job job = {one, count, stride_a, stride_b, stride_c};
  lrlab_parallel_for(batch * job.pieces, gemm_batch_piece, (void*)&job, true);
}

/* Elements a row-major matrix of `rows` rows with leading dimension `ld` and `cols` used columns spans. */
static size_t span(int rows, int cols, int ld) {
  return rows == 0 || cols == 0 ? 0 : (size_t)(rows - 1) * (size_t)ld + (size_t)cols;
}

static napi_value sgemm(napi_env env, napi_callback_info info) {
  napi_value argv[13];
  if (!get_args(env, info, 13, argv, "sgemm", "transA, transB, m, n, k, alpha, A, lda, B, ldb, beta, C, ldc")) return NULL;
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
  lrlab_sgemm(trans_a, trans_b, m, n, k, (float)alpha, a, lda, b, ldb, (float)beta, c, ldc);
  return NULL;
}

static napi_value sgemm_batched(napi_env env, napi_callback_info info) {
  napi_value argv[17];
  if (!get_args(env, info, 17, argv, "sgemmBatched", "batch, transA, transB, m, n, k, alpha, A, strideA, lda, B, strideB, ldb, beta, C, strideC, ldc"))
    return NULL;
  bool trans_a = false, trans_b = false;
  CHECK(napi_get_value_bool(env, argv[1], &trans_a));
  CHECK(napi_get_value_bool(env, argv[2], &trans_b));
  int batch, m, n, k, lda, ldb, ldc, stride_a, stride_b, stride_c;
  double alpha, beta;
  float *a, *b, *c;
  size_t a_len, b_len, c_len;
  if (!get_int(env, argv[0], &batch, 0, "batch") || !get_int(env, argv[3], &m, 0, "m") || !get_int(env, argv[4], &n, 0, "n") || !get_int(env, argv[5], &k, 0, "k"))
    return NULL;
  CHECK(napi_get_value_double(env, argv[6], &alpha));
  CHECK(napi_get_value_double(env, argv[13], &beta));
  if (!get_f32(env, argv[7], &a, &a_len, "A") || !get_f32(env, argv[10], &b, &b_len, "B") || !get_f32(env, argv[14], &c, &c_len, "C")) return NULL;
  if (!get_int(env, argv[8], &stride_a, 0, "strideA") || !get_int(env, argv[11], &stride_b, 0, "strideB") || !get_int(env, argv[15], &stride_c, 0, "strideC"))
    return NULL;
  if (!get_int(env, argv[9], &lda, 1, "lda") || !get_int(env, argv[12], &ldb, 1, "ldb") || !get_int(env, argv[16], &ldc, 1, "ldc")) return NULL;
  int a_rows = trans_a ? k : m, a_cols = trans_a ? m : k;
  int b_rows = trans_b ? n : k, b_cols = trans_b ? k : n;
  if (lda < a_cols || ldb < b_cols || ldc < n) {
    napi_throw_range_error(env, NULL, "sgemmBatched: a leading dimension is smaller than its matrix's row length");
    return NULL;
  }
  const size_t last = batch > 0 ? (size_t)(batch - 1) : 0;
  if (batch > 0 && (last * (size_t)stride_a + span(a_rows, a_cols, lda) > a_len || last * (size_t)stride_b + span(b_rows, b_cols, ldb) > b_len ||
                    last * (size_t)stride_c + span(m, n, ldc) > c_len)) {
    napi_throw_range_error(env, NULL, "sgemmBatched: a matrix of the batch does not fit in its Float32Array");
    return NULL;
  }
  if (batch > 1 && stride_c < (int)span(m, n, ldc)) {
    napi_throw_range_error(env, NULL, "sgemmBatched: the products of the batch would overlap in C (strideC too small)");
    return NULL;
  }
  lrlab_sgemm_batched(batch, trans_a, trans_b, m, n, k, (float)alpha, a, (size_t)stride_a, lda, b, (size_t)stride_b, ldb, (float)beta, c,
                      (size_t)stride_c, ldc);
  return NULL;
}

static napi_value get_threads(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value result;
  CHECK(napi_create_int32(env, lrlab_threads(), &result));
  return result;
}

static napi_value set_threads(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  int threads;
  if (!get_args(env, info, 1, argv, "setThreads", "threads") || !get_int(env, argv[0], &threads, 1, "threads")) return NULL;
  lrlab_set_threads(threads);
  return NULL;
}

napi_value register_blas(napi_env env, napi_value exports) {
  /* Every product runs on OpenBLAS's calling thread: the pool splits them (see PIECE_MIN). */
  openblas_set_num_threads(1);
  napi_property_descriptor props[] = {
      {"sgemm", NULL, sgemm, NULL, NULL, NULL, napi_enumerable, NULL},
      {"sgemmBatched", NULL, sgemm_batched, NULL, NULL, NULL, napi_enumerable, NULL},
      {"getThreads", NULL, get_threads, NULL, NULL, NULL, napi_enumerable, NULL},
      {"setThreads", NULL, set_threads, NULL, NULL, NULL, napi_enumerable, NULL},
  };
  CHECK(napi_define_properties(env, exports, sizeof props / sizeof props[0], props));
  return exports;
}

void lrlab_flush_end(unsigned int saved) { flush_end(saved); }
