/*
 * Element-wise float32 loops for the blas backend's Add, Sub, Multiply, RealDiv, Relu, Step, Neg
 * and Square. The cpu backend runs one generic JavaScript loop for every op and array type, which V8
 * cannot specialise (~27 ns per element measured on a 400k-element Add); these are plain C loops
 * the compiler vectorises.
 *
 * They give the cpu backend's results bit for bit: it computes in float64 and rounds to float32,
 * and for +, −, × and ÷ of two float32 values rounding the exact float64 result once equals the
 * float32 operation (float64 has more than 2·24 + 2 bits). Contraction into fused multiply-adds is
 * off (binding.gyp), so every operation rounds as written.
 *
 * binary(op, a, b, out): out[i] = a[i mod |a|] op b[i mod |b|], where |a| or |b| equals |out| and
 *   the other divides it (the same shape, a scalar, or a trailing block that repeats).
 * unary(op, x, out, alpha): out[i] = op(x[i]) for relu, step (alpha at or below 0), neg, square.
 * broadcast(op, a, aShape, b, bShape, out, outShape): out = a op b with numpy broadcasting, for the
 *   broadcasts binary() does not cover (e.g. [n, 1, 1, c] against [n, h, w, c]); the shapes are
 *   Int32Arrays of one rank (at most 8), each of a's and b's sizes 1 or out's.
 * scaledAdd(alpha, x, y, out): out[i] = alpha·x[i] + y[i] with alpha rounded to float32 and both
 *   operations rounded, as tfjs's SGD update add(mul(−lr, gradient), value) computes it in two ops.
 * sgdStep(rule, learningRate, momentum, weightDecay, w, g, acc, wOut, accOut): one variable's SGD
 *   step in one pass, each operation rounded as tfjs's ops round it (see sgd_step_block).
 */
#include <math.h>
#include "args.h"
#include "lrlab.h"

/*
 * Elements per item of a parallel element-wise loop (128 KiB of each operand). Arrays of at least
 * two blocks run on the addon's worker pool (parallel.c), without flushing subnormals; each element
 * is computed alone, so the results do not depend on the thread count.
 */
#define PARALLEL_BLOCK 32768

enum binary_op { OP_ADD = 0, OP_SUB = 1, OP_MUL = 2, OP_DIV = 3 };
enum unary_op { OP_RELU = 0, OP_STEP = 1, OP_NEG = 2, OP_SQUARE = 3 };

/* One loop per op and layout: `full` op `full`, `full` op a repeating block, a block op `full`. */
#define BINARY_LOOPS(NAME, EXPR)                                                                  \
  static void NAME(const float* a, size_t la, const float* b, size_t lb, float* out, size_t n) { \
    if (la == n && lb == n) {                                                                     \
      for (size_t i = 0; i < n; i++) {                                                            \
        const float x = a[i], y = b[i];                                                           \
        out[i] = EXPR;                                                                            \
      }                                                                                           \
    } else if (la == n && lb == 1) {                                                              \
      const float y = b[0];                                                                       \
      for (size_t i = 0; i < n; i++) {                                                            \
        const float x = a[i];                                                                     \
        out[i] = EXPR;                                                                            \
      }                                                                                           \
    } else if (lb == n && la == 1) {                                                              \
      const float x = a[0];                                                                       \
      for (size_t i = 0; i < n; i++) {                                                            \
        const float y = b[i];                                                                     \
        out[i] = EXPR;                                                                            \
      }                                                                                           \
    } else if (la == n) {                                                                         \
      for (size_t start = 0; start < n; start += lb) {                                            \
        for (size_t j = 0; j < lb; j++) {                                                         \
          const float x = a[start + j], y = b[j];                                                 \
          out[start + j] = EXPR;                                                                  \
        }                                                                                         \
      }                                                                                           \
    } else {                                                                                      \
      for (size_t start = 0; start < n; start += la) {                                            \
        for (size_t j = 0; j < la; j++) {                                                         \
          const float x = a[j], y = b[start + j];                                                 \
          out[start + j] = EXPR;                                                                  \
        }                                                                                         \
      }                                                                                           \
    }                                                                                             \
  }

BINARY_LOOPS(add_loops, x + y)
BINARY_LOOPS(sub_loops, x - y)
BINARY_LOOPS(mul_loops, x * y)
BINARY_LOOPS(div_loops, x / y)

typedef struct {
  int op;
  const float* a;
  size_t la;
  const float* b;
  size_t lb;
  float* out;
  size_t n, block;
} binary_job;

