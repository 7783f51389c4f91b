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
 */
#include <math.h>
#include <stdlib.h>
#include "args.h"
#include "addon.h"

static napi_value batch_norm(napi_env env, napi_callback_info info) {
  size_t argc = 7;
  napi_value argv[7];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc != 7) {
    napi_throw_type_error(env, NULL, "batchNorm takes 7 arguments: x, mean, variance, scale, offset, out, epsilon");
    return NULL;
  }
  float *x, *mean, *variance, *scale, *offset, *out;
  size_t n, lm, lv, ls, lo, n_out;
  double epsilon;
  if (!get_f32(env, argv[0], &x, &n, "x") || !get_f32(env, argv[1], &mean, &lm, "mean") || !get_f32(env, argv[2], &variance, &lv, "variance") ||
      !get_f32(env, argv[3], &scale, &ls, "scale") || !get_f32(env, argv[4], &offset, &lo, "offset") || !get_f32(env, argv[5], &out, &n_out, "out"))
    return NULL;
  CHECK(napi_get_value_double(env, argv[6], &epsilon));
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

/* Reads argc Float32Arrays from argv into arrays/lengths, then epsilon from the last argument. */
static bool read_arrays(napi_env env, napi_callback_info info, size_t count, const char* usage, const char* const* names, float** arrays,
                        size_t* lengths, double* epsilon) {
  napi_value argv[12];
  size_t argc = 12;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc != count + 1) {
    napi_throw_type_error(env, NULL, usage);
    return false;
  }
  for (size_t i = 0; i < count; i++) {
    if (!get_f32(env, argv[i], &arrays[i], &lengths[i], names[i])) return false;
  }
  if (napi_get_value_double(env, argv[count], epsilon) != napi_ok) {
    napi_throw_type_error(env, NULL, "epsilon must be a number");
    return false;
  }
  return true;
}

static bool check(napi_env env, bool ok, const char* message) {
  if (!ok) napi_throw_range_error(env, NULL, message);
  return ok;
}

static napi_value batch_norm_train(napi_env env, napi_callback_info info) {
  static const char* const names[] = {"x", "scale", "offset", "y", "mean", "variance"};
  float* a[6];
  size_t len[6];
  double epsilon;
  if (!read_arrays(env, info, 6, "batchNormTrain takes 7 arguments: x, scale, offset, y, mean, variance, epsilon", names, a, len, &epsilon)) return NULL;
  const float *x = a[0], *scale = a[1], *offset = a[2];
  float *y = a[3], *mean = a[4], *variance = a[5];
  const size_t n = len[0], channels = len[1];
  if (!check(env, channels > 0 && n % channels == 0 && n > channels && len[2] == channels && len[4] == channels && len[5] == channels && len[3] == n,
             "batchNormTrain: scale, offset, mean and variance must have one value per channel, y x's length, and x more than one value per channel"))
    return NULL;
  const size_t rows = n / channels;
  double* acc = calloc(2 * channels, sizeof(double));
  if (acc == NULL) {
    napi_throw_error(env, NULL, "batchNormTrain: out of memory");
    return NULL;
  }
  double *sum = acc, *root = acc + channels;
  for (size_t r = 0; r < rows; r++)
    for (size_t c = 0; c < channels; c++) sum[c] += x[r * channels + c];
  for (size_t c = 0; c < channels; c++) mean[c] = (float)(sum[c] / (double)rows), sum[c] = 0;
  for (size_t r = 0; r < rows; r++) {
    for (size_t c = 0; c < channels; c++) {
      const double d = (double)x[r * channels + c] - (double)mean[c];
      sum[c] += d * d;
    }
  }
  for (size_t c = 0; c < channels; c++) {
    variance[c] = (float)(sum[c] / (double)rows);
    root[c] = (double)scale[c] / sqrt((double)variance[c] + epsilon);
  }
  for (size_t r = 0; r < rows; r++) {
    for (size_t c = 0; c < channels; c++) {
      const size_t i = r * channels + c;
      y[i] = (float)((double)offset[c] + ((double)x[i] - (double)mean[c]) * root[c]);
    }
  }
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

static napi_value batch_norm_grad(napi_env env, napi_callback_info info) {
  static const char* const names[] = {"dy", "x", "mean", "variance", "scale", "relu", "dx", "dScale", "dOffset"};
  float* a[9];
  size_t len[9];
  double epsilon;
  if (!read_arrays(env, info, 9, "batchNormGrad takes 10 arguments: dy, x, mean, variance, scale, relu, dx, dScale, dOffset, epsilon", names, a, len,
                   &epsilon))
    return NULL;
  const float *dy_in = a[0], *x = a[1], *mean = a[2], *variance = a[3], *scale = a[4], *relu = a[5];
  float *dx = a[6], *d_scale = a[7], *d_offset = a[8];
  const size_t n = len[1], channels = len[2];
  if (!check(env, channels > 0 && n % channels == 0 && len[0] == n && len[6] == n && (len[5] == 0 || len[5] == n) && len[3] == channels && len[4] == channels &&
                      len[7] == channels && len[8] == channels,
             "batchNormGrad: dy, dx and a non-empty relu must have x's length, and mean, variance, scale, dScale and dOffset one value per channel"))
    return NULL;
  const bool masked = len[5] != 0;
  const size_t rows = n / channels;
  double* acc = calloc(5 * channels, sizeof(double));
  if (acc == NULL) {
    napi_throw_error(env, NULL, "batchNormGrad: out of memory");
    return NULL;
  }
  double *r = acc, *sum_dy = acc + channels, *sum_dy_xhat = acc + 2 * channels, *a_c = acc + 3 * channels, *k = acc + 4 * channels;
  for (size_t c = 0; c < channels; c++) r[c] = 1.0 / sqrt((double)variance[c] + epsilon);
  for (size_t row = 0; row < rows; row++) {
    for (size_t c = 0; c < channels; c++) {
      const size_t i = row * channels + c;
      const double g = grad_at(dy_in, relu, masked, i);
      sum_dy[c] += g;
      sum_dy_xhat[c] += g * (((double)x[i] - (double)mean[c]) * r[c]);
    }
  }
  const double count = (double)rows;
  for (size_t c = 0; c < channels; c++) {
    d_offset[c] = (float)sum_dy[c];
    d_scale[c] = (float)sum_dy_xhat[c];
    a_c[c] = (double)scale[c] * r[c];
    sum_dy[c] /= count;      /* ∂β/n */
    k[c] = sum_dy_xhat[c] / count; /* ∂γ/n */
  }
  for (size_t row = 0; row < rows; row++) {
    for (size_t c = 0; c < channels; c++) {
      const size_t i = row * channels + c;
      const double xhat = ((double)x[i] - (double)mean[c]) * r[c];
      dx[i] = (float)(a_c[c] * (grad_at(dy_in, relu, masked, i) - sum_dy[c] - xhat * k[c]));
    }
  }
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
