/*
 * The blas backend's FusedBatchNorm: out[i] = offset + (x[i] − mean)·scale / √(variance + ε), each
 * per-channel array read cyclically (index i mod its length), computed in float64 and rounded
 * once, in the cpu backend's order of operations, so results are its bit for bit. √(variance + ε)
 * is the same for every element of a channel, so it is taken once per channel.
 *
 * batchNorm(x, mean, variance, scale, offset, out, epsilon)
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

napi_value register_batch_norm(napi_env env, napi_value exports) {
  napi_property_descriptor props[] = {
      {"batchNorm", NULL, batch_norm, NULL, NULL, NULL, napi_enumerable, NULL},
  };
  CHECK(napi_define_properties(env, exports, sizeof props / sizeof props[0], props));
  return exports;
}
