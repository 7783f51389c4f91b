/*
 * Batch norm for the blas backend.
 *
 * batchNorm(x, mean, variance, scale, offset, out, epsilon): tfjs's FusedBatchNorm,
 *   out[i] = offset + (x[i] − mean)·scale / √(variance + ε), each per-channel array read cyclically
 *   (index i mod its length), computed in float64 and rounded once, in the cpu backend's order of
 *   operations, so results are its bit for bit. √(variance + ε) is taken once per channel.
 *
 * With C channels (the last axis) and n = |x| / C values per channel, core's fused training kernels:
 *
 * batchNormTrain(x, scale, offset, y, mean, variance, epsilon): the batch mean μ and biased
 *   variance σ² per channel (two passes, float64 sums), then y = offset + (x − μ)·scale·r with
 *   r = 1/√(σ² + ε), using μ and σ² rounded to float32 as they are returned.
 * batchNormGrad(dy, x, mean, variance, scale, relu, dx, dScale, dOffset, epsilon): with x̂ = (x − μ)·r,
 *   ∂β = Σ dy, ∂γ = Σ dy·x̂ (one pass, float64), then ∂x = γ·r·(dy − ∂β/n − x̂·∂γ/n). When `relu`
 *   (the output of a ReLU after the batch norm) is not empty, dy is first replaced by
 *   dy·step(relu) in float32, as tfjs's ReLU gradient computes it (NaN where relu is NaN).
 *
 * The training kernels run on the worker pool in blocks of rows (see BLOCK_ROWS), without flushing
 * subnormals.
 */
#include <math.h>
#include <stdlib.h>
#include "args.h"
#include "lrlab.h"

/* The most Float32Arrays a batch norm function takes (batchNormGrad's 9). */
#define MAX_ARRAYS 9

/*
 * The arguments of every batch norm function: `count` (at most MAX_ARRAYS) Float32Arrays named
 * names[i], read into arrays and lengths, then epsilon. fn and params name them in the TypeError of
 * a call with the wrong number of arguments.
 */
static bool read_arrays(napi_env env, napi_callback_info info, const char* fn, const char* params, size_t count, const char* const* names,
                        float** arrays, size_t* lengths, double* epsilon) {
  napi_value argv[MAX_ARRAYS + 1];
  if (!get_args(env, info, count + 1, argv, fn, params) || !get_f32s(env, argv, count, names, arrays, lengths)) return false;
  if (napi_get_value_double(env, argv[count], epsilon) != napi_ok) {
    napi_throw_type_error(env, NULL, "epsilon must be a number");
    return false;
  }
  return true;
}

static napi_value batch_norm(napi_env env, napi_callback_info info) {
  static const char* const names[] = {"x", "mean", "variance", "scale", "offset", "out"};
  float* a[6];
  size_t len[6];
  double epsilon;
  if (!read_arrays(env, info, "batchNorm", "x, mean, variance, scale, offset, out, epsilon", 6, names, a, len, &epsilon)) return NULL;
  float *x = a[0], *mean = a[1], *variance = a[2], *scale = a[3], *offset = a[4], *out = a[5];
  const size_t n = len[0], lm = len[1], lv = len[2], ls = len[3], lo = len[4], n_out = len[5];
  if (n != n_out || lm == 0 || lv == 0 || ls == 0 || lo == 0) {
    napi_throw_range_error(env, NULL, "batchNorm: out must be as long as x, and mean, variance, scale and offset non-empty");
    return NULL;
  }
  double* root = malloc(lv * sizeof(double));
  if (root == NULL) {
    napi_throw_error(env, NULL, "batchNorm: out of memory");
    return NULL;
  }
  for (size_t v = 0; v < lv; v++) root[v] = sqrt((double)variance[v] + epsilon);
  if (lm == lv && ls == lv && lo == lv && n % lv == 0) {
    /* Every per-channel array has one value per channel: one pass per row of channels. */
    for (size_t start = 0; start < n; start += lv) {
      for (size_t c = 0; c < lv; c++) {
        out[start + c] = (float)((double)offset[c] + ((double)x[start + c] - (double)mean[c]) * (double)scale[c] / root[c]);
      }
    }
  } else {
    size_t mi = 0, vi = 0, si = 0, oi = 0;
    for (size_t i = 0; i < n; i++) {
      out[i] = (float)((double)offset[oi] + ((double)x[i] - (double)mean[mi]) * (double)scale[si] / root[vi]);
      if (++oi == lo) oi = 0;
      if (++mi == lm) mi = 0;
      if (++si == ls) si = 0;
      if (++vi == lv) vi = 0;
    }
  }
  free(root);
  return NULL;
}