static void binary_block(void* context, int item) {
  const binary_job* job = context;
  size_t first, last;
  lrlab_block_range(item, job->block, job->n, &first, &last);
  const size_t count = last - first;
  /* A full-length operand is offset to the block; a repeating one starts over (first is a multiple of its length). */
  const bool a_full = job->la == job->n, b_full = job->lb == job->n;
  const float* a = a_full ? job->a + first : job->a;
  const float* b = b_full ? job->b + first : job->b;
  const size_t la = a_full ? count : job->la, lb = b_full ? count : job->lb;
  float* out = job->out + first;
  switch (job->op) {
    case OP_ADD: add_loops(a, la, b, lb, out, count); break;
    case OP_SUB: sub_loops(a, la, b, lb, out, count); break;
    case OP_MUL: mul_loops(a, la, b, lb, out, count); break;
    default: div_loops(a, la, b, lb, out, count); break;
  }
}

static napi_value binary(napi_env env, napi_callback_info info) {
  napi_value argv[4];
  if (!get_args(env, info, 4, argv, "binary", "op, a, b, out")) return NULL;
  int op;
  float *a, *b, *out;
  size_t la, lb, n;
  if (!get_int(env, argv[0], &op, 0, "op")) return NULL;
  if (!get_f32(env, argv[1], &a, &la, "a") || !get_f32(env, argv[2], &b, &lb, "b") || !get_f32(env, argv[3], &out, &n, "out")) return NULL;
  if (op > OP_DIV) {
    napi_throw_range_error(env, NULL, "binary: op must be 0 (add), 1 (sub), 2 (mul) or 3 (div)");
    return NULL;
  }
  if (n == 0) return NULL;
  if ((la != n && lb != n) || la == 0 || lb == 0 || n % la != 0 || n % lb != 0) {
    napi_throw_range_error(env, NULL, "binary: a or b must be as long as out, and the other a divisor of its length");
    return NULL;
  }
  binary_job job = {op, a, la, b, lb, out, n, PARALLEL_BLOCK};
  /* Blocks start at multiples of the repeating operand's length, so each is a whole number of repeats. */
  const size_t repeat = la == n ? (lb == n ? 1 : lb) : la;
  job.block = (PARALLEL_BLOCK + repeat - 1) / repeat * repeat;
  lrlab_parallel_for((int)((n + job.block - 1) / job.block), binary_block, &job, false);
  return NULL;
}

typedef struct {
  int op;
  const float* x;
  float* out;
  size_t n;
  float alpha;
} unary_job;

static void unary_block(void* context, int item) {
  const unary_job* job = context;
  size_t first, last;
  lrlab_block_range(item, PARALLEL_BLOCK, job->n, &first, &last);
  const float* x = job->x;
  const float alpha = job->alpha;
  float* out = job->out;
  switch (job->op) {
    case OP_RELU: /* Math.max(0, x): NaN stays NaN, −0 becomes +0. */
      for (size_t i = first; i < last; i++) out[i] = x[i] > 0.0f ? x[i] : (isnan(x[i]) ? x[i] : 0.0f);
      break;
    case OP_STEP:
      for (size_t i = first; i < last; i++) out[i] = x[i] > 0.0f ? 1.0f : (isnan(x[i]) ? x[i] : alpha);
      break;
    case OP_NEG: /* −1 · x, as the cpu backend computes it. */
      for (size_t i = first; i < last; i++) out[i] = -x[i];
      break;
    default: /* x · x: the float64 product of two float32 values is exact, so rounding it once is the float32 product. */
      for (size_t i = first; i < last; i++) out[i] = x[i] * x[i];
      break;
  }
}

static napi_value unary(napi_env env, napi_callback_info info) {
  napi_value argv[4];
  if (!get_args(env, info, 4, argv, "unary", "op, x, out, alpha")) return NULL;
  int op;
  float *x, *out;
  size_t n, n_out;
  double alpha_in;
  if (!get_int(env, argv[0], &op, 0, "op")) return NULL;
  if (!get_f32(env, argv[1], &x, &n, "x") || !get_f32(env, argv[2], &out, &n_out, "out")) return NULL;
  CHECK(napi_get_value_double(env, argv[3], &alpha_in));
  if (op > OP_SQUARE) {
    napi_throw_range_error(env, NULL, "unary: op must be 0 (relu), 1 (step), 2 (neg) or 3 (square)");
    return NULL;
  }
  if (n != n_out) {
    napi_throw_range_error(env, NULL, "unary: x and out must have the same length");
    return NULL;
  }
  const unary_job job = {op, x, out, n, (float)alpha_in};
  lrlab_parallel_for((int)((n + PARALLEL_BLOCK - 1) / PARALLEL_BLOCK), unary_block, (void*)&job, false);
  return NULL;
}

#define MAX_RANK 8

