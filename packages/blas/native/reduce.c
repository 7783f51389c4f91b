/*
 * Sums and means of a float32 array over any set of axes, for the blas backend's Sum and Mean
 * (batch norm's per-channel statistics, global average pooling, losses). The cpu backend first
 * transposes the reduced axes to the end, element by element; this accumulates in place instead.
 * Results are the cpu backend's bit for bit: each output accumulates its inputs in row order in
 * float64; a mean adds each input already divided by the count and rounded to float32, as the cpu
 * backend's Mean does.
 *
 * reduce(op, x, shape, steps, out): x has `shape` (row-major); moving one step along axis d moves
 *   the output offset by steps[d] (0 for a reduced axis, the output stride of a kept one); op 0
 *   sums, op 1 averages over count = |x| / |out| values.
 */
#include <stdlib.h>
#include "args.h"
#include "lrlab.h"

#define MAX_RANK 8

static napi_value reduce_axes(napi_env env, napi_callback_info info) {
  napi_value argv[5];
  if (!get_args(env, info, 5, argv, "reduce", "op, x, shape, steps, out")) return NULL;
  int op;
  float *x, *out;
  size_t n, n_out, rank, rank_steps;
  int32_t shape[MAX_RANK], steps[MAX_RANK];
  if (!get_int(env, argv[0], &op, 0, "op") || !get_f32(env, argv[1], &x, &n, "x") || !get_int32s(env, argv[2], shape, 1, MAX_RANK, &rank, "shape") ||
      !get_int32s(env, argv[3], steps, 1, MAX_RANK, &rank_steps, "steps") || !get_f32(env, argv[4], &out, &n_out, "out"))
    return NULL;
  if (op > 1) {
    napi_throw_range_error(env, NULL, "reduce: op must be 0 (sum) or 1 (mean)");
    return NULL;
  }
  /* Each step must keep the output offset in range: the largest offset is Σ steps·(shape − 1). */
  size_t size = 1, last = 0;
  bool ok = rank_steps == rank;
  for (size_t d = 0; ok && d < rank; d++) {
    ok = shape[d] >= 1 && steps[d] >= 0;
    size *= (size_t)shape[d];
    last += (size_t)steps[d] * (size_t)(shape[d] - 1);
  }
  if (!ok || size != n || n == 0 || n_out == 0 || last >= n_out) {
    napi_throw_range_error(env, NULL, "reduce: shape must match x, steps be >= 0 and keep every output offset inside out");
    return NULL;
  }
  double* acc = calloc(n_out, sizeof(double));
  if (acc == NULL) {
    napi_throw_error(env, NULL, "reduce: out of memory");
    return NULL;
  }
  const size_t inner = (size_t)shape[rank - 1], inner_step = (size_t)steps[rank - 1];
  const double count = (double)n / (double)n_out;
  int32_t index[MAX_RANK] = {0};
  size_t base = 0;
  for (size_t src = 0; src < n; src += inner) {
    const float* row = x + src;
    double* target = acc + base;
    if (op == 0) {
      for (size_t i = 0; i < inner; i++) target[i * inner_step] += row[i];
    } else {
      for (size_t i = 0; i < inner; i++) target[i * inner_step] += (float)(row[i] / count);
    }
    for (int d = (int)rank - 2; d >= 0; d--) {
      base += (size_t)steps[d];
      if (++index[d] < shape[d]) break;
      base -= (size_t)steps[d] * (size_t)shape[d];
      index[d] = 0;
    }
  }
  for (size_t j = 0; j < n_out; j++) out[j] = (float)acc[j];
  free(acc);
  return NULL;
}

napi_value register_reduce(napi_env env, napi_value exports) {
  napi_property_descriptor props[] = {
      {"reduce", NULL, reduce_axes, NULL, NULL, NULL, napi_enumerable, NULL},
  };
  CHECK(napi_define_properties(env, exports, sizeof props / sizeof props[0], props));
  return exports;
}