static bool check(napi_env env, bool ok, const char* message) {
  if (!ok) napi_throw_range_error(env, NULL, message);
  return ok;
}

/*
 * Rows of x per block of the training kernels' passes. The per-channel sums are taken block by
 * block, on the worker pool, and the blocks' sums added in block order, so results do not depend
 * on the thread count (and equal one sequential pass when there is one block).
 */
#define BLOCK_ROWS 512

typedef struct {
  const float *x, *dy, *relu, *mean, *scale, *offset;
  float *y, *dx;
  bool masked;
  size_t rows, channels;
  double* partial;       /* per block, `stride` sums (two sets for the gradient), each block on its own cache lines */
  size_t stride;
  const double* factor;  /* per channel: scale·r (forward); scale·r, r, ∂β/n, ∂γ/n (gradient) */
} bn_job;

static size_t blocks_of(size_t rows) { return (rows + BLOCK_ROWS - 1) / BLOCK_ROWS; }

/* Doubles per set of per-channel sums: whole 64-byte cache lines, so threads never share one. */
static size_t stride_of(size_t channels) { return (channels + 7) / 8 * 8; }

/* `count` doubles on 64-byte boundaries (NULL when out of memory). */
static double* lines_alloc(size_t count) {
  const size_t bytes = (count * sizeof(double) + 63) / 64 * 64;
  return aligned_alloc(64, bytes);
}

/* Rows [first, last) of block `item`. */
static void block_rows(const bn_job* job, int item, size_t* first, size_t* last) {
  lrlab_block_range(item, BLOCK_ROWS, job->rows, first, last);
}

static void train_sum(void* context, int item) {
  const bn_job* job = context;
  size_t first, last;
  block_rows(job, item, &first, &last);
  const size_t channels = job->channels;
  double* sum = job->partial + (size_t)item * job->stride;
  for (size_t c = 0; c < channels; c++) sum[c] = 0;
  for (size_t r = first; r < last; r++)
    for (size_t c = 0; c < channels; c++) sum[c] += job->x[r * channels + c];
}

static void train_square_sum(void* context, int item) {
  const bn_job* job = context;
  size_t first, last;
  block_rows(job, item, &first, &last);
  const size_t channels = job->channels;
  double* sum = job->partial + (size_t)item * job->stride;
  for (size_t c = 0; c < channels; c++) sum[c] = 0;
  for (size_t r = first; r < last; r++) {
    for (size_t c = 0; c < channels; c++) {
      const double d = (double)job->x[r * channels + c] - (double)job->mean[c];
      sum[c] += d * d;
    }
  }
}

static void train_output(void* context, int item) {
  const bn_job* job = context;
  size_t first, last;
  block_rows(job, item, &first, &last);
  const size_t channels = job->channels;
  for (size_t r = first; r < last; r++) {
    for (size_t c = 0; c < channels; c++) {
      const size_t i = r * channels + c;
      job->y[i] = (float)((double)job->offset[c] + ((double)job->x[i] - (double)job->mean[c]) * job->factor[c]);
    }
  }
}

/* total[c] = Σ over blocks, in block order, of partial[block·stride + c]. */
static void add_blocks(const double* partial, size_t blocks, size_t stride, size_t channels, double* total) {
  for (size_t c = 0; c < channels; c++) total[c] = 0;
  for (size_t b = 0; b < blocks; b++)
    for (size_t c = 0; c < channels; c++) total[c] += partial[b * stride + c];
}