/* Row-major strides of shape, 0 along axes of size 1 (broadcast). */
static size_t broadcast_strides(const int32_t* shape, size_t rank, size_t* strides) {
  size_t size = 1;
  for (int d = (int)rank - 1; d >= 0; d--) {
    strides[d] = shape[d] == 1 ? 0 : size;
    size *= (size_t)shape[d];
  }
  return size;
}

#define BROADCAST_LOOP(EXPR)                                                              \
  do {                                                                                    \
    for (size_t o = 0; o < n; o += inner) {                                               \
      const float* a_row = a + a_off;                                                     \
      const float* b_row = b + b_off;                                                     \
      for (size_t i = 0; i < inner; i++) {                                                \
        const float x = a_row[i * a_in], y = b_row[i * b_in];                            \
        out[o + i] = EXPR;                                                                \
      }                                                                                   \
      for (int d = (int)rank - 2; d >= 0; d--) {                                          \
        a_off += as[d];                                                                   \
        b_off += bs[d];                                                                   \
        if (++index[d] < out_shape[d]) break;                                             \
        a_off -= as[d] * (size_t)out_shape[d];                                            \
        b_off -= bs[d] * (size_t)out_shape[d];                                            \
        index[d] = 0;                                                                     \
      }                                                                                   \
    }                                                                                     \
  } while (0)

static napi_value broadcast(napi_env env, napi_callback_info info) {
  napi_value argv[7];
  if (!get_args(env, info, 7, argv, "broadcast", "op, a, aShape, b, bShape, out, outShape")) return NULL;
  int op;
  float *a, *b, *out;
  size_t la, lb, n, ra, rb, rank;
  int32_t a_shape[MAX_RANK], b_shape[MAX_RANK], out_shape[MAX_RANK];
  if (!get_int(env, argv[0], &op, 0, "op") || !get_f32(env, argv[1], &a, &la, "a") || !get_int32s(env, argv[2], a_shape, 1, MAX_RANK, &ra, "aShape") ||
      !get_f32(env, argv[3], &b, &lb, "b") || !get_int32s(env, argv[4], b_shape, 1, MAX_RANK, &rb, "bShape") || !get_f32(env, argv[5], &out, &n, "out") ||
      !get_int32s(env, argv[6], out_shape, 1, MAX_RANK, &rank, "outShape"))
    return NULL;
  bool ok = op <= OP_DIV && ra == rank && rb == rank;
  for (size_t d = 0; ok && d < rank; d++) {
    ok = out_shape[d] >= 1 && (a_shape[d] == 1 || a_shape[d] == out_shape[d]) && (b_shape[d] == 1 || b_shape[d] == out_shape[d]);
  }
  size_t as[MAX_RANK], bs[MAX_RANK], os[MAX_RANK];
  if (!ok || broadcast_strides(a_shape, rank, as) != la || broadcast_strides(b_shape, rank, bs) != lb || broadcast_strides(out_shape, rank, os) != n) {
    napi_throw_range_error(env, NULL, "broadcast: op must be 0 to 3, the shapes of one rank, a's and b's sizes 1 or out's, and each array as long as its shape");
    return NULL;
  }
  const size_t inner = (size_t)out_shape[rank - 1], a_in = as[rank - 1], b_in = bs[rank - 1];
  int32_t index[MAX_RANK] = {0};
  size_t a_off = 0, b_off = 0;
  switch (op) {
    case OP_ADD: BROADCAST_LOOP(x + y); break;
    case OP_SUB: BROADCAST_LOOP(x - y); break;
    case OP_MUL: BROADCAST_LOOP(x * y); break;
    default: BROADCAST_LOOP(x / y); break;
  }
  return NULL;
}

typedef struct {
  float alpha;
  const float *x, *y;
  float* out;
  size_t n;
} scaled_add_job;

static void scaled_add_block(void* context, int item) {
  const scaled_add_job* job = context;
  size_t first, last;
  lrlab_block_range(item, PARALLEL_BLOCK, job->n, &first, &last);
  const float alpha = job->alpha;
  for (size_t i = first; i < last; i++) {
    const float scaled = alpha * job->x[i];
    job->out[i] = scaled + job->y[i];
  }
}

static napi_value scaled_add(napi_env env, napi_callback_info info) {
  napi_value argv[4];
  if (!get_args(env, info, 4, argv, "scaledAdd", "alpha, x, y, out")) return NULL;
  double alpha_in;
  float *x, *y, *out;
  size_t nx, ny, n;
  CHECK(napi_get_value_double(env, argv[0], &alpha_in));
  if (!get_f32(env, argv[1], &x, &nx, "x") || !get_f32(env, argv[2], &y, &ny, "y") || !get_f32(env, argv[3], &out, &n, "out")) return NULL;
  if (nx != n || ny != n) {
    napi_throw_range_error(env, NULL, "scaledAdd: x, y and out must have the same length");
    return NULL;
  }
  const scaled_add_job job = {(float)alpha_in, x, y, out, n};
  lrlab_parallel_for((int)((n + PARALLEL_BLOCK - 1) / PARALLEL_BLOCK), scaled_add_block, (void*)&job, false);
  return NULL;
}

