/*
 * NHWC convolutions (dilation 1) as GEMMs over im2col blocks, for the blas backend's Conv2D,
 * Conv2DBackpropFilter and Conv2DBackpropInput. With M = batch·outHeight·outWidth and
 * K = filterHeight·filterWidth·inChannels, row m of the [M, K] im2col matrix holds the input
 * window under output position m in (fh, fw, c) order, zeros where it covers padding; the filter
 * [fh, fw, ci, co] is already K×co in row-major order. Then
 *
 *   y[M, co]  = cols · W             conv2d(x, filter, y, dims)
 *   dW[K, co] = colsᵀ · dy           conv2dBackpropFilter(x, dy, dW, dims)
 *   dx        = col2im(dy · Wᵀ)      conv2dBackpropInput(dy, filter, dx, dims)
 *
 * (with stride 1, dx is computed as the convolution of dy with the flipped filter instead).
 *
 * The im2col matrix is never built whole (for WRN-16-1's first stage at batch 32 it would be
 * 19 MB, filled and paged in for every call, which took longer than the GEMMs): blocks of rows
 * of about 4 MiB are built in one reused buffer and multiplied in turn, so the data stays in cache.
 * A 1×1 filter with stride 1 and no padding needs no im2col at all: x is the matrix.
 *
 * Where the addon was built with oneDNN 2.x (onednn.c), the forward pass and the input gradient
 * run there instead, on oneDNN's own layouts (2–3× faster than the kernels below, reorders
 * included); the filter gradient stays here.
 *
 * Narrow layers (16–64 output channels, a multiple of 16) skip im2col and the GEMM: the forward
 * pass, the stride-1 input gradient (a forward convolution) and, on maps 16+ wide, the filter
 * gradient run as direct convolutions (direct-conv.c), 2–3× faster there.
 *
 * dims: an Int32Array [batch, inHeight, inWidth, inChannels, outHeight, outWidth, filterHeight,
 * filterWidth, strideHeight, strideWidth, padTop, padLeft, outChannels].
 */
#include <stdlib.h>
#include <string.h>
#include "args.h"
#include "lrlab.h"

#define DIMS 13
/* Bytes of im2col rows built per GEMM. */
#define BLOCK_BYTES (4u << 20)

typedef lrlab_conv_geometry conv_dims;

static bool get_dims(napi_env env, napi_value value, conv_dims* d) {
  int32_t v[DIMS];
  size_t length;
  if (!get_int32s(env, value, v, DIMS, DIMS, &length, "dims")) return false;
  for (int i = 0; i < DIMS; i++) {
    if (v[i] < (i == 10 || i == 11 ? 0 : 1)) {
      napi_throw_range_error(env, NULL, "dims: sizes, strides and channels must be >= 1 and paddings >= 0");
      return false;
    }
  }
  *d = (conv_dims){v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11], v[12], 0, 0};
  d->rows = (size_t)d->batch * d->out_h * d->out_w;
  d->depth = (size_t)d->f_h * d->f_w * d->in_c;
  if (d->rows > INT32_MAX || d->depth > INT32_MAX) {
    napi_throw_range_error(env, NULL, "dims: the convolution is too large for one GEMM");
    return false;
  }
  return true;
}

static size_t image_size(const conv_dims* d) { return (size_t)d->batch * d->in_h * d->in_w * d->in_c; }

static bool check_length(napi_env env, size_t actual, size_t expected, const char* name) {
  if (actual == expected) return true;
  char message[96];
  snprintf(message, sizeof message, "conv: %s has %zu values, dims give %zu", name, actual, expected);
  napi_throw_range_error(env, NULL, message);
  return false;
}

static bool pointwise(const conv_dims* d) {
  return d->f_h == 1 && d->f_w == 1 && d->stride_h == 1 && d->stride_w == 1 && d->pad_top == 0 && d->pad_left == 0;
}