static napi_value batch_norm_train(napi_env env, napi_callback_info info) {
  static const char* const names[] = {"x", "scale", "offset", "y", "mean", "variance"};
  float* a[6];
  size_t len[6];
  double epsilon;
  if (!read_arrays(env, info, "batchNormTrain", "x, scale, offset, y, mean, variance, epsilon", 6, names, a, len, &epsilon)) return NULL;
  float *mean = a[4], *variance = a[5];
  const size_t n = len[0], channels = len[1];
  if (!check(env, channels > 0 && n % channels == 0 && n > channels && len[2] == channels && len[4] == channels && len[5] == channels && len[3] == n,
             "batchNormTrain: scale, offset, mean and variance must have one value per channel, y x's length, and x more than one value per channel"))
    return NULL;
  const size_t rows = n / channels, blocks = blocks_of(rows);
  const size_t stride = stride_of(channels);
  double* acc = lines_alloc((blocks + 2) * stride);
  if (acc == NULL) {
    napi_throw_error(env, NULL, "batchNormTrain: out of memory");
    return NULL;
  }
  double *sum = acc + blocks * stride, *factor = sum + stride;
  bn_job job = {.x = a[0], .mean = mean, .scale = a[1], .offset = a[2], .y = a[3], .rows = rows, .channels = channels, .partial = acc, .stride = stride,
                .factor = factor};
  lrlab_parallel_for((int)blocks, train_sum, &job, false);
  add_blocks(acc, blocks, stride, channels, sum);
  for (size_t c = 0; c < channels; c++) mean[c] = (float)(sum[c] / (double)rows);
  lrlab_parallel_for((int)blocks, train_square_sum, &job, false);
  add_blocks(acc, blocks, stride, channels, sum);
  for (size_t c = 0; c < channels; c++) {
    variance[c] = (float)(sum[c] / (double)rows);
    factor[c] = (double)job.scale[c] / sqrt((double)variance[c] + epsilon);
  }
  lrlab_parallel_for((int)blocks, train_output, &job, false);
  free(acc);
  return NULL;
}

/* dy[i], masked as tfjs's ReLU gradient does, dy·step(relu): 1 above 0, 0 at or below, NaN for NaN. */
static inline double grad_at(const float* dy, const float* relu, bool masked, size_t i) {
  if (!masked) return dy[i];
  /* Written as selects, not branches: half the signs of a ReLU's input are unpredictable. */
  const float r = relu[i];
  float step = r > 0.0f ? 1.0f : 0.0f;
  step = r != r ? r : step;
  return dy[i] * step;
}

/* factor holds 4 arrays of `channels`: a = γ·r, r, ∂β/n, ∂γ/n. */
enum { FACTOR_A = 0, FACTOR_R = 1, FACTOR_MEAN_DY = 2, FACTOR_MEAN_DY_XHAT = 3 };

static void grad_sums(void* context, int item) {
  const bn_job* job = context;
  size_t first, last;
  block_rows(job, item, &first, &last);
  const size_t channels = job->channels;
  const double* r = job->factor + FACTOR_R * channels;
  double* sum_dy = job->partial + (size_t)item * 2 * job->stride;
  double* sum_dy_xhat = sum_dy + job->stride;
  for (size_t c = 0; c < channels; c++) sum_dy[c] = 0, sum_dy_xhat[c] = 0;
  for (size_t row = first; row < last; row++) {
    for (size_t c = 0; c < channels; c++) {
      const size_t i = row * channels + c;
      const double g = grad_at(job->dy, job->relu, job->masked, i);
      sum_dy[c] += g;
      sum_dy_xhat[c] += g * (((double)job->x[i] - (double)job->mean[c]) * r[c]);
    }
  }
}