enum sgd_rule { RULE_SGD = 0, RULE_MOMENTUM = 1, RULE_NESTEROV = 2 };

typedef struct {
  int rule;
  bool decay;
  float c, m, wd;
  const float *w, *g, *acc;
  float *w_out, *acc_out;
  size_t n;
} sgd_step_job;

/*
 * With c = fround(−lr), m = fround(μ), wd = fround(wd), in the order of core's sgdStep fallback
 * (tfjs's MomentumOptimizer ops), each line one rounded float32 operation:
 *   g ← g + w·wd (only when wd ≠ 0); plain: w ← c·g + w;
 *   momentum: a ← m·a + g, w ← c·a + w;  Nesterov: a ← m·a + g, w ← c·(g + a·m) + w.
 */
static void sgd_step_block(void* context, int item) {
  const sgd_step_job* job = context;
  size_t first, last;
  lrlab_block_range(item, PARALLEL_BLOCK, job->n, &first, &last);
  const float c = job->c, m = job->m, wd = job->wd;
  for (size_t i = first; i < last; i++) {
    const float w = job->w[i];
    float g = job->g[i];
    if (job->decay) {
      const float decay = w * wd;
      g = g + decay;
    }
    float step = g;
    if (job->rule != RULE_SGD) {
      const float kept = m * job->acc[i];
      const float a = kept + g;
      job->acc_out[i] = a;
      if (job->rule == RULE_MOMENTUM) {
        step = a;
      } else {
        const float look = a * m;
        step = g + look;
      }
    }
    const float scaled = c * step;
    job->w_out[i] = scaled + w;
  }
}

static napi_value sgd_step(napi_env env, napi_callback_info info) {
  napi_value argv[9];
  if (!get_args(env, info, 9, argv, "sgdStep", "rule, learningRate, momentum, weightDecay, w, g, acc, wOut, accOut")) return NULL;
  int rule;
  double lr, momentum, weight_decay;
  float* arrays[5];
  size_t lengths[5];
  static const char* const names[5] = {"w", "g", "acc", "wOut", "accOut"};
  if (!get_int(env, argv[0], &rule, 0, "rule")) return NULL;
  CHECK(napi_get_value_double(env, argv[1], &lr));
  CHECK(napi_get_value_double(env, argv[2], &momentum));
  CHECK(napi_get_value_double(env, argv[3], &weight_decay));
  if (!get_f32s(env, argv + 4, 5, names, arrays, lengths)) return NULL;
  const size_t n = lengths[0];
  /* Plain SGD has no accumulations: acc and accOut are then empty. */
  const size_t n_acc = rule == RULE_SGD ? 0 : n;
  if (rule > RULE_NESTEROV || lengths[1] != n || lengths[3] != n || lengths[2] != n_acc || lengths[4] != n_acc) {
    napi_throw_range_error(env, NULL, "sgdStep: rule must be 0 (sgd), 1 (momentum) or 2 (nesterov); g and wOut as long as w; acc and accOut as long too, or empty for sgd");
    return NULL;
  }
  /* wd = 0 skips the term (g + w·0 would turn −0 into +0 and ±∞ weights into NaN), as the fallback does. */
  const sgd_step_job job = {rule, weight_decay != 0.0, (float)-lr, (float)momentum, (float)weight_decay,
                            arrays[0], arrays[1], arrays[2], arrays[3], arrays[4], n};
  lrlab_parallel_for((int)((n + PARALLEL_BLOCK - 1) / PARALLEL_BLOCK), sgd_step_block, (void*)&job, false);
  return NULL;
}

napi_value register_elementwise(napi_env env, napi_value exports) {
  napi_property_descriptor props[] = {
      {"scaledAdd", NULL, scaled_add, NULL, NULL, NULL, napi_enumerable, NULL},
      {"sgdStep", NULL, sgd_step, NULL, NULL, NULL, napi_enumerable, NULL},
      {"broadcast", NULL, broadcast, NULL, NULL, NULL, napi_enumerable, NULL},
      {"binary", NULL, binary, NULL, NULL, NULL, napi_enumerable, NULL},
      {"unary", NULL, unary, NULL, NULL, NULL, napi_enumerable, NULL},
  };
  CHECK(napi_define_properties(env, exports, sizeof props / sizeof props[0], props));
  return exports;
}