static size_t block_rows(const conv_dims* d) {
  size_t rows = BLOCK_BYTES / (d->depth * sizeof(float));
  if (rows < 64) rows = 64;
  return rows < d->rows ? rows : d->rows;
}

/*
 * For rows [first, first + count) of the im2col matrix, calls VISIT(col, pixel, length) for each
 * run of `length` values at column offset `col` of the block (row-major, K columns) that lies on
 * input values starting at `pixel`, and PAD(col, length) for each run over padding, in (b, oh, ow,
 * fh, fw) order.
 */
#define FOR_EACH_RUN(d, first, count, VISIT, PAD)                                                    \
  do {                                                                                               \
    const size_t row_stride_ = (size_t)(d)->in_w * (d)->in_c;                                       \
    const size_t window_ = (size_t)(d)->f_w * (d)->in_c;                                            \
    size_t col_ = 0;                                                                                 \
    for (size_t m_ = (first); m_ < (first) + (count); m_++) {                                        \
      const int ow_ = (int)(m_ % (size_t)(d)->out_w);                                                \
      const int oh_ = (int)((m_ / (size_t)(d)->out_w) % (size_t)(d)->out_h);                         \
      const size_t image_ = (m_ / ((size_t)(d)->out_w * (d)->out_h)) * (d)->in_h * row_stride_;      \
      const int top_ = oh_ * (d)->stride_h - (d)->pad_top;                                           \
      const int left_ = ow_ * (d)->stride_w - (d)->pad_left;                                         \
      const int inside_ = left_ >= 0 && left_ + (d)->f_w <= (d)->in_w;                               \
      for (int fh_ = 0; fh_ < (d)->f_h; fh_++, col_ += window_) {                                    \
        const int ih_ = top_ + fh_;                                                                  \
        if (ih_ < 0 || ih_ >= (d)->in_h) {                                                           \
          PAD(col_, window_);                                                                        \
        } else if (inside_) {                                                                        \
          VISIT(col_, image_ + ih_ * row_stride_ + (size_t)left_ * (d)->in_c, window_);              \
        } else {                                                                                     \
          for (int fw_ = 0; fw_ < (d)->f_w; fw_++) {                                                 \
            const int iw_ = left_ + fw_;                                                             \
            const size_t at_ = col_ + (size_t)fw_ * (d)->in_c;                                       \
            if (iw_ >= 0 && iw_ < (d)->in_w)                                                         \
              VISIT(at_, image_ + ih_ * row_stride_ + (size_t)iw_ * (d)->in_c, (size_t)(d)->in_c);   \
            else                                                                                     \
              PAD(at_, (size_t)(d)->in_c);                                                           \
          }                                                                                          \
        }                                                                                            \
      }                                                                                              \
    }                                                                                                \
  } while (0)

/* Rows [first, first + count) of x's im2col matrix into block. */
static void fill_block(const conv_dims* d, const float* x, float* block, size_t first, size_t count) {
#define COPY(col, pixel, n) memcpy(block + (col), x + (pixel), (n) * sizeof(float))
#define ZERO(col, n) memset(block + (col), 0, (n) * sizeof(float))
  FOR_EACH_RUN(d, first, count, COPY, ZERO);
#undef COPY
#undef ZERO
}

/* Adds rows [first, first + count) of an im2col-shaped block back into dx. */
static void add_block(const conv_dims* d, const float* block, float* dx, size_t first, size_t count) {
#define ADD(col, pixel, n)                                          \
  do {                                                              \
    float* out_ = dx + (pixel);                                     \
    const float* in_ = block + (col);                               \
    for (size_t i_ = 0; i_ < (n); i_++) out_[i_] += in_[i_];        \
  } while (0)
#define SKIP(col, n) ((void)(col), (void)(n))
  FOR_EACH_RUN(d, first, count, ADD, SKIP);
#undef ADD
#undef SKIP
}