static void grad_output(void* context, int item) {
  const bn_job* job = context;
  size_t first, last;
  block_rows(job, item, &first, &last);
  const size_t channels = job->channels;
  const double *a_c = job->factor, *r = a_c + FACTOR_R * channels, *mean_dy = a_c + FACTOR_MEAN_DY * channels,
               *k = a_c + FACTOR_MEAN_DY_XHAT * channels;
  for (size_t row = first; row < last; row++) {
    for (size_t c = 0; c < channels; c++) {
      const size_t i = row * channels + c;
      const double xhat = ((double)job->x[i] - (double)job->mean[c]) * r[c];
      job->dx[i] = (float)(a_c[c] * (grad_at(job->dy, job->relu, job->masked, i) - mean_dy[c] - xhat * k[c]));
    }
  }
}

static napi_value batch_norm_grad(napi_env env, napi_callback_info info) {
  static const char* const names[] = {"dy", "x", "mean", "variance", "scale", "relu", "dx", "dScale", "dOffset"};
  float* a[9];
  size_t len[9];
  double epsilon;
  if (!read_arrays(env, info, "batchNormGrad", "dy, x, mean, variance, scale, relu, dx, dScale, dOffset, epsilon", 9, names, a, len, &epsilon))
    return NULL;
  const float *variance = a[3], *scale = a[4];
  float *d_scale = a[7], *d_offset = a[8];
  const size_t n = len[1], channels = len[2];
  if (!check(env, channels > 0 && n % channels == 0 && len[0] == n && len[6] == n && (len[5] == 0 || len[5] == n) && len[3] == channels && len[4] == channels &&
                      len[7] == channels && len[8] == channels,
             "batchNormGrad: dy, dx and a non-empty relu must have x's length, and mean, variance, scale, dScale and dOffset one value per channel"))
    return NULL;
  const size_t rows = n / channels, blocks = blocks_of(rows);
  const size_t stride = stride_of(channels);
  double* acc = lines_alloc((2 * blocks + 6) * stride);
  if (acc == NULL) {
    napi_throw_error(env, NULL, "batchNormGrad: out of memory");
    return NULL;
  }
  double *sum_dy = acc + 2 * blocks * stride, *sum_dy_xhat = sum_dy + stride, *factor = sum_dy_xhat + stride;
  double *a_c = factor, *r = factor + FACTOR_R * channels, *mean_dy = factor + FACTOR_MEAN_DY * channels, *k = factor + FACTOR_MEAN_DY_XHAT * channels;
  for (size_t c = 0; c < channels; c++) r[c] = 1.0 / sqrt((double)variance[c] + epsilon);
  bn_job job = {.dy = a[0], .x = a[1], .mean = a[2], .relu = a[5], .dx = a[6], .masked = len[5] != 0, .rows = rows, .channels = channels, .partial = acc,
                .stride = stride, .factor = factor};
  lrlab_parallel_for((int)blocks, grad_sums, &job, false);
  add_blocks(acc, blocks, 2 * stride, channels, sum_dy);
  add_blocks(acc + stride, blocks, 2 * stride, channels, sum_dy_xhat);
  const double count = (double)rows;
  for (size_t c = 0; c < channels; c++) {
    d_offset[c] = (float)sum_dy[c];
    d_scale[c] = (float)sum_dy_xhat[c];
    a_c[c] = (double)scale[c] * r[c];
    mean_dy[c] = sum_dy[c] / count;
    k[c] = sum_dy_xhat[c] / count;
  }
  lrlab_parallel_for((int)blocks, grad_output, &job, false);
  free(acc);
  return NULL;
}

napi_value register_batch_norm(napi_env env, napi_value exports) {
  napi_property_descriptor props[] = {
      {"batchNorm", NULL, batch_norm, NULL, NULL, NULL, napi_enumerable, NULL},
      {"batchNormTrain", NULL, batch_norm_train, NULL, NULL, NULL, napi_enumerable, NULL},
      {"batchNormGrad", NULL, batch_norm_grad, NULL, NULL, NULL, napi_enumerable, NULL},
  };
  CHECK(napi_define_properties(env, exports, sizeof props / sizeof props[0], props));
  return exports;
}
