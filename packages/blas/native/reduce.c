/*
 * Sums and means over the leading axes of a float32 array, for the blas backend's Sum and Mean
 * when they reduce every axis but the trailing ones (batch norm's per-channel statistics of NHWC
 * activations and their gradients). Results are the cpu backend's bit for bit: each output
 * accumulates its inputs in row order in float64; a mean adds each input already divided by the
 * count and rounded to float32, as the cpu backend's Mean does.
 *
 * reduceRows(op, x, out): out[j] = Σ_r x[r·|out| + j] (op 0, sum) or Σ_r fround(x[r·|out| + j] / rows)
 *   (op 1, mean), with rows = |x| / |out|.
 */
#include <stdlib.h>
#include "args.h"
#include "addon.h"

static napi_value reduce_rows(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value argv[3];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc != 3) {
    napi_throw_type_error(env, NULL, "reduceRows takes 3 arguments: op, x, out");
    return NULL;
  }
  int op;
  float *x, *out;
  size_t n, inner;
  if (!get_int(env, argv[0], &op, 0, "op")) return NULL;
  if (!get_f32(env, argv[1], &x, &n, "x") || !get_f32(env, argv[2], &out, &inner, "out")) return NULL;
  if (op > 1) {
    napi_throw_range_error(env, NULL, "reduceRows: op must be 0 (sum) or 1 (mean)");
    return NULL;
  }
  if (inner == 0 || n % inner != 0) {
    napi_throw_range_error(env, NULL, "reduceRows: out's length must divide x's");
    return NULL;
  }
  double* acc = calloc(inner, sizeof(double));
  if (acc == NULL) {
    napi_throw_error(env, NULL, "reduceRows: out of memory");
    return NULL;
  }
  const size_t rows = n / inner;
  const double count = (double)rows;
  for (size_t r = 0; r < rows; r++) {
    const float* row = x + r * inner;
    if (op == 0) {
      for (size_t j = 0; j < inner; j++) acc[j] += row[j];
    } else {
      for (size_t j = 0; j < inner; j++) acc[j] += (float)(row[j] / count);
    }
  }
  for (size_t j = 0; j < inner; j++) out[j] = (float)acc[j];
  free(acc);
  return NULL;
}

napi_value register_reduce(napi_env env, napi_value exports) {
  napi_property_descriptor props[] = {
      {"reduceRows", NULL, reduce_rows, NULL, NULL, NULL, napi_enumerable, NULL},
  };
  CHECK(napi_define_properties(env, exports, sizeof props / sizeof props[0], props));
  return exports;
}