/* Reads the arguments (a, b, out, dims) of `fn` (params names them) into arrays, their lengths and dims. */
static bool conv_args(napi_env env, napi_callback_info info, const char* fn, const char* params, float** arrays, conv_dims* d, size_t* lengths) {
  static const char* const names[3] = {"first input", "second input", "output"};
  napi_value argv[4];
  return get_args(env, info, 4, argv, fn, params) && get_f32s(env, argv, 3, names, arrays, lengths) && get_dims(env, argv[3], d);
}

static float* block_buffer(napi_env env, const conv_dims* d) {
  float* block = malloc(block_rows(d) * d->depth * sizeof(float));
  if (block == NULL) napi_throw_error(env, NULL, "conv: out of memory for the im2col block");
  return block;
}

/* y = im2col(x) · filter for the geometry d; false after throwing when out of memory. */
static bool forward(napi_env env, const conv_dims* d, const float* x, const float* filter, float* y) {
  const int k = (int)d->depth, co = d->out_c;
  if (pointwise(d)) {
    lrlab_sgemm(false, false, (int)d->rows, co, k, 1.0f, x, k, filter, co, 0.0f, y, co);
    return true;
  }
  if (lrlab_onednn_conv(d, x, filter, y)) return true;
  if (lrlab_direct_conv_fits(d)) {
    lrlab_direct_conv(d, x, filter, y);
    return true;
  }
  float* block = block_buffer(env, d);
  if (block == NULL) return false;
  for (size_t first = 0, step = block_rows(d); first < d->rows; first += step) {
    const size_t count = first + step <= d->rows ? step : d->rows - first;
    fill_block(d, x, block, first, count);
    lrlab_sgemm(false, false, (int)count, co, k, 1.0f, block, k, filter, co, 0.0f, y + first * co, co);
  }
  free(block);
  return true;
}

static napi_value conv2d(napi_env env, napi_callback_info info) {
  float* arrays[3];
  size_t lengths[3];
  conv_dims d;
  if (!conv_args(env, info, "conv2d", "x, filter, y, dims", arrays, &d, lengths)) return NULL;
  if (!check_length(env, lengths[0], image_size(&d), "x") || !check_length(env, lengths[1], d.depth * d.out_c, "filter") ||
      !check_length(env, lengths[2], d.rows * d.out_c, "y"))
    return NULL;
  forward(env, &d, arrays[0], arrays[1], arrays[2]);
  return NULL;
}

static napi_value conv2d_backprop_filter(napi_env env, napi_callback_info info) {
  float* arrays[3];
  size_t lengths[3];
  conv_dims d;
  if (!conv_args(env, info, "conv2dBackpropFilter", "x, dy, dW, dims", arrays, &d, lengths)) return NULL;
  const float *x = arrays[0], *dy = arrays[1];
  float* dw = arrays[2];
  if (!check_length(env, lengths[0], image_size(&d), "x") || !check_length(env, lengths[1], d.rows * d.out_c, "dy") ||
      !check_length(env, lengths[2], d.depth * d.out_c, "dW"))
    return NULL;
  const int k = (int)d.depth, co = d.out_c;
  if (pointwise(&d)) {
    lrlab_sgemm(true, false, k, co, (int)d.rows, 1.0f, x, k, dy, co, 0.0f, dw, co);
    return NULL;
  }
  /* Direct for rows of 16+ outputs; on 8×8 maps the GEMM was faster (measured, see direct-conv.c). */
  if (lrlab_direct_conv_fits(&d) && d.out_w >= 16 && lrlab_direct_conv_filter_grad(&d, x, dy, dw)) return NULL;
  float* block = block_buffer(env, &d);
  if (block == NULL) return NULL;
  for (size_t first = 0, step = block_rows(&d); first < d.rows; first += step) {
    const size_t count = first + step <= d.rows ? step : d.rows - first;
    fill_block(&d, x, block, first, count);
    lrlab_sgemm(true, false, k, co, (int)count, 1.0f, block, k, dy + first * co, co, first == 0 ? 0.0f : 1.0f, dw, co);
  }
  free(block);
  return NULL;
}

static napi_value conv2d_backprop_input(napi_env env, napi_callback_info info) {
  float* arrays[3];
  size_t lengths[3];
  conv_dims d;
  if (!conv_args(env, info, "conv2dBackpropInput", "dy, filter, dx, dims", arrays, &d, lengths)) return NULL;
  const float *dy = arrays[0], *filter = arrays[1];
  float* dx = arrays[2];
  if (!check_length(env, lengths[0], d.rows * d.out_c, "dy") || !check_length(env, lengths[1], d.depth * d.out_c, "filter") ||
      !check_length(env, lengths[2], image_size(&d), "dx"))
    return NULL;
  const int k = (int)d.depth, co = d.out_c;
  if (pointwise(&d)) {
    lrlab_sgemm(false, true, (int)d.rows, k, co, 1.0f, dy, co, filter, co, 0.0f, dx, k);
    return NULL;
  }
  /* On oneDNN the input gradient is one primitive, for every stride: no flipped filter to build. */
  if (lrlab_onednn_conv_input_grad(&d, dy, filter, dx)) return NULL;
  if (d.stride_h == 1 && d.stride_w == 1 && d.pad_top < d.f_h && d.pad_left < d.f_w) {
    /*
     * Stride 1: dx is the convolution of dy with the filter flipped in space and transposed in
     * channels, padded by f − 1 − pad: one GEMM with K = fh·fw·co per block and no col2im (the
     * col2im route multiplies with inner dimension co, 16 in a WRN-16-1's first stage, then adds
     * the whole im2col-sized result back).
     */
    const conv_dims t = {d.batch, d.out_h, d.out_w, co, d.in_h, d.in_w, d.f_h, d.f_w, 1, 1, d.f_h - 1 - d.pad_top, d.f_w - 1 - d.pad_left, d.in_c,
                         (size_t)d.batch * d.in_h * d.in_w, (size_t)d.f_h * d.f_w * co};
    float* flipped = malloc(d.depth * co * sizeof(float));
    if (flipped == NULL) {
      napi_throw_error(env, NULL, "conv2dBackpropInput: out of memory for the flipped filter");
      return NULL;
    }
    /* flipped[fh][fw][o][i] = filter[fH − 1 − fh][fW − 1 − fw][i][o] */
    for (int fh = 0; fh < d.f_h; fh++)
      for (int fw = 0; fw < d.f_w; fw++)
        for (int o = 0; o < co; o++)
          for (int i = 0; i < d.in_c; i++)
            flipped[(((size_t)fh * d.f_w + fw) * co + o) * d.in_c + i] =
                filter[(((size_t)(d.f_h - 1 - fh) * d.f_w + (d.f_w - 1 - fw)) * d.in_c + i) * co + o];
    forward(env, &t, dy, flipped, dx);
    free(flipped);
    return NULL;
  }
  float* block = block_buffer(env, &d);
  if (block == NULL) return NULL;
  memset(dx, 0, lengths[2] * sizeof(float));
  for (size_t first = 0, step = block_rows(&d); first < d.rows; first += step) {
    const size_t count = first + step <= d.rows ? step : d.rows - first;
    lrlab_sgemm(false, true, (int)count, k, co, 1.0f, dy + first * co, co, filter, co, 0.0f, block, k);
    add_block(&d, block, dx, first, count);
  }
  free(block);
  return NULL;
}

napi_value register_conv(napi_env env, napi_value exports) {
  napi_property_descriptor props[] = {
      {"conv2d", NULL, conv2d, NULL, NULL, NULL, napi_enumerable, NULL},
      {"conv2dBackpropFilter", NULL, conv2d_backprop_filter, NULL, NULL, NULL, napi_enumerable, NULL},
      {"conv2dBackpropInput", NULL, conv2d_backprop_input, NULL, NULL, NULL, napi_enumerable, NULL},
  };
  CHECK(napi_define_properties(env, exports, sizeof props / sizeof props[0], props));
  return exports;
}
